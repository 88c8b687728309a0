"""The idle timeout without a database write on every request.

SESSION_COOKIE_AGE is an idle timeout: a session must live on while it is used.
Saving it on every request (SESSION_SAVE_EVERY_REQUEST) did that at the cost of a
database write per page view. Instead a session in use is saved again, with a
fresh expiry, once its last save is SESSION_REFRESH_SECONDS old
(home.middleware.SessionMiddleware); sign-in counts as a save.
"""

import time

from django.conf import settings

# When the session's expiry was last pushed forward (seconds since the epoch).
REFRESHED_AT = "_refreshed_at"


def mark_refreshed(session) -> None:
    """Record a save that pushes the expiry forward (it marks the session modified)."""
    session[REFRESHED_AT] = int(time.time())


def is_due(session) -> bool:
    """The session's expiry was last pushed forward SESSION_REFRESH_SECONDS ago or more."""
    return time.time() - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS


def refreshed_on_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        mark_refreshed(request.session)

"""Throttling: of sign-ins (django-axes), and of other attempts an account makes.

Sign-in: a success clears only the failures of the username that signed in.

django-axes' own reset on success deletes every failure that shares any lockout
parameter with the success, the address included: an attacker who guessed a
victim's password four times and then signed in to their own account from the
same address wiped the victim's failures, and could guess forever. Failures for
one username therefore count whatever else succeeds, until that username signs
in or the cool-off passes.
"""

import datetime

from axes.utils import reset
from django.db.models import QuerySet


def forget_own_failures(sender, request, user, **kwargs) -> None:
    reset(username=user.get_username())


def over_limit(
    attempts: QuerySet, *, limit: int, window: datetime.timedelta, now: datetime.datetime
) -> bool:
    """Whether the attempts (rows with an `at`) made since `now - window` already
    reach `limit`. Counted in the database, so every app server sees the same count."""
    return attempts.filter(at__gt=now - window).count() >= limit

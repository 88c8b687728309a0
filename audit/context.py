"""Why a change happened, written on every history row saved meanwhile.

    with change_reason(gettext("Spreadsheet import (%(file)s)") % {"file": name}):
        ...  # every history row written here carries that reason

The user who made a change comes from the request (HistoryRequestMiddleware) or
from `instance._history_user`, which the services set from their `by` argument.
"""

import contextlib
import contextvars

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

# The history_change_reason column of django-simple-history holds 100 characters.
REASON_MAX_LENGTH = 100

_reason: contextvars.ContextVar[str] = contextvars.ContextVar("change_reason", default="")


@contextlib.contextmanager
def change_reason(text: str):
    token = _reason.set(str(text)[:REASON_MAX_LENGTH])
    try:
        yield
    finally:
        _reason.reset(token)


def current_reason() -> str:
    """The reason in force here (for history rows written in bulk, which send no signal)."""
    return _reason.get()


@receiver(pre_create_historical_record)
def _note_the_reason(sender, history_instance, **kwargs):
    # An empty reason rather than NULL, which the admin would print as "None".
    history_instance.history_change_reason = (
        history_instance.history_change_reason or _reason.get() or ""
    )

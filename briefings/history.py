"""The history the briefing's page shows: its changes (invitations included)
and the attendance recorded for it."""

from django.utils.translation import gettext as _

from audit.changes import HistoryEntry, Source, history_entries
from briefings.models import Attendance, Briefing


def briefing_history(briefing: Briefing, *, limit: int | None = None) -> list[HistoryEntry]:
    """The briefing's changes (invitations included) and the attendance recorded for it."""
    return history_entries(
        Source(Briefing.history.filter(id=briefing.pk)),
        Source(
            Attendance.history.filter(session__briefing_id=briefing.pk).select_related(
                "session__briefing"
            ),
            describe=_attendance_of,
        ),
        limit=limit,
    )


def _attendance_of(record) -> str:
    name = record.facilitator.name if record.facilitator else "?"
    return _("Attendance of %(facilitator)s") % {"facilitator": name}

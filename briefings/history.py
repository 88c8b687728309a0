"""The history the briefing's page shows: its changes (invitations included),
the attendance recorded for it and the requests to be excused with their
decisions, of the facilitators the user may see."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from accounts.areas import is_office
from assignments.selectors import posted_in_area
from audit.changes import HistoryEntry, Source, history_entries
from briefings.models import AbsenceRequest, Attendance, Briefing
from registry.models import Facilitator


def briefing_history(briefing: Briefing, user, *, limit: int | None = None) -> list[HistoryEntry]:
    """The briefing's changes (invitations included) and the attendance recorded for
    it. An account limited to an area reads the invitations of the facilitators
    posted there on the briefing's first day, and their attendance."""
    attendance = Attendance.history.filter(session__briefing_id=briefing.pk)
    requests = AbsenceRequest.history.filter(session__briefing_id=briefing.pk)
    related_only = {}
    if not is_office(user):
        attendance = attendance.filter(
            posted_in_area(user, OuterRef("session__date"), facilitator="facilitator")
        )
        requests = requests.filter(
            posted_in_area(user, OuterRef("session__date"), facilitator="facilitator")
        )
        first = briefing.sessions.order_by("date", "start_time").values("date")[:1]
        related_only["invitees"] = Facilitator.objects.filter(posted_in_area(user, Subquery(first)))
    return history_entries(
        Source(Briefing.history.filter(id=briefing.pk), related_only=related_only),
        # A row or more per invitee and session: with a limit, the newest only.
        Source(attendance.select_related("session__briefing"), describe=_attendance_of, large=True),
        # Requests to be excused and their decisions (who, when, why).
        Source(requests.select_related("facilitator"), describe=_request_of, large=True),
        limit=limit,
    )


def _attendance_of(record) -> str:
    name = record.facilitator.name if record.facilitator else "?"
    return _("Attendance of %(facilitator)s") % {"facilitator": name}


def _request_of(record) -> str:
    name = record.facilitator.name if record.facilitator else "?"
    return _("Request to be excused of %(facilitator)s") % {"facilitator": name}

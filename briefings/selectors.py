"""Reads other pages (the dashboard) and the briefing's page share."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.roles import RECORD_ATTENDANCE
from briefings.models import AbsenceRequest, Attendance, AttendanceTotals, Briefing, BriefingSession


def ended_by(now: datetime.datetime, *, prefix: str = "") -> Q:
    """Sessions over at `now`: after their end time on their date, in Asia/Jakarta."""
    local = timezone.localtime(now)
    return Q(**{f"{prefix}date__lt": local.date()}) | Q(
        **{f"{prefix}date": local.date(), f"{prefix}end_time__lte": local.time()}
    )


def last_attendance(
    user, now: datetime.datetime
) -> tuple[BriefingSession | None, AttendanceTotals | None]:
    """The last session over at `now` with attendance the user may see, and the
    attendance at its briefing's sessions over by then: a session still running
    (or to come) counts only once it has ended."""
    visible = Attendance.objects.visible_to(user).filter(ended_by(now, prefix="session__"))
    session = (
        BriefingSession.objects.filter(ended_by(now))
        .filter(Exists(visible.filter(session=OuterRef("pk"))))
        .select_related("briefing")
        .order_by("-date", "-start_time")
        .first()
    )
    if session is None:
        return None, None
    counts = visible.filter(session__briefing=session.briefing_id).status_counts()
    return session, AttendanceTotals.of(counts, expected=0)


# How many waiting requests the dashboard lists; more, and it says how many.
INBOX_SHOWN = 10


def _requests_for_list(user):
    return (
        AbsenceRequest.objects.visible_to(user)
        .select_related("facilitator", "session__briefing", "decided_by")
        .order_by("session__date", "session__start_time", "submitted_at", "pk")
    )


def absence_inbox(user) -> dict:
    """The requests to be excused of the user's area waiting for a decision, the
    soonest session first: how many, and the first INBOX_SHOWN."""
    waiting = _requests_for_list(user).filter(state=AbsenceRequest.State.PENDING)
    shown = list(waiting[: INBOX_SHOWN + 1])
    return {
        "requests": shown[:INBOX_SHOWN],
        "count": len(shown) if len(shown) <= INBOX_SHOWN else waiting.count(),
        "can_decide": user.has_perm(RECORD_ATTENDANCE),
    }


def absence_requests_of(briefing: Briefing, user) -> list[AbsenceRequest]:
    """The briefing's requests to be excused of the user's area, waiting and decided
    (a withdrawn one is no request), by session."""
    return list(
        _requests_for_list(user)
        .filter(session__briefing=briefing)
        .exclude(state=AbsenceRequest.State.WITHDRAWN)
    )

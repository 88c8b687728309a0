"""Reads other pages (the dashboard) take from the briefings."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from briefings.models import Attendance, AttendanceTotals, BriefingSession


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

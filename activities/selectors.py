"""The reads the staff pages, the recap and the reminders share."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import (
    ActivityEntry,
    MonthlyReport,
    ReportingSettings,
    month_end,
    month_start,
)
from assignments.models import Assignment
from registry.fields import name_sort_key

# What a cell of the matrix says; the report's own states, and two more.
NOT_STARTED = "not_started"
LATE = "late"
CELL_LABELS = {
    NOT_STARTED: _("Not started"),
    LATE: _("Late"),
    **dict(MonthlyReport.State.choices),
}
SUBMITTED_STATES = {
    MonthlyReport.State.SUBMITTED,
    MonthlyReport.State.VERIFIED,
    MonthlyReport.State.APPROVED,
}


def postings_during(start: datetime.date, end: datetime.date):
    """Postings in force on at least one day from start to end."""
    return Assignment.objects.filter(start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )


def cell_state(state: str | None, month: datetime.date, *, today, deadline) -> str:
    """The state a month's report shows: a missing or draft report past its deadline is late."""
    if state in (None, MonthlyReport.State.DRAFT) and today > deadline:
        return LATE
    return state or NOT_STARTED


@dataclass
class Cell:
    month: datetime.date
    posted: bool
    state: str = ""
    label: str = ""
    late: bool = False  # submitted after the deadline
    report_pk: int | None = None


@dataclass
class MatrixRow:
    facilitator_pk: int
    name: str
    kelurahan: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class MatrixGroup:
    kecamatan: str
    rows: list[MatrixRow] = field(default_factory=list)


@dataclass
class Matrix:
    months: list[datetime.date]
    groups: list[MatrixGroup]
    verified_per_month: list[int]


def report_matrix(year: int, *, today: datetime.date, user, kecamatan=None) -> Matrix:
    """Facilitator x month of one year, by kecamatan: three queries, whatever the size.

    A facilitator belongs to the kecamatan of their latest posting in the year;
    a month in which they were not posted, or that has not begun, is empty. For
    an account limited to an area only the postings in its area count: a
    facilitator who left it keeps the months they were posted there.
    """
    months = [datetime.date(year, number, 1) for number in range(1, 13)]
    start, end = months[0], month_end(months[-1])
    in_year = postings_during(start, end).visible_to(user)
    postings = in_year.select_related("facilitator", "kelurahan__kecamatan")
    if kecamatan is not None:
        postings = postings.filter(
            facilitator__in=in_year.filter(kelurahan__kecamatan=kecamatan).values("facilitator")
        )
    postings = list(postings.order_by("facilitator_id", "start_date"))
    facilitator_ids = {posting.facilitator_id for posting in postings}
    reports = {
        (facilitator, month): (pk, state, late)
        for pk, facilitator, month, state, late in MonthlyReport.objects.filter(
            month__gte=start, month__lte=end, facilitator__in=facilitator_ids
        ).values_list("pk", "facilitator_id", "month", "state", "late")
    }
    deadlines = ReportingSettings.load()

    by_facilitator: dict[int, list] = {}
    for posting in postings:
        by_facilitator.setdefault(posting.facilitator_id, []).append(posting)
    groups: dict[str, MatrixGroup] = {}
    verified = [0] * 12
    for facilitator_id, own in by_facilitator.items():
        latest = own[-1]
        row = MatrixRow(facilitator_id, latest.facilitator.name, latest.kelurahan.name)
        for index, month in enumerate(months):
            posted = month <= today and any(
                p.start_date <= month_end(month) and (p.end_date is None or p.end_date >= month)
                for p in own
            )
            cell = Cell(month, posted)
            if posted:
                pk, state, late = reports.get((facilitator_id, month), (None, None, False))
                cell.report_pk, cell.late = pk, late
                cell.state = cell_state(
                    state, month, today=today, deadline=deadlines.deadline_of(month)
                )
                cell.label = str(CELL_LABELS[cell.state])
                if state == MonthlyReport.State.VERIFIED:
                    verified[index] += 1
            row.cells.append(cell)
        key = f"{latest.kelurahan.kecamatan.code} {latest.kelurahan.kecamatan.name}"
        groups.setdefault(key, MatrixGroup(latest.kelurahan.kecamatan.name)).rows.append(row)
    ordered = [groups[key] for key in sorted(groups)]
    for group in ordered:
        group.rows.sort(key=lambda row: (row.kelurahan, name_sort_key(row.name)))
    return Matrix(months, ordered, verified)


def latest_activities(kelurahan, *, limit: int = 5):
    """The latest finished activities in a kelurahan, for its page."""
    return (
        ActivityEntry.objects.finished()
        .filter(kelurahan=kelurahan)
        .select_related("kind", "facilitator")
        .order_by("-date", "-pk")[:limit]
    )


def facilitators_to_remind(month: datetime.date, *, today: datetime.date):
    """Facilitators posted during the month whose report is not submitted yet."""
    posted = postings_during(month_start(month), month_end(month)).values("facilitator")
    done = MonthlyReport.objects.filter(month=month, state__in=SUBMITTED_STATES).values(
        "facilitator"
    )
    from registry.models import Facilitator

    return (
        Facilitator.objects.filter(pk__in=posted)
        .active_on(today)
        .exclude(pk__in=done)
        .select_related("user")
        .by_name()
    )


def kelurahan_panel(kelurahan, user) -> dict:
    """The latest activities section of the kelurahan page."""
    from accounts.roles import VIEW_REPORTS

    if not user.has_perm(VIEW_REPORTS):
        return {"template": "activities/_kelurahan_panel.html", "entries": None}
    return {
        "template": "activities/_kelurahan_panel.html",
        "entries": list(latest_activities(kelurahan)),
    }

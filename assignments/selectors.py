"""Reads about postings that pages, forms, reports and the dashboard share.

Each takes the day it is about: only the edge (a view, a command) asks for
today in Asia/Jakarta. "Posted", "in reserve" and "inactive" are defined once,
here, as conditions that filters, counts and labels all use.
"""

import datetime
import functools
from dataclasses import dataclass
from itertools import groupby

from django.core.cache import cache
from django.db import connection, models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from accounts.areas import area_of
from assignments.models import Assignment
from registry.models import (
    Deactivation,
    Facilitator,
    Kelurahan,
    active_condition,
    joined_condition,
)


class FacilitatorStatus(models.TextChoices):
    POSTED = "current", _("Posted")
    RESERVE = "reserve", _("In reserve")
    INACTIVE = "inactive", _("Inactive")


def posted_in_area(user, day, until=None, *, facilitator: str = "pk") -> Q:
    """The area rule for people: rows whose facilitator was posted in the user's
    area on the day, or on some day from `day` to `until`. No condition for the
    office (the whole register, the reserve included).

    `facilitator` names the facilitator's key in the rows filtered ("pk" for
    facilitators themselves, "facilitator" for attendance, reports, contracts).
    `day` and `until` may be expressions, such as OuterRef("session__date"), to
    ask about each row's own day. One correlated subquery: no query per row.
    """
    if area_of(user).whole:
        return Q()
    postings = Assignment.objects.visible_to(user).filter(facilitator=OuterRef(facilitator))
    return Q(Exists(postings.overlapping(day, day if until is None else until)))


def facilitators_visible_to(user, day: datetime.date) -> models.QuerySet:
    """The facilitators the user may see on the day: everyone for the office, those
    posted in the area for an account limited to one (never the reserve)."""
    return Facilitator.objects.filter(posted_in_area(user, day))


def posted_in_area_during_month(user, month, *, facilitator: str = "pk") -> Q:
    """`posted_in_area` for a month given by its first day, which may be an
    expression such as OuterRef("month"): posted in the area on at least one of
    its days."""
    if area_of(user).whole:
        return Q()
    postings = (
        Assignment.objects.visible_to(user)
        .filter(facilitator=OuterRef(facilitator))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=month))
        .annotate(start_month=TruncMonth("start_date"))
        .filter(start_month__lte=month)
    )
    return Q(Exists(postings))


def with_facilitator_visible(postings: models.QuerySet, user, day) -> models.QuerySet:
    """Postings annotated with `facilitator_visible`: whether the user may open their
    facilitator's page on the day (pages link a name only then)."""
    condition = posted_in_area(user, day, facilitator="facilitator")
    if not condition:
        return postings.annotate(facilitator_visible=Value(True))
    return postings.annotate(
        facilitator_visible=models.ExpressionWrapper(condition, output_field=models.BooleanField())
    )


def posted_condition(day: datetime.date) -> Q:
    """The facilitator has a posting in force on the day."""
    return Q(Exists(Assignment.objects.on(day).filter(facilitator=OuterRef("pk"))))


def status_conditions(day: datetime.date) -> dict[str, Q]:
    """Who has each status on the day. A facilitator who had not joined by then
    has none of them."""
    posted, active = posted_condition(day), active_condition(day)
    return {
        FacilitatorStatus.POSTED: posted,
        # Active, in the register and not posted: waiting for a kelurahan.
        FacilitatorStatus.RESERVE: active & joined_condition(day) & ~posted,
        FacilitatorStatus.INACTIVE: ~active & ~posted,
    }


def status_condition(status: str, day: datetime.date) -> Q:
    return status_conditions(day)[status]


def with_status(facilitators: models.QuerySet, day: datetime.date) -> models.QuerySet:
    """Facilitators annotated with `status` (a FacilitatorStatus value, or None
    before they joined) on the day."""
    conditions = status_conditions(day)  # built once for the three
    return facilitators.annotate(
        status=Case(
            *[When(conditions[s], then=Value(s)) for s in FacilitatorStatus],
            default=None,
            output_field=models.CharField(),
        )
    )


def with_status_filter(
    facilitators: models.QuerySet, status: str, day: datetime.date
) -> models.QuerySet:
    return facilitators.filter(status_condition(status, day))


def in_reserve(day: datetime.date) -> models.QuerySet:
    """Facilitators in reserve on the day."""
    return with_status_filter(Facilitator.objects.all(), FacilitatorStatus.RESERVE, day)


def with_posting_on(facilitators: models.QuerySet, day: datetime.date) -> models.QuerySet:
    """Facilitators with `kelurahan_name`, `kelurahan_code` and `kecamatan_name` of
    their posting in force on the day (empty when they have none)."""
    posting = Assignment.objects.on(day).filter(facilitator=OuterRef("pk"))
    return facilitators.annotate(
        kelurahan_name=models.Subquery(posting.values("kelurahan__name")[:1]),
        kelurahan_code=models.Subquery(posting.values("kelurahan__code")[:1]),
        kecamatan_name=models.Subquery(posting.values("kelurahan__kecamatan__name")[:1]),
    )


def with_postings_ahead(kelurahan: models.QuerySet, day: datetime.date, user) -> list:
    """The kelurahan, each with `current_posting` (in force on the day, or None)
    and `scheduled_postings` (starting later), in two queries; each posting says
    whether the user may open its facilitator's page."""
    postings = Assignment.objects.from_day_on(day).with_state(day).select_related("facilitator")
    rows = list(
        kelurahan.select_related("kecamatan").prefetch_related(
            models.Prefetch(
                "assignments",
                queryset=with_facilitator_visible(postings, user, day).order_by("start_date"),
                to_attr="postings_ahead",
            )
        )
    )
    for row in rows:
        row.current_posting = next((p for p in row.postings_ahead if p.in_force), None)
        row.scheduled_postings = [p for p in row.postings_ahead if p.scheduled]
    return rows


def without_facilitator(kelurahan: models.QuerySet, day: datetime.date) -> models.QuerySet:
    """Kelurahan with no posting in force on the day."""
    posted = Assignment.objects.on(day).filter(kelurahan=OuterRef("pk"))
    return kelurahan.filter(~Exists(posted))


def free_from(kelurahan_or_facilitator, day: datetime.date) -> datetime.date | None:
    """The first day from `day` on when a kelurahan (or facilitator) has no posting:
    the day itself, the day after a scheduled release, or None while a posting
    stays open."""
    postings = kelurahan_or_facilitator.assignments.from_day_on(day).order_by("start_date")
    free = day
    for posting in postings:
        if posting.start_date > free:
            break
        if posting.end_date is None:
            return None
        free = posting.end_date + datetime.timedelta(days=1)
    return free


@dataclass(frozen=True)
class Coverage:
    """How many kelurahan of the user's area have a facilitator on a day, and how
    many facilitators wait in reserve (None for an area: the reserve is the office's)."""

    kelurahan: int
    covered: int
    in_reserve: int | None

    @property
    def uncovered(self) -> int:
        return self.kelurahan - self.covered


def coverage(day: datetime.date, user, version: tuple | None = None) -> Coverage:
    """The counts on the day over the user's area, kept per register version, day
    and area (counting every row on each page view is what a national register
    cannot afford). A caller that has read the register's version already passes it."""
    version = "-".join(map(str, version or register_version()))
    return cache.get_or_set(
        f"coverage:{day.isoformat()}:{version}:{area_of(user).key}",
        lambda: _count_coverage(day, user),
        timeout=60,
    )


def _count_coverage(day: datetime.date, user) -> Coverage:
    office = area_of(user).whole
    return Coverage(
        kelurahan=Kelurahan.objects.visible_to(user).count(),
        # One posting per kelurahan on a day.
        covered=Assignment.objects.visible_to(user).on(day).count(),
        in_reserve=in_reserve(day).count() if office else None,
    )


# The models whose changes change the roster and the dashboard's counts.
REGISTER_MODELS = (Assignment, Facilitator, Deactivation, Kelurahan)


def register_version() -> tuple[int | None, ...]:
    """Changes whenever a posting, facilitator, deactivation or kelurahan is saved
    or deleted.

    Every such write adds a history row, so the newest history ids say whether a
    page built earlier is still true. They are read in one round trip, each from
    its primary-key index, because every view of the roster and the dashboard asks.
    What also depends on the day keeps the day in its cache key.
    """
    with connection.cursor() as cursor:
        cursor.execute(_register_version_sql())
        return tuple(cursor.fetchone())


@functools.cache
def _register_version_sql() -> str:
    quote = connection.ops.quote_name
    newest = (
        f"(SELECT MAX({quote('history_id')}) FROM {quote(model.history.model._meta.db_table)})"
        for model in REGISTER_MODELS
    )
    return "SELECT " + ", ".join(newest)


def by_kecamatan(kelurahan) -> list[tuple]:
    """(kecamatan, [kelurahan, ...]) pairs of kelurahan ordered by kecamatan."""
    return [
        (kecamatan, list(rows)) for kecamatan, rows in groupby(kelurahan, lambda k: k.kecamatan)
    ]

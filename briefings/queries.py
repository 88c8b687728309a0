"""Reads that join briefings with the posting history."""

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, QuerySet, Subquery, Value
from django.utils import timezone

from assignments.models import Assignment
from assignments.selectors import posted_in_area, with_posting_on
from briefings.models import Briefing
from registry.models import Facilitator


def invitees_with_kelurahan(briefing: Briefing, day: datetime.date | None, user) -> QuerySet:
    """The briefing's invitees the user may see (those posted in their area on
    `day`), by name, each with `kelurahan_name` and `kecamatan_name`: where they
    were posted on `day` (today when None), and `page_visible`: whether the user
    may open their page today."""
    today = timezone.localdate()
    day = day or today
    postings = Assignment.objects.filter(facilitator=OuterRef("pk"))
    postings = postings.on(day)
    postings = postings.order_by("-start_date")
    visible_today = posted_in_area(user, today)
    return (
        Facilitator.objects.filter(briefings=briefing)
        .filter(posted_in_area(user, day))
        .annotate(
            kelurahan_name=Subquery(postings.values("kelurahan__name")[:1]),
            kecamatan_name=Subquery(postings.values("kelurahan__kecamatan__name")[:1]),
            page_visible=ExpressionWrapper(visible_today, output_field=BooleanField())
            if visible_today
            else Value(True),
        )
        .by_name()
    )


def invitees_page(
    briefing: Briefing, day: datetime.date | None, user, number, per_page: int
) -> Page:
    """Page `number` of `invitees_with_kelurahan`, its total counted on the invitations
    alone: only the page's facilitators are read, not each invitee's to count them."""
    day = day or timezone.localdate()
    paginator = Paginator(invitees_with_kelurahan(briefing, day, user), per_page)
    paginator.count = (  # the paginator's own count, given
        Briefing.invitees.through.objects.filter(briefing=briefing)
        .filter(posted_in_area(user, day, facilitator="facilitator"))
        .count()
    )
    return paginator.get_page(number)


# Results of the invitees page's search: enough to find someone, never the register.
CANDIDATES_SHOWN = 20


def invitee_candidates(briefing: Briefing | None, words: str, day: datetime.date) -> QuerySet:
    """Facilitators active on the day whose name holds the words, not yet invited,
    with their posting on the day (`kelurahan_name`, `kecamatan_name`), by name."""
    people = Facilitator.objects.active_on(day).filter(name__icontains=words.strip())
    if briefing is not None and briefing.pk:
        people = people.exclude(briefings=briefing)
    return with_posting_on(people, day).by_name()

"""Reads that join briefings with the posting history."""

import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from assignments.models import Assignment
from briefings.models import Briefing
from registry.models import Facilitator


def invitees_with_kelurahan(briefing: Briefing, day: datetime.date | None) -> QuerySet:
    """The briefing's invitees by name, each with `kelurahan_name` and
    `kecamatan_name`: where they were posted on `day` (today when None)."""
    postings = Assignment.objects.filter(facilitator=OuterRef("pk"))
    postings = postings.on(day or timezone.localdate())
    postings = postings.order_by("-start_date")
    return (
        Facilitator.objects.filter(briefings=briefing)
        .annotate(
            kelurahan_name=Subquery(postings.values("kelurahan__name")[:1]),
            kecamatan_name=Subquery(postings.values("kelurahan__kecamatan__name")[:1]),
        )
        .order_by("name", "pk")
    )

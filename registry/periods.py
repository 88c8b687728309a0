"""Periods from a start date to an end date, open while they last: postings and
deactivations. What "in force on a day" and "overlapping" mean is said once, here."""

import datetime

from django.db import models
from django.db.models import Q


def in_force_on(day: datetime.date, *, through: str = "") -> Q:
    """In force on day D: started on or before D and not ended before D.

    `through` names the relation when the periods are reached from another model.
    """
    return Q(**{f"{through}start_date__lte": day}) & (
        Q(**{f"{through}end_date__isnull": True}) | Q(**{f"{through}end_date__gte": day})
    )


def overlapping(start: datetime.date, end: datetime.date | None) -> Q:
    """Periods that share at least one day with [start, end] (end None: open)."""
    overlap = Q(end_date__isnull=True) | Q(end_date__gte=start)
    if end is not None:
        overlap &= Q(start_date__lte=end)
    return overlap


class PeriodQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        """In force on the day."""
        return self.filter(in_force_on(day))

    def from_day_on(self, day: datetime.date):
        """In force on the day or beginning after it."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day))

    def starting_after(self, day: datetime.date):
        """Scheduled: beginning after the day."""
        return self.filter(start_date__gt=day)

    def overlapping(self, start: datetime.date, end: datetime.date | None):
        return self.filter(overlapping(start, end))

    def open_ended(self):
        """With no end date yet."""
        return self.filter(end_date__isnull=True)

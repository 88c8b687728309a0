"""The history each staff page shows: a record together with the records that hang on it."""

from django.utils.translation import gettext as _

from assignments.models import Assignment
from audit.changes import HistoryEntry, Source, added_sources, history_entries
from registry.models import Facilitator, Institution, Kelurahan


def facilitator_history(
    facilitator: Facilitator, *, user=None, limit: int | None = None
) -> list[HistoryEntry]:
    """The facilitator's own changes and those of their postings; for a user, also
    those the apps above add that the user may read (their contracts, evaluations and
    payment details: `contracts.history`)."""
    return history_entries(
        Source(Facilitator.history.filter(id=facilitator.pk)),
        Source(
            Assignment.history.filter(facilitator_id=facilitator.pk).select_related("kelurahan"),
            describe=_posting_to,
        ),
        *added_sources(facilitator, user),
        limit=limit,
    )


def kelurahan_history(kelurahan: Kelurahan, *, limit: int | None = None) -> list[HistoryEntry]:
    """The kelurahan's changes, its institutions' and the postings to it."""
    return history_entries(
        Source(Kelurahan.history.filter(id=kelurahan.pk)),
        Source(
            Institution.history.filter(kelurahan_id=kelurahan.pk),
            describe=lambda record: f"{record.kind} {record.name}",
        ),
        Source(
            Assignment.history.filter(kelurahan_id=kelurahan.pk).select_related("facilitator"),
            describe=_posting_of,
        ),
        limit=limit,
    )


def _posting_to(record) -> str:
    name = record.kelurahan.name if record.kelurahan else "?"
    return _("Posting to %(kelurahan)s") % {"kelurahan": name}


def _posting_of(record) -> str:
    name = record.facilitator.name if record.facilitator else "?"
    return _("Posting of %(facilitator)s") % {"facilitator": name}

"""A record's history as rows people read: when, who, which fields changed
from what to what.

django-simple-history keeps a full copy of a record at every create, change
and delete. `history_entries()` compares each copy with the one before it and
returns plain rows that a template shows as they are. It runs a fixed number
of queries whatever the data: one per source (related records are joined in),
one per tracked many-to-many field (the pks of its set at each version), and,
when the changes shown include such a set's, one for the names of those who
joined or left it:

    entries = history_entries(
        Source(Facilitator.history.filter(id=facilitator.pk)),
        Source(Assignment.history.filter(facilitator_id=facilitator.pk), describe=...),
        limit=10,
    )

Several sources are merged, newest first, so one page can show the changes of
a facilitator together with those of their postings. A source whose records grow
with the data (`large`: a briefing's attendance) reads, with a limit, only its
newest records and the one before each (unless saves without a change crowd them
out, when it reads them all after all).
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format, number_format, time_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from registry.masking import MASKED_FIELDS

# How many changes a record's own page shows; its history page shows them all.
HISTORY_ON_PAGE = 10

CREATED = _("Created")
CHANGED = _("Changed")
DELETED = _("Deleted")
ACTIONS = {"+": CREATED, "~": CHANGED, "-": DELETED}
NOBODY = _("System")
YES, NO = _("Yes"), _("No")
GONE = _("#%(pk)s (deleted)")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    action: str
    record: str
    changes: tuple[FieldChange, ...]
    reason: str = ""
    kind: str = "~"  # "+" created, "~" changed, "-" deleted


@dataclass
class Source:
    """Historical records of one model, and how to name the record a row is about."""

    records: models.QuerySet
    describe: Callable[[models.Model], str] | None = None
    # Fields left out of the comparison, beside the ones the model does not let people edit.
    exclude: Iterable[str] = field(default_factory=tuple)
    # Many-to-many fields told only for some related records, by name: the
    # invitations of the facilitators of an area, say.
    related_only: dict[str, models.QuerySet] = field(default_factory=dict)
    # How the app that owns a field writes its value (an amount in rupiah), by name.
    formats: dict[str, Callable[[object], str]] = field(default_factory=dict)
    # Records that grow with the data (a briefing's attendance: a row or more per
    # invitee and session). With a limit only the newest are read, each with the one
    # before it, not all of them.
    large: bool = False


# The history of a record of the register may gather records of apps above the
# history pages (a facilitator's contracts and payment details): those apps add
# them in their AppConfig.ready() with `add_sources`, so nothing here imports them.
# A provider takes the record and the signed-in user and returns the sources that
# user may read (none at all when they may not).
SourceProvider = Callable[[models.Model, AbstractBaseUser], list[Source]]
_providers: dict[type[models.Model], list[SourceProvider]] = defaultdict(list)


def add_sources(model: type[models.Model], provider: SourceProvider) -> None:
    """Have a record's history include the sources the provider gives (once)."""
    if provider not in _providers[model]:
        _providers[model].append(provider)


def added_sources(record: models.Model, user: AbstractBaseUser | None) -> list[Source]:
    """The sources other apps add to this record's history, as this user may read
    them; none without a user."""
    if user is None:
        return []
    return [source for provider in _providers[type(record)] for source in provider(record, user)]


def history_entries(*sources: Source, limit: int | None = None) -> list[HistoryEntry]:
    found: list[tuple[models.Model, list, Callable]] = []
    for source in sources:
        found += _changes_of(source, limit)
    found.sort(key=lambda item: (item[0].history_date, item[0].history_id), reverse=True)
    if limit is not None:
        found = found[:limit]
    _name_the_sets([changes for _record, changes, _describe in found])
    return [
        HistoryEntry(
            when=record.history_date,
            who=_person(record.history_user),
            action=str(ACTIONS.get(record.history_type, CHANGED)),
            record=describe(record),
            changes=tuple(changes),
            reason=record.history_change_reason or "",
            kind=record.history_type,
        )
        for record, changes, describe in found
    ]


def _changes_of(source: Source, limit: int | None = None) -> list[tuple]:
    """(record, changes, describe) of the source's records that tell a change, oldest
    first; of a large source with a limit, those among its newest `limit` records."""
    history_model = source.records.model
    model = history_model.instance_type
    excluded = set(source.exclude)
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.editable
        and not f.primary_key
        and f.name not in excluded
        and _tracked(history_model, f)
    ]
    key_name = model._meta.pk.attname
    newest = limit is not None and source.large
    records = _newest_with_previous(source.records, key_name, limit) if newest else source.records
    # Related records come in the same query: the count of queries never depends on the
    # data. Sorted here: an ORDER BY costs more to write than the sort of these rows.
    relations = [f.name for f in fields if f.is_relation]
    records = sorted(
        records.select_related("history_user", *relations).order_by(),
        key=lambda record: (record.history_date, record.history_id),
    )
    if not records:
        return []
    # Of a large source, the newest `limit` records are told; those before them were
    # read only to compare them with (each is older than all of the newest).
    told_from = max(len(records) - limit, 0) if newest else 0
    many = _many_to_many_values(history_model, model, records, source.related_only)
    describe = source.describe or (lambda record: capfirst(model._meta.verbose_name))

    found = []
    previous_of: dict[object, models.Model] = {}
    for index, record in enumerate(records):
        key = getattr(record, key_name)
        before = previous_of.get(key)
        previous_of[key] = record
        if index < told_from:
            continue
        changes = []
        if record.history_type != "-":
            for f in fields:
                new = getattr(record, f.attname)
                old = getattr(before, f.attname) if before is not None else None
                if (before is None and new in (None, "")) or (before is not None and old == new):
                    continue
                changes.append(
                    FieldChange(
                        field=capfirst(str(f.verbose_name)),
                        old=_display(f, old, before, source.formats),
                        new=_display(f, new, record, source.formats),
                    )
                )
            for m2m, values in many.items():
                new = values.get(record.history_id, frozenset())
                old = values.get(before.history_id, frozenset()) if before else frozenset()
                if old != new:
                    # A set is told by what left it and what joined it.
                    changes.append(_SetChange(m2m, left=old - new, joined=new - old))
            if record.history_type == "~" and before is not None and not changes:
                continue  # saved without a change: nothing to tell
        found.append((record, changes, describe))
    if newest and len(found) < limit and len(records) - told_from == limit:
        # Saves without a change crowd the newest records: the rest are read after all.
        return _changes_of(source)
    return found


def _newest_with_previous(records: models.QuerySet, key_name: str, limit: int):
    """The newest `limit` of the records, and the record before each of them (of the
    same object), in one query."""
    newest_first = records.order_by("-history_date", "-history_id")
    earlier = (
        records.filter(**{key_name: OuterRef(key_name)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
    )
    previous = newest_first.annotate(previous=Subquery(earlier.values("history_id")[:1]))
    return records.filter(
        Q(history_id__in=newest_first.values("history_id")[:limit])
        | Q(history_id__in=previous.values("previous")[:limit])
    )


def _tracked(history_model, f: models.Field) -> bool:
    try:
        history_model._meta.get_field(f.name)
    except FieldDoesNotExist:
        return False
    return True


def _many_to_many_values(history_model, model, records, related_only) -> dict:
    """For each tracked many-to-many field: history_id -> the related pks (the names
    of those told come later, `_name_the_sets`)."""
    values = {}
    for m2m in getattr(history_model, "_history_m2m_fields", ()):
        through = history_model._meta.get_field(
            f"historical{model._meta.model_name}_{m2m.name}"
        ).related_model
        target = m2m.m2m_reverse_field_name()
        by_record: dict[int, set] = defaultdict(set)
        rows = through.objects.filter(history_id__in=[r.history_id for r in records])
        if m2m.name in related_only:
            rows = rows.filter(**{f"{target}__in": related_only[m2m.name]})
        # The pks alone: a set may hold thousands (a briefing's invitees, at each change).
        for history_id, pk in rows.order_by().values_list("history_id", target):
            by_record[history_id].add(pk)
        values[m2m] = {k: frozenset(v) for k, v in by_record.items()}
    return values


@dataclass(frozen=True)
class _SetChange:
    """Who left a many-to-many set and who joined it, by pk: named once the entries to
    show are known (`_name_the_sets`)."""

    field: models.ManyToManyField
    left: frozenset
    joined: frozenset


def _name_the_sets(changes_of_entries: list[list]) -> None:
    """Replace each set's change with who left it and who joined it, by name: one
    query per many-to-many field, only when a change of its set is shown."""
    wanted: dict[models.ManyToManyField, set] = defaultdict(set)
    for changes in changes_of_entries:
        for change in changes:
            if isinstance(change, _SetChange):
                wanted[change.field] |= change.left | change.joined
    names = {
        m2m: {obj.pk: str(obj) for obj in m2m.related_model._base_manager.filter(pk__in=pks)}
        for m2m, pks in wanted.items()
    }

    def name(m2m, pk) -> str:
        return names[m2m][pk] if pk in names[m2m] else str(GONE) % {"pk": pk}

    for changes in changes_of_entries:
        for index, change in enumerate(changes):
            if isinstance(change, _SetChange):
                changes[index] = FieldChange(
                    field=capfirst(str(change.field.verbose_name)),
                    old=", ".join(sorted(name(change.field, pk) for pk in change.left)),
                    new=", ".join(sorted(name(change.field, pk) for pk in change.joined)),
                )


def _person(user) -> str:
    if user is None:
        return str(NOBODY)
    return user.get_full_name() or user.get_username()


def _display(f: models.Field, value, record, formats) -> str:
    if value is None or value == "":
        return ""
    if f.name in formats:
        return formats[f.name](value)
    if f.is_relation:
        related = getattr(record, f.name, None)
        if related is None:
            return str(GONE) % {"pk": value}
        return _person(related) if isinstance(related, AbstractBaseUser) else str(related)
    if f.name in MASKED_FIELDS:
        return MASKED_FIELDS[f.name](value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, Decimal):
        return number_format(value)  # 78,00 in Indonesian
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, datetime.time):
        return time_format(value, "H:i")
    return str(value)

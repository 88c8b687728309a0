"""A record's history as rows people read: when, who, which fields changed
from what to what.

django-simple-history keeps a full copy of a record at every create, change
and delete. `history_entries()` compares each copy with the one before it and
returns plain rows that a template shows as they are. It runs a fixed number
of queries whatever the data: one per source (related records are joined in)
and one per tracked many-to-many field:

    entries = history_entries(
        Source(Facilitator.history.filter(id=facilitator.pk)),
        Source(Assignment.history.filter(facilitator_id=facilitator.pk), describe=...),
        limit=10,
    )

Several sources are merged, newest first, so one page can show the changes of
a facilitator together with those of their postings.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
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
    found: list[tuple[models.Model, list[FieldChange], Callable]] = []
    for source in sources:
        found += _changes_of(source)
    found.sort(key=lambda item: (item[0].history_date, item[0].history_id), reverse=True)
    if limit is not None:
        found = found[:limit]
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


def _changes_of(source: Source) -> list[tuple[models.Model, list[FieldChange], Callable]]:
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
    # Related records come in the same query: the count of queries never depends on the data.
    relations = [f.name for f in fields if f.is_relation]
    records = list(
        source.records.select_related("history_user", *relations).order_by(
            "history_date", "history_id"
        )
    )
    if not records:
        return []
    many = _many_to_many_values(history_model, model, records, source.related_only)
    describe = source.describe or (lambda record: capfirst(model._meta.verbose_name))

    found = []
    previous_of: dict[object, models.Model] = {}
    for record in records:
        key = getattr(record, model._meta.pk.attname)
        before = previous_of.get(key)
        previous_of[key] = record
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
            for m2m, (values, names) in many.items():
                new = values.get(record.history_id, frozenset())
                old = values.get(before.history_id, frozenset()) if before else frozenset()
                if old != new:
                    # A set is told by what left it and what joined it.
                    changes.append(
                        FieldChange(
                            field=capfirst(str(m2m.verbose_name)),
                            old=", ".join(sorted(names[pk] for pk in old - new)),
                            new=", ".join(sorted(names[pk] for pk in new - old)),
                        )
                    )
            if record.history_type == "~" and before is not None and not changes:
                continue  # saved without a change: nothing to tell
        found.append((record, changes, describe))
    return found


def _tracked(history_model, f: models.Field) -> bool:
    try:
        history_model._meta.get_field(f.name)
    except FieldDoesNotExist:
        return False
    return True


def _many_to_many_values(history_model, model, records, related_only) -> dict:
    """For each tracked many-to-many field: (history_id -> related pks, pk -> name)."""
    values = {}
    for m2m in getattr(history_model, "_history_m2m_fields", ()):
        through = history_model._meta.get_field(
            f"historical{model._meta.model_name}_{m2m.name}"
        ).related_model
        target = m2m.m2m_reverse_field_name()
        by_record: dict[int, set] = defaultdict(set)
        names: dict = {}
        rows = through.objects.filter(history_id__in=[r.history_id for r in records])
        if m2m.name in related_only:
            rows = rows.filter(**{f"{target}__in": related_only[m2m.name]})
        for row in rows.select_related(target):
            pk = getattr(row, f"{target}_id")
            by_record[row.history_id].add(pk)
            related = getattr(row, target)
            names[pk] = str(related) if related is not None else str(GONE) % {"pk": pk}
        values[m2m] = ({k: frozenset(v) for k, v in by_record.items()}, names)
    return values


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

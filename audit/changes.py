"""A record's history as rows people read: when, who, which fields changed
from what to what.

django-simple-history keeps a full copy of a record at every create, change
and delete. `history_entries()` compares each copy with the one before it and
returns plain rows that a template shows as they are (it runs a fixed number
of queries: one per source, one per many-to-many field, one per related model
named in a change):

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

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

CREATED = _("Created")
CHANGED = _("Changed")
DELETED = _("Deleted")
ACTIONS = {"+": CREATED, "~": CHANGED, "-": DELETED}
NOBODY = _("System")
YES, NO = _("Yes"), _("No")
GONE = _("#%(pk)s (deleted)")


def mask_nik(value: str) -> str:
    """A NIK as lists show it: only the last four digits."""
    return "•" * 12 + value[-4:] if value else ""


# Personal data that history shows masked, as lists do (field name -> mask).
MASKED_FIELDS: dict[str, Callable[[str], str]] = {"nik": mask_nik}


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


def history_entries(*sources: Source, limit: int | None = None) -> list[HistoryEntry]:
    pending: list[tuple[models.Model, list[tuple[models.Field, object, object]], str]] = []
    related_pks: dict[type[models.Model], set] = defaultdict(set)

    for source in sources:
        records = list(
            source.records.select_related("history_user").order_by("history_date", "history_id")
        )
        if not records:
            continue
        model = records[0].instance_type
        pk_name = model._meta.pk.attname
        fields = [
            f
            for f in records[0].tracked_fields
            if f.editable and not f.primary_key and f.name not in set(source.exclude)
        ]
        many = _many_to_many_values(records)
        describe = source.describe or (
            lambda record, model=model: capfirst(model._meta.verbose_name)
        )

        previous_of: dict[object, models.Model] = {}
        for record in records:
            before = previous_of.get(getattr(record, pk_name))
            previous_of[getattr(record, pk_name)] = record
            diffs = []
            if record.history_type != "-":
                for f in fields:
                    new = getattr(record, f.attname)
                    old = getattr(before, f.attname) if before is not None else None
                    if before is None and new in (None, ""):
                        continue
                    if before is not None and old == new:
                        continue
                    diffs.append((f, old, new))
                    if f.is_relation:
                        related_pks[f.related_model].update(v for v in (old, new) if v is not None)
                for name, values in many.items():
                    new = values.get(record.history_id, frozenset())
                    old = values.get(before.history_id, frozenset()) if before else frozenset()
                    if old != new:
                        # A set is told by what left it and what joined it.
                        m2m = model._meta.get_field(name)
                        diffs.append((m2m, old - new, new - old))
                        related_pks[m2m.related_model].update(old | new)
                if record.history_type == "~" and before is not None and not diffs:
                    continue  # saved without a change: nothing to tell
            pending.append((record, diffs, describe(record)))

    names = {
        model: {pk: str(obj) for pk, obj in model._default_manager.in_bulk(pks).items()}
        for model, pks in related_pks.items()
        if pks
    }
    entries = [
        HistoryEntry(
            when=record.history_date,
            who=_person(record.history_user),
            action=str(ACTIONS.get(record.history_type, CHANGED)),
            record=label,
            changes=tuple(
                FieldChange(
                    field=capfirst(str(f.verbose_name)),
                    old=_display(f, old, names),
                    new=_display(f, new, names),
                )
                for f, old, new in diffs
            ),
            reason=record.history_change_reason or "",
            kind=record.history_type,
        )
        for record, diffs, label in pending
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit] if limit is not None else entries


def _many_to_many_values(records) -> dict[str, dict[int, frozenset]]:
    """For each tracked many-to-many field: history_id -> the related pks at that time."""
    values: dict[str, dict[int, frozenset]] = {}
    for m2m in getattr(records[0], "_history_m2m_fields", ()):
        through = (
            type(records[0])
            ._meta.get_field(f"historical{m2m.model._meta.model_name}_{m2m.name}".lower())
            .related_model
        )
        target = m2m.m2m_reverse_field_name()
        by_record: dict[int, set] = defaultdict(set)
        for history_id, pk in through.objects.filter(
            history_id__in=[r.history_id for r in records]
        ).values_list("history_id", f"{target}_id"):
            by_record[history_id].add(pk)
        values[m2m.name] = {key: frozenset(pks) for key, pks in by_record.items()}
    return values


def _person(user) -> str:
    if user is None:
        return str(NOBODY)
    return user.get_full_name() or user.get_username()


def _display(f: models.Field, value, names: dict) -> str:
    if value is None or value == "":
        return ""
    if f.many_to_many:
        return ", ".join(sorted(_related_name(f, pk, names) for pk in value))
    if f.is_relation:
        return _related_name(f, value, names)
    if f.name in MASKED_FIELDS:
        return MASKED_FIELDS[f.name](value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, datetime.time):
        return time_format(value, "H:i")
    return str(value)


def _related_name(f: models.Field, pk, names: dict) -> str:
    name = names.get(f.related_model, {}).get(pk)
    return name if name is not None else str(GONE) % {"pk": pk}

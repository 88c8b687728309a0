"""The posting rules: post, move, swap and release facilitators.

Every function is one transaction that locks the kelurahan and facilitator
rows it changes (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises
writers with BEGIN IMMEDIATE), checks the rules with `full_clean()` and only
then writes. Refusals are `ValidationError`s with the messages below, which
views show on their forms and tests reuse.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assignments.models import Assignment
from registry.dates import validate_register_date
from registry.models import Facilitator, Kelurahan

FACILITATOR_INACTIVE = _("Facilitator %(facilitator)s is not active and cannot be posted.")
NOT_POSTED = _("Facilitator %(facilitator)s has no current posting.")
ALREADY_THERE = _("Facilitator %(facilitator)s is already posted to kelurahan %(kelurahan)s.")
START_NOT_AFTER_CURRENT = _(
    "The new posting must start after the current one, which started on %(start)s."
)
END_BEFORE_CURRENT_START = _("The posting cannot end before it started (%(start)s).")
SWAP_SAME = _("Choose two different facilitators to swap.")
CONCURRENT_CHANGE = _(
    "Someone else changed these postings at the same moment. Reload the page and try again."
)


@transaction.atomic
def assignment_create(
    *,
    facilitator: Facilitator,
    kelurahan: Kelurahan,
    start_date: datetime.date,
    decree_number: str = "",
    note: str = "",
    by: User | None,
) -> Assignment:
    """Post a facilitator in reserve to a kelurahan without one."""
    (kelurahan,) = _lock_kelurahan(kelurahan)
    (facilitator,) = _lock_facilitators(facilitator)
    _check_active(facilitator)
    return _start(facilitator, kelurahan, start_date, decree_number, note, by)


@transaction.atomic
def assignment_move(
    *,
    facilitator: Facilitator,
    to_kelurahan: Kelurahan,
    start_date: datetime.date,
    decree_number: str = "",
    note: str = "",
    by: User | None,
) -> Assignment:
    """End the facilitator's current posting the day before `start_date` and post them anew."""
    (to_kelurahan,) = _lock_kelurahan(to_kelurahan)
    (facilitator,) = _lock_facilitators(facilitator)
    _check_active(facilitator)
    current = _current_of(facilitator)
    if current.kelurahan_id == to_kelurahan.pk:
        raise ValidationError(
            ALREADY_THERE % {"facilitator": facilitator.name, "kelurahan": to_kelurahan.name}
        )
    validate_register_date(start_date)  # the day before must exist
    day_before = start_date - datetime.timedelta(days=1)
    _end(current, day_before, decree_number, by, refusal=START_NOT_AFTER_CURRENT)
    return _start(facilitator, to_kelurahan, start_date, decree_number, note, by)


@transaction.atomic
def assignment_swap(
    *,
    first: Facilitator,
    second: Facilitator,
    start_date: datetime.date,
    decree_number: str = "",
    note: str = "",
    by: User | None,
) -> tuple[Assignment, Assignment]:
    """Exchange the kelurahan of two posted facilitators from `start_date` on."""
    if first.pk == second.pk:
        raise ValidationError(SWAP_SAME)
    # Kelurahan are locked before facilitators everywhere, so look them up first,
    # then check under the locks that nobody moved either facilitator meanwhile.
    seen = [_current_of(first, lock=False).kelurahan, _current_of(second, lock=False).kelurahan]
    _lock_kelurahan(*seen)
    first, second = _lock_facilitators(first, second)
    current_first, current_second = _current_of(first), _current_of(second)
    if [current_first.kelurahan, current_second.kelurahan] != seen:
        raise ValidationError(CONCURRENT_CHANGE)
    validate_register_date(start_date)  # the day before must exist
    day_before = start_date - datetime.timedelta(days=1)
    _end(current_first, day_before, decree_number, by, refusal=START_NOT_AFTER_CURRENT)
    _end(current_second, day_before, decree_number, by, refusal=START_NOT_AFTER_CURRENT)
    return (
        _start(first, current_second.kelurahan, start_date, decree_number, note, by),
        _start(second, current_first.kelurahan, start_date, decree_number, note, by),
    )


@transaction.atomic
def assignment_release(
    *,
    facilitator: Facilitator,
    end_date: datetime.date,
    decree_number: str = "",
    note: str = "",
    by: User | None,
) -> Assignment:
    """End the facilitator's current posting: they go back to reserve."""
    (facilitator,) = _lock_facilitators(facilitator)
    current = _current_of(facilitator)
    if note:
        current.note = f"{current.note}\n{note}".strip()
    return _end(current, end_date, decree_number, by)


@transaction.atomic
def facilitator_deactivate(
    *, facilitator: Facilitator, on: datetime.date, by: User | None
) -> Facilitator:
    """Deactivate a facilitator, ending their current posting on the given day."""
    (facilitator,) = _lock_facilitators(facilitator)
    current = facilitator.assignments.current().select_for_update().first()
    if current is not None:
        _end(current, on, "", by)
    facilitator.is_active = False
    _record_author(facilitator, by)
    facilitator.save(update_fields=["is_active"])
    return facilitator


def _lock_kelurahan(*kelurahan: Kelurahan) -> list[Kelurahan]:
    # Rows are always locked in primary-key order so two transactions cannot deadlock.
    pks = [k.pk for k in kelurahan]
    locked = Kelurahan.objects.select_for_update().in_bulk(sorted(set(pks)))
    return [locked[pk] for pk in pks]


def _lock_facilitators(*facilitators: Facilitator) -> list[Facilitator]:
    pks = [f.pk for f in facilitators]
    locked = Facilitator.objects.select_for_update().in_bulk(sorted(set(pks)))
    return [locked[pk] for pk in pks]


def _check_active(facilitator: Facilitator) -> None:
    if not facilitator.is_active:
        raise ValidationError(FACILITATOR_INACTIVE % {"facilitator": facilitator.name})


def _current_of(facilitator: Facilitator, *, lock: bool = True) -> Assignment:
    current = facilitator.assignments.current().select_related("kelurahan", "facilitator")
    if lock:
        current = current.select_for_update(of=("self",))
    current = current.first()
    if current is None:
        raise ValidationError(NOT_POSTED % {"facilitator": facilitator.name})
    return current


def _start(facilitator, kelurahan, start_date, decree_number, note, by) -> Assignment:
    assignment = Assignment(
        facilitator=facilitator,
        kelurahan=kelurahan,
        start_date=start_date,
        decree_number=decree_number,
        note=note,
        created_by=by,
    )
    assignment.full_clean()
    _record_author(assignment, by)
    _save(assignment)
    return assignment


def _end(
    assignment: Assignment,
    end_date: datetime.date,
    decree_number: str,
    by,
    refusal=END_BEFORE_CURRENT_START,
) -> Assignment:
    if end_date < assignment.start_date:
        raise ValidationError(refusal % {"start": date_format(assignment.start_date, "j F Y")})
    assignment.end_date = end_date
    assignment.end_decree_number = decree_number
    assignment.full_clean()
    _record_author(assignment, by)
    _save(assignment, update_fields=["end_date", "end_decree_number", "note", "updated_at"])
    return assignment


def _record_author(instance, by: User | None) -> None:
    # The history row names the acting user even outside a request (commands, imports).
    if by is not None:
        instance._history_user = by


def _save(assignment: Assignment, **kwargs) -> None:
    # The database constraints are the last word: a write that slipped past the
    # checks above (a concurrent transaction on SQLite) is refused, not half-done.
    try:
        with transaction.atomic():
            assignment.save(**kwargs)
    except IntegrityError as error:
        raise ValidationError(CONCURRENT_CHANGE) from error

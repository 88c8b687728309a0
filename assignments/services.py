"""The posting rules: post, move, swap and release facilitators.

Every function is one transaction that locks the kelurahan and facilitator
rows it changes (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises
writers with BEGIN IMMEDIATE), checks the rules with `full_clean()` and only
then writes. Refusals are `ValidationError`s with the messages below, which
views show on their forms and tests reuse.

An account limited to an area (accounts/areas.py) starts and ends postings of
the kelurahan of its area only; posting from the reserve, deactivating and
reactivating stay with the office. Whatever the way in, the checks are here.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.areas import area_of, check_office, is_office
from accounts.models import User
from assignments.models import Assignment
from registry.dates import validate_register_date
from registry.models import Deactivation, Facilitator, Kelurahan

FACILITATOR_INACTIVE = _(
    "Facilitator %(facilitator)s is not active on %(day)s and cannot be posted."
)
NOT_POSTED = _("Facilitator %(facilitator)s has no posting on %(day)s.")
ALREADY_THERE = _("Facilitator %(facilitator)s is already posted to kelurahan %(kelurahan)s.")
START_NOT_AFTER_CURRENT = _(
    "The new posting must start after the current one, which started on %(start)s."
)
END_BEFORE_CURRENT_START = _("The posting cannot end before it started (%(start)s).")
SWAP_SAME = _("Choose two different facilitators to swap.")
NOT_SCHEDULED = _("This posting has already started: end it with a release instead.")
NO_RELEASE_SCHEDULED = _("This posting has no release scheduled.")
RELEASE_PASSED = _("This posting already ended on %(end)s; its release cannot be cancelled.")
ALREADY_INACTIVE = _("Facilitator %(facilitator)s is already inactive.")
NOT_INACTIVE = _("Facilitator %(facilitator)s is not inactive.")
SCHEDULED_AFTER_DEACTIVATION = _(
    "Facilitator %(facilitator)s has a posting scheduled to start on %(start)s: "
    "cancel it before deactivating them from an earlier day."
)
REACTIVATE_BEFORE_START = _("They cannot be active again before they were deactivated (%(start)s).")
CONCURRENT_CHANGE = _(
    "Someone else changed these postings at the same moment. Reload the page and try again."
)
OUTSIDE_AREA = _(
    "Kelurahan %(kelurahan)s is outside your area: its postings are not yours to change."
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
    check_office(by)  # the reserve is the office's
    (kelurahan,) = _lock_kelurahan(kelurahan)
    (facilitator,) = _lock_facilitators(facilitator)
    check_active_on(facilitator, start_date)
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
    check_active_on(facilitator, start_date)
    current = _posting_on(facilitator, start_date)
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
    seen = [
        _posting_on(first, start_date, lock=False).kelurahan,
        _posting_on(second, start_date, lock=False).kelurahan,
    ]
    _lock_kelurahan(*seen)
    first, second = _lock_facilitators(first, second)
    current_first = _posting_on(first, start_date)
    current_second = _posting_on(second, start_date)
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
    """End the facilitator's posting in force on `end_date` on that day (its last
    day): from the next day on they are in reserve. A later date schedules it."""
    (facilitator,) = _lock_facilitators(facilitator)
    current = _posting_on(facilitator, end_date)
    if note:
        current.note = f"{current.note}\n{note}".strip()
    return _end(current, end_date, decree_number, by)


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, by: User | None) -> Assignment | None:
    """Cancel a posting that has not started yet.

    When it was a move, the posting it followed (which the move ended the day
    before) is open again if nobody else is scheduled there meanwhile; that
    posting is returned, else None.
    """
    (assignment,) = _lock_postings(assignment)
    _check_area(assignment, by)
    if (
        not Assignment.objects.starting_after(timezone.localdate())
        .filter(pk=assignment.pk)
        .exists()
    ):
        raise ValidationError(NOT_SCHEDULED)
    previous = (
        Assignment.objects.select_for_update()
        .filter(
            facilitator_id=assignment.facilitator_id,
            end_date=assignment.start_date - datetime.timedelta(days=1),
        )
        .first()
    )
    if previous is not None:  # a move: the posting it ended opens again
        _check_area(previous, by)
    _record_author(assignment, by)
    assignment.delete()
    if previous is None:
        return None
    previous.end_date = None
    previous.end_decree_number = ""
    try:
        previous.full_clean()
    except ValidationError:
        return None  # someone else is scheduled there: the earlier posting ends as planned
    _record_author(previous, by)
    _save(previous, update_fields=["end_date", "end_decree_number", "updated_at"])
    return previous


@transaction.atomic
def assignment_cancel_release(*, assignment: Assignment, by: User | None) -> Assignment:
    """Undo a release that has not taken effect: the posting is open again."""
    (assignment,) = _lock_postings(assignment)
    _check_area(assignment, by)
    if assignment.end_date is None:
        raise ValidationError(NO_RELEASE_SCHEDULED)
    if assignment.end_date < timezone.localdate():
        raise ValidationError(RELEASE_PASSED % {"end": _day(assignment.end_date)})
    assignment.end_date = None
    assignment.end_decree_number = ""
    assignment.full_clean()
    _record_author(assignment, by)
    _save(assignment, update_fields=["end_date", "end_decree_number", "updated_at"])
    return assignment


@transaction.atomic
def facilitator_deactivate(
    *,
    facilitator: Facilitator,
    start_date: datetime.date,
    reason: str,
    decree_number: str = "",
    by: User | None,
) -> Deactivation:
    """Make a facilitator inactive from `start_date` (their first inactive day).

    A posting in force then ends the day before; a posting scheduled to begin
    later must be cancelled first.
    """
    check_office(by)  # a person's standing in the whole register
    (facilitator,) = _lock_facilitators(facilitator)
    if facilitator.deactivations.open_ended().exists():
        raise ValidationError(ALREADY_INACTIVE % {"facilitator": facilitator.name})
    scheduled = facilitator.assignments.filter(start_date__gte=start_date).first()
    if scheduled is not None:
        raise ValidationError(
            SCHEDULED_AFTER_DEACTIVATION
            % {"facilitator": facilitator.name, "start": _day(scheduled.start_date)}
        )
    last_day = start_date - datetime.timedelta(days=1)
    posting = facilitator.assignments.from_day_on(start_date).select_for_update().first()
    if posting is not None:
        _end(posting, last_day, decree_number, by)
    deactivation = Deactivation(
        facilitator=facilitator,
        start_date=start_date,
        reason=reason,
        decree_number=decree_number,
        created_by=by,
    )
    deactivation.full_clean()
    _record_author(deactivation, by)
    deactivation.save()
    return deactivation


@transaction.atomic
def facilitator_reactivate(
    *, facilitator: Facilitator, start_date: datetime.date, note: str = "", by: User | None
) -> Deactivation:
    """Make an inactive facilitator active again from `start_date`: in reserve,
    ready to be posted."""
    check_office(by)
    (facilitator,) = _lock_facilitators(facilitator)
    deactivation = facilitator.deactivations.open_ended().first()
    if deactivation is None:
        raise ValidationError(NOT_INACTIVE % {"facilitator": facilitator.name})
    if start_date <= deactivation.start_date:
        if deactivation.start_date <= timezone.localdate():
            raise ValidationError(
                REACTIVATE_BEFORE_START % {"start": _day(deactivation.start_date)}
            )
        # Scheduled and not yet in force: reactivating cancels it.
        _record_author(deactivation, by)
        deactivation.delete()
        return deactivation
    deactivation.end_date = start_date - datetime.timedelta(days=1)
    deactivation.reactivation_note = note
    deactivation.full_clean()
    _record_author(deactivation, by)
    deactivation.save(update_fields=["end_date", "reactivation_note"])
    return deactivation


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _lock_kelurahan(*kelurahan: Kelurahan) -> list[Kelurahan]:
    # Rows are always locked in primary-key order so two transactions cannot deadlock.
    pks = [k.pk for k in kelurahan]
    locked = Kelurahan.objects.select_for_update().in_bulk(sorted(set(pks)))
    return [locked[pk] for pk in pks]


def _lock_facilitators(*facilitators: Facilitator) -> list[Facilitator]:
    pks = [f.pk for f in facilitators]
    locked = Facilitator.objects.select_for_update().in_bulk(sorted(set(pks)))
    return [locked[pk] for pk in pks]


def _lock_postings(*postings: Assignment) -> list[Assignment]:
    # Kelurahan first, then facilitators, then postings: the order every service keeps.
    _lock_kelurahan(*(p.kelurahan for p in postings))
    _lock_facilitators(*(p.facilitator for p in postings))
    pks = [p.pk for p in postings]
    locked = Assignment.objects.select_for_update().select_related("facilitator", "kelurahan")
    locked = locked.in_bulk(sorted(set(pks)))
    return [locked[pk] for pk in pks]


def check_active_on(facilitator: Facilitator, day: datetime.date) -> None:
    """Only an active facilitator is posted: the services and the forms (which
    refuse before the confirmation step) ask here."""
    if not facilitator.is_active_on(day):
        raise ValidationError(
            FACILITATOR_INACTIVE % {"facilitator": facilitator.name, "day": _day(day)}
        )


def _posting_on(facilitator: Facilitator, day: datetime.date, *, lock: bool = True) -> Assignment:
    """The posting in force on the day, or else the first one after it (which the
    caller then refuses to end before it began, with a message that says so)."""
    posting = facilitator.assignments.from_day_on(day).order_by("start_date")
    posting = posting.select_related("kelurahan", "facilitator")
    if lock:
        posting = posting.select_for_update(of=("self",))
    posting = posting.first()
    if posting is None:
        raise ValidationError(NOT_POSTED % {"facilitator": facilitator.name, "day": _day(day)})
    return posting


def _check_area(place: Kelurahan | Assignment, by: User | None) -> None:
    """Postings of a kelurahan outside the acting user's area are not theirs to change."""
    if by is None or is_office(by):
        return
    kelurahan = place.kelurahan if isinstance(place, Assignment) else place
    if not area_of(by).covers(kelurahan.code):
        raise ValidationError(OUTSIDE_AREA % {"kelurahan": kelurahan.name})


def _start(facilitator, kelurahan, start_date, decree_number, note, by) -> Assignment:
    _check_area(kelurahan, by)
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
    _check_area(assignment, by)
    if end_date < assignment.start_date:
        raise ValidationError(refusal % {"start": _day(assignment.start_date)})
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

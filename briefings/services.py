"""The briefing rules: plan a briefing and record its attendance.

Each function is one transaction. Refusals are `ValidationError`s with the
messages below, which views show on their forms and tests reuse. Nothing is
written until every check has passed, so a refused call leaves no trace.

An account limited to an area records the attendance of the facilitators
posted in its area on the session's day only; planning briefings is the
office's.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.areas import check_office, is_office
from accounts.models import User
from assignments.selectors import posted_in_area
from briefings import absence
from briefings.models import AbsenceRequest, Attendance, Briefing, BriefingSession, Speaker
from registry.models import Facilitator

NEEDS_A_SESSION = _("A briefing needs at least one session.")
SESSION_HAS_ATTENDANCE = _(
    "The session of %(day)s already has attendance recorded and cannot be removed."
)
INVITEE_HAS_ATTENDANCE = _(
    "%(facilitator)s already has attendance recorded at this briefing and stays invited."
)
NOT_INVITED = _("%(facilitator)s is not invited to this briefing.")
UNKNOWN_FACILITATOR = _("The form names a facilitator who is not in the register (id %(id)s).")
OUTSIDE_AREA = _(
    "The form names a facilitator who was not posted in your area on the day of the "
    "session (id %(id)s)."
)
UNKNOWN_STATUS = _("Unknown attendance status “%(status)s” for %(facilitator)s.")
DUPLICATE_ROW = _("%(facilitator)s appears more than once in the form.")
NOTE_TOO_LONG = _("The note for %(facilitator)s is longer than %(max)s characters.")
ATTENDANCE_NOT_SAVED = _("Nothing was saved.")
SETTLED_ON_THE_FORM = _("Recorded otherwise on the attendance form.")
SESSION_NOT_OPEN = _(
    "The session of %(day)s at %(start)s has not started yet: attendance is recorded from %(time)s."
)
CONCURRENT_CHANGE = _(
    "Someone else saved this attendance at the same moment. Reload the page and try again."
)


@dataclass(frozen=True)
class Edit:
    """A new or changed row, and for a changed row the fields this person changed.

    Saving only those fields keeps a colleague's simultaneous edit of the others.
    """

    obj: models.Model
    fields: Collection[str] | None = None  # None: a new row, saved whole


@transaction.atomic
def briefing_create(
    *,
    briefing: Briefing,
    sessions: Sequence[BriefingSession],
    speakers: Sequence[Speaker] = (),
    invitees: Iterable[Facilitator] | None = None,
) -> Briefing:
    """Plan a briefing with its sessions and speakers.

    Unless told otherwise, every facilitator active on its first day is invited.
    """
    if not sessions:
        raise ValidationError(NEEDS_A_SESSION)
    briefing.full_clean()
    briefing.save()
    for row in [*sessions, *speakers]:
        row.briefing = briefing
        row.full_clean()
        row.save()
    if invitees is None:
        first_day = min(session.date for session in sessions)
        invitees = invitable(Facilitator.objects.all(), first_day).values_list("pk", flat=True)
    briefing.invitees.add(*invitees)
    return briefing


def invitable(people: models.QuerySet, first_day) -> models.QuerySet:
    """Who of `people` a briefing may invite: those active on its first day."""
    return people.active_on(first_day)


@transaction.atomic
def invitees_add(*, briefing: Briefing, people: models.QuerySet, by: User | None) -> int:
    """Invite those of `people` active on the briefing's first day who are not
    invited yet; returns how many. The office's work."""
    check_office(by)
    first = briefing.sessions.order_by("date").values_list("date", flat=True).first()
    coming = invitable(people, first or timezone.localdate()).exclude(briefings=briefing)
    ids = list(coming.values_list("pk", flat=True))
    briefing.invitees.add(*ids)
    return len(ids)


@transaction.atomic
def briefing_update(
    *,
    briefing: Briefing,
    fields: Collection[str] = (),
    edits: Sequence[Edit] = (),
    removed_sessions: Sequence[BriefingSession] = (),
    removed_speakers: Sequence[Speaker] = (),
    invite: Iterable[Facilitator] = (),
    uninvite: Iterable[Facilitator] = (),
) -> Briefing:
    """Change a briefing: its own `fields`, new or changed sessions and speakers
    (`edits`), removed ones, and who is invited or no longer invited.

    Only the changes are applied, so a colleague's simultaneous edit of other
    fields, rows or invitees stays.
    """
    # Two people saving the same briefing wait for each other here.
    Briefing.objects.select_for_update().filter(pk=briefing.pk).first()

    removed_pks = [session.pk for session in removed_sessions]
    kept = briefing.sessions.exclude(pk__in=removed_pks).exists() or any(
        isinstance(edit.obj, BriefingSession) and edit.fields is None for edit in edits
    )
    if not kept:
        raise ValidationError(NEEDS_A_SESSION)
    recorded = BriefingSession.objects.filter(
        pk__in=removed_pks, briefing=briefing, attendances__isnull=False
    ).distinct()
    if recorded:
        raise ValidationError(
            [SESSION_HAS_ATTENDANCE % {"day": date_format(s.date, "j F Y")} for s in recorded]
        )
    uninvite = list(uninvite)
    attended = Facilitator.objects.filter(
        pk__in=[f.pk for f in uninvite], attendances__session__briefing=briefing
    ).distinct()
    if attended:
        raise ValidationError([INVITEE_HAS_ATTENDANCE % {"facilitator": f.name} for f in attended])

    if fields:
        briefing.full_clean()
        briefing.save(update_fields=list(fields))
    for edit in edits:
        edit.obj.briefing = briefing
        edit.obj.full_clean()
        if edit.fields is None:
            edit.obj.save()
        elif edit.fields:
            edit.obj.save(update_fields=list(edit.fields))
    for row in [*removed_sessions, *removed_speakers]:
        if row.briefing_id == briefing.pk:
            row.delete()
    briefing.invitees.add(*invite)
    briefing.invitees.remove(*uninvite)
    return briefing


@dataclass(frozen=True)
class AttendanceEntry:
    """One row of the attendance form: a status of None leaves the row unrecorded."""

    facilitator_id: int
    status: str | None
    note: str = ""


@dataclass(frozen=True)
class AttendanceResult:
    created: int
    changed: int
    unchanged: int


@transaction.atomic
def attendance_record(
    *,
    session: BriefingSession,
    entries: Iterable[AttendanceEntry],
    by: User | None,
    checked_in: bool = False,
) -> AttendanceResult:
    """Record or correct the attendance of a session's invitees, all or nothing.

    Rows that change get `by` and the time of saving as their recorder; rows
    saved again unchanged keep who recorded them first. `checked_in` marks new
    rows as the facilitator's own QR check-in (briefings.checkin). A pending
    excused-absence request of a row given a status is settled with it: accepted
    when the status is the one asked for, rejected otherwise.
    """
    # One save at a time per session (SELECT ... FOR UPDATE on PostgreSQL;
    # SQLite serialises writers with BEGIN IMMEDIATE).
    session = (
        BriefingSession.objects.select_for_update(of=("self",))
        .select_related("briefing")
        .get(pk=session.pk)
    )
    now = timezone.now()
    if not session.is_open(now):
        raise ValidationError(
            SESSION_NOT_OPEN
            % {
                "day": date_format(session.date, "j F Y"),
                "start": session.start_time.strftime("%H:%M"),
                "time": timezone.localtime(session.opens_at).strftime("%H:%M"),
            }
        )
    entries = list(entries)
    ids = [entry.facilitator_id for entry in entries]
    people = Facilitator.objects.in_bulk(set(ids))
    invited = set(session.briefing.invitees.filter(pk__in=ids).values_list("pk", flat=True))
    in_area = None
    if by is not None and not is_office(by):
        in_area = set(
            Facilitator.objects.filter(pk__in=ids)
            .filter(posted_in_area(by, session.date))
            .values_list("pk", flat=True)
        )
    _check_entries(entries, people, invited, in_area)

    existing = {a.facilitator_id: a for a in session.attendances.filter(facilitator_id__in=ids)}
    created = changed = unchanged = 0
    for entry in entries:
        if entry.status is None:
            continue
        attendance = existing.get(entry.facilitator_id)
        if attendance is None:
            attendance = Attendance(
                session=session,
                facilitator=people[entry.facilitator_id],
                status=entry.status,
                note=entry.note,
                recorded_by=by,
                recorded_at=now,
                checked_in=checked_in,
            )
            created += 1
            update_fields = None
        elif (attendance.status, attendance.note) != (entry.status, entry.note):
            attendance.status, attendance.note = entry.status, entry.note
            attendance.recorded_by, attendance.recorded_at = by, now
            changed += 1
            update_fields = ["status", "note", "recorded_by", "recorded_at"]
        else:
            unchanged += 1
            continue
        # Uniqueness was checked above under the session's lock; the database
        # constraints remain the last word.
        attendance.full_clean(validate_unique=False, validate_constraints=False)
        _save(attendance, update_fields=update_fields)
    _settle_requests(session, entries, by, now)
    return AttendanceResult(created=created, changed=changed, unchanged=unchanged)


def _settle_requests(session, entries, by, now) -> None:
    """Pending requests of the rows given a status: the status asked for accepts
    the request, any other rejects it."""
    given = {entry.facilitator_id: entry.status for entry in entries if entry.status}
    pending = AbsenceRequest.objects.filter(
        session=session, facilitator_id__in=given, state=AbsenceRequest.State.PENDING
    ).select_related("facilitator__user", "session__briefing")
    for request in pending:
        accepted = given[request.facilitator_id] == request.kind
        reason = "" if accepted else str(SETTLED_ON_THE_FORM)
        absence.record_decision(request=request, accept=accepted, reason=reason, by=by, now=now)


def _check_entries(
    entries: list[AttendanceEntry],
    people: dict[int, Facilitator],
    invited: set[int],
    in_area: set[int] | None,
) -> None:
    """Every problem of a submitted form at once, so staff can fix them in one go.
    Someone outside the user's area (`in_area`, None for the office) is named by
    their number only."""
    errors = []
    note_max = Attendance._meta.get_field("note").max_length
    counts = Counter(entry.facilitator_id for entry in entries)
    reported_twice = set()
    for entry in entries:
        person = people.get(entry.facilitator_id)
        if person is None:
            errors.append(UNKNOWN_FACILITATOR % {"id": entry.facilitator_id})
            continue
        if in_area is not None and entry.facilitator_id not in in_area:
            errors.append(OUTSIDE_AREA % {"id": entry.facilitator_id})
            continue
        name = {"facilitator": person.name}
        if entry.facilitator_id not in invited:
            errors.append(NOT_INVITED % name)
        if counts[entry.facilitator_id] > 1 and entry.facilitator_id not in reported_twice:
            reported_twice.add(entry.facilitator_id)
            errors.append(DUPLICATE_ROW % name)
        if entry.status is not None and entry.status not in Attendance.Status.values:
            errors.append(UNKNOWN_STATUS % {"status": entry.status, **name})
        if len(entry.note) > note_max:
            errors.append(NOTE_TOO_LONG % {"max": note_max, **name})
    if errors:
        raise ValidationError([*errors, ATTENDANCE_NOT_SAVED])


def _save(attendance: Attendance, update_fields=None) -> None:
    try:
        with transaction.atomic():
            attendance.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ValidationError(CONCURRENT_CHANGE) from error

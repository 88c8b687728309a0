"""Self check-in: the QR code staff show during a session, and checking in with it.

The code is signed (django.core.signing, with its own salt) and names its
session and its minute: `<session>-<minute>:<signature>`, the minute counted
from the Unix epoch. It changes every minute, so a photo of it sent to an
absent colleague is soon worthless; a code is accepted during its own minute
and the next one (a scan just as it changes still counts), and refused after
with a message to scan the new code.

Someone not signed in when they scan is sent to sign in, and back: the way back
carries a signed note that the code was good when scanned (`scan_note`), so a
code that expired while they typed their password still counts if they are
back within SIGN_IN_SECONDS; later, the page says the code expired meanwhile and
asks them to scan the code shown now.
Nobody can make a code without the server's secret key, and checking in
needs the facilitator's own login: nobody checks in for someone else.

A check-in goes through `briefings.services.attendance_record`, the one rule
for attendance (only invitees, only a session that is open), as the
facilitator's own row marked `checked_in`, and it never overwrites a row that
is already recorded: staff's word stands.
"""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from briefings import services
from briefings.models import Attendance, BriefingSession
from registry.models import Facilitator

SALT = "briefings.checkin"
CODE_SECONDS = 60
# The code shown now and the one shown the minute before: no more.
CODE_WINDOWS = 2
SCAN_SALT = "briefings.checkin.scan"
SIGN_IN_SECONDS = 10 * 60

INVALID_CODE = _("This QR code is not valid. Scan the code shown on the committee's screen again.")
OTHER_SESSION = _(
    "This QR code belongs to another session. Scan the code shown at the session you attend."
)
EXPIRED_CODE = _(
    "This QR code has expired: the code changes every minute. Scan the code shown now."
)
EXPIRED_WHILE_SIGNING_IN = _(
    "The QR code you scanned expired while you signed in. Scan the code shown on the "
    "committee's screen now to check in."
)
NOT_OPEN_YET = _("Check-in for this session opens at %(time)s.")
CLOSED = _("Check-in for this session closed at %(time)s, when the session ended.")
NOT_INVITED = _("You are not invited to this briefing, so you cannot check in to it.")
ALREADY_CHECKED_IN = _("You already checked in to this session at %(time)s.")
ALREADY_RECORDED = _(
    "The committee has already recorded your attendance at this session (%(status)s); "
    "a check-in does not change it. Speak to the committee if it is wrong."
)


def minute_of(moment: datetime.datetime) -> int:
    return int(moment.timestamp()) // CODE_SECONDS


def checkin_code(session: BriefingSession, at: datetime.datetime) -> str:
    """The code of the session for the minute of `at`."""
    return signing.Signer(salt=SALT).sign(f"{session.pk}-{minute_of(at)}")


def code_is_current(minute: int, now: datetime.datetime) -> bool:
    """A code of this minute or of the one before."""
    return 0 <= minute_of(now) - minute < CODE_WINDOWS


def scan_note(code: str, now: datetime.datetime) -> str:
    """A signed note that the code was good when scanned by someone not signed in
    yet; empty when it was not (nothing to carry through the sign-in)."""
    try:
        session_pk, minute = _read(code)
    except ValidationError:
        return ""
    if not code_is_current(minute, now):
        return ""
    return signing.TimestampSigner(salt=SCAN_SALT).sign(f"{session_pk}-{minute}")


def _scanned_in_time(note: str, session_pk: int, minute: int) -> bool | None:
    """None without a note; whether the note is for this code and recent enough."""
    if not note:
        return None
    try:
        value = signing.TimestampSigner(salt=SCAN_SALT).unsign(note, max_age=SIGN_IN_SECONDS)
    except signing.SignatureExpired:
        return False
    except signing.BadSignature:
        return None
    return value == f"{session_pk}-{minute}"


def _read(code: str) -> tuple[int, int]:
    """(session id, minute) of a genuine code; ValidationError otherwise."""
    try:
        value = signing.Signer(salt=SALT).unsign(code)
        session_pk, minute = (int(part) for part in value.split("-"))
    except (signing.BadSignature, ValueError):
        raise ValidationError(INVALID_CODE, code="invalid") from None
    return session_pk, minute


def _time(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def check_refusal(
    session: BriefingSession,
    code: str,
    facilitator: Facilitator,
    now: datetime.datetime,
    *,
    scanned: str = "",
) -> None:
    """Every refusal a check-in can meet, in the order a person can act on them;
    nothing is written. `session.briefing` is read (select_related it). `scanned`
    is the note carried through the sign-in (`scan_note`)."""
    session_pk, minute = _read(code)
    if session_pk != session.pk:
        raise ValidationError(OTHER_SESSION, code="other_session")
    if now < session.opens_at:
        raise ValidationError(NOT_OPEN_YET % {"time": _time(session.opens_at)}, code="not_open")
    if now > session.ends_at:
        raise ValidationError(CLOSED % {"time": _time(session.ends_at)}, code="closed")
    if not code_is_current(minute, now):
        in_time = _scanned_in_time(scanned, session_pk, minute)
        if in_time is False:
            raise ValidationError(EXPIRED_WHILE_SIGNING_IN, code="expired")
        if in_time is None:
            raise ValidationError(EXPIRED_CODE, code="expired")
    if not session.briefing.invitees.filter(pk=facilitator.pk).exists():
        raise ValidationError(NOT_INVITED, code="not_invited")
    recorded = Attendance.objects.filter(session=session, facilitator=facilitator).first()
    if recorded is not None and recorded.checked_in:
        raise ValidationError(
            ALREADY_CHECKED_IN % {"time": _time(recorded.recorded_at)}, code="twice"
        )
    if recorded is not None:
        raise ValidationError(
            ALREADY_RECORDED % {"status": recorded.get_status_display()}, code="recorded"
        )


@transaction.atomic
def check_in(
    *,
    session: BriefingSession,
    code: str,
    facilitator: Facilitator,
    now: datetime.datetime,
    scanned: str = "",
) -> Attendance:
    """Mark the facilitator present (hadir) at the session, at `now`, by their own
    login, or refuse with a ValidationError that says why."""
    # Checked again under the session's lock: a second check-in, or staff saving
    # this row at the same moment, is seen.
    session = (
        BriefingSession.objects.select_for_update(of=("self",))
        .select_related("briefing")
        .get(pk=session.pk)
    )
    check_refusal(session, code, facilitator, now, scanned=scanned)
    services.attendance_record(
        session=session,
        entries=[services.AttendanceEntry(facilitator.pk, Attendance.Status.PRESENT)],
        by=facilitator.user,
        checked_in=True,
    )
    return Attendance.objects.get(session=session, facilitator=facilitator)

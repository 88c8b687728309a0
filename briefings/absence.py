"""Excused absence asked in advance: a facilitator says they will be excused
(izin) or are sick (sakit) for a session, with a reason and perhaps a letter.

The letter (a PDF or a photo) is checked and kept exactly as the activity
files are (`activities.files.clean_upload`: a PDF that opens, a photo
re-encoded without EXIF) and sent only to whom may see it (see
`briefings.views.mine.absence_letter`). Staff settle a request on the session's
attendance form, where it waits pre-filled: saving the row with the status
asked for accepts it, any other status rejects it (`services.attendance_record`,
the one rule for attendance).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from activities.files import clean_upload
from briefings.models import AbsenceRequest, Attendance, BriefingSession
from registry.models import Facilitator

NOT_INVITED = _("You are not invited to this briefing.")
SESSION_ENDED = _("This session has ended: a request is made before it ends.")
ALREADY_RECORDED = _(
    "Your attendance at this session is already recorded (%(status)s): speak to the "
    "committee if it is wrong."
)
ALREADY_ASKED = _("You already have a request for this session. Withdraw it first to make another.")
NOT_PENDING = _("Only a request still waiting for a decision can be withdrawn.")


@transaction.atomic
def absence_request_submit(
    *,
    session: BriefingSession,
    facilitator: Facilitator,
    kind: str,
    reason: str,
    letter=None,
    by: User,
) -> AbsenceRequest:
    """Record the facilitator's own request for the session, with the letter kept."""
    if facilitator.user_id is None or facilitator.user_id != by.pk:
        raise PermissionDenied  # a request is made by the facilitator themselves
    session = (
        BriefingSession.objects.select_for_update(of=("self",))
        .select_related("briefing")
        .get(pk=session.pk)
    )
    if not session.briefing.invitees.filter(pk=facilitator.pk).exists():
        raise ValidationError(NOT_INVITED)
    if timezone.now() > session.ends_at:
        raise ValidationError(SESSION_ENDED)
    recorded = Attendance.objects.filter(session=session, facilitator=facilitator).first()
    if recorded is not None:
        raise ValidationError(ALREADY_RECORDED % {"status": recorded.get_status_display()})
    open_states = [AbsenceRequest.State.PENDING, AbsenceRequest.State.ACCEPTED]
    if session.absence_requests.filter(facilitator=facilitator, state__in=open_states).exists():
        raise ValidationError(ALREADY_ASKED)

    request = AbsenceRequest(
        session=session, facilitator=facilitator, kind=kind, reason=reason.strip()
    )
    if letter is not None:
        clean = clean_upload(letter)
        request.letter_type = clean.content_type
        request.letter_size = clean.content.size
        request.letter.save("letter", clean.content, save=False)
    try:
        request.full_clean()
        request.save()
    except Exception:
        if request.letter:  # nothing refers to the stored file: it goes with the refused row
            request.letter.storage.delete(request.letter.name)
        raise
    return request


@transaction.atomic
def absence_request_withdraw(*, request: AbsenceRequest, by: User) -> AbsenceRequest:
    """The facilitator takes back a request that waits for a decision; its letter
    stays with it."""
    request = (
        AbsenceRequest.objects.select_for_update(of=("self",))
        .select_related("facilitator")
        .get(pk=request.pk)
    )
    if request.facilitator.user_id != by.pk:
        raise PermissionDenied
    if request.state != AbsenceRequest.State.PENDING:
        raise ValidationError(NOT_PENDING)
    request.state = AbsenceRequest.State.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["state", "decided_at"])
    return request

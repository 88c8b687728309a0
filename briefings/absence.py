"""Excused absence asked in advance: a facilitator says they will be excused
(izin) or are sick (sakit) for a session, with a reason and perhaps a letter.

The letter (a PDF or a photo) is checked and kept exactly as the activity
files are (`activities.files.clean_upload`: a PDF that opens, a photo
re-encoded without EXIF) and sent only to whom may see it (see
`briefings.views.mine.absence_letter`).

Staff of the facilitator's area decide a request ahead of the day, from the
dashboard's inbox or the briefing's page (`absence_request_decide`): accepted,
or refused with a reason. The decision (who, when, why) is kept in the
request's history and mailed to the facilitator after the commit; an accepted
request fills its row of the session's attendance form with the status asked
for, a refused one is shown there as refused. A request still waiting on the
day is settled on the attendance form: saving the row with the status asked
for accepts it, any other status refuses it (`services.attendance_record`).
Both ways record the decision through `record_decision`.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import RECORD_ATTENDANCE
from activities.files import clean_upload
from briefings.models import AbsenceRequest, Attendance, BriefingSession
from jobs.mail import send_mail_on_commit
from registry.models import Facilitator

# Mail to facilitators speaks Indonesian, like the printed documents.
MAIL_LANGUAGE = "id"

NOT_INVITED = _("You are not invited to this briefing.")
SESSION_ENDED = _("This session has ended: a request is made before it ends.")
ALREADY_RECORDED = _(
    "Your attendance at this session is already recorded (%(status)s): speak to the "
    "committee if it is wrong."
)
ALREADY_ASKED = _("You already have a request for this session. Withdraw it first to make another.")
NOT_PENDING = _("Only a request still waiting for a decision can be withdrawn.")
ALREADY_DECIDED = _("This request is no longer waiting for a decision.")
REFUSAL_REASON_NEEDED = _("Say why the request is refused: the facilitator is told.")
OUTSIDE_AREA = _("This request is of a facilitator outside your area.")


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


@transaction.atomic
def absence_request_decide(
    *, request: AbsenceRequest, accept: bool, reason: str = "", by: User
) -> AbsenceRequest:
    """Accept the request, or refuse it with a reason, ahead of the day (or on it).
    Staff who record attendance decide for the facilitators of their area only."""
    if not by.has_perm(RECORD_ATTENDANCE):
        raise PermissionDenied
    if not AbsenceRequest.objects.visible_to(by).filter(pk=request.pk).exists():
        raise PermissionDenied(OUTSIDE_AREA)
    request = (
        AbsenceRequest.objects.select_for_update(of=("self",))
        .select_related("facilitator__user", "session__briefing")
        .get(pk=request.pk)
    )
    if request.state != AbsenceRequest.State.PENDING:
        raise ValidationError(ALREADY_DECIDED)
    reason = " ".join(reason.split())
    if not accept and not reason:
        raise ValidationError(REFUSAL_REASON_NEEDED)
    return record_decision(request=request, accept=accept, reason=reason, by=by, now=timezone.now())


def record_decision(
    *,
    request: AbsenceRequest,
    accept: bool,
    reason: str,
    by: User | None,
    now: datetime.datetime,
) -> AbsenceRequest:
    """The one way a decision is written (in a transaction the caller holds): who,
    when, why, in the request's history, and mailed to the facilitator after the
    commit (not when they settle it themselves, by checking in)."""
    request.state = AbsenceRequest.State.ACCEPTED if accept else AbsenceRequest.State.REJECTED
    request.decided_by, request.decided_at = by, now
    request.decision_reason = reason[: AbsenceRequest._meta.get_field("decision_reason").max_length]
    request.full_clean(validate_constraints=False)
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    facilitator = request.facilitator
    address = facilitator.mail_address
    if address and (by is None or by.pk != facilitator.user_id):
        context = {
            "request": request,
            "decider": (by.get_full_name() or by.username) if by else "DPMPPA",
            "decided_at": timezone.localtime(now),
        }
        with translation.override(MAIL_LANGUAGE):
            subject = render_to_string("briefings/mail/absence_decision_subject.txt", context)
            body = render_to_string("briefings/mail/absence_decision.txt", context)
        send_mail_on_commit(subject=" ".join(subject.split()), body=body, recipients=[address])
    return request

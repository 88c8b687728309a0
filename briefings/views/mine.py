"""A facilitator's own briefings under /me/: their invitations, their attendance
and requests per session, asking in advance to be excused, their certificates;
and the letter of a request, sent only to whom may see it.

The pages under /me/ never take a facilitator's id: a briefing is found among
the signed-in facilitator's own invitations, or it is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import RECORD_ATTENDANCE
from activities.files import FILE_ERROR_CODES, file_response
from briefings import absence
from briefings.forms import AbsenceRequestForm
from briefings.models import (
    AbsenceRequest,
    Attendance,
    Briefing,
    BriefingSession,
    Certificate,
)
from registry.views import own_facilitator


def _my_briefings(facilitator):
    """The briefings they were invited to, or whose attendance names them."""
    invited = Briefing.invitees.through.objects.filter(
        briefing=OuterRef("pk"), facilitator=facilitator
    )
    attended = Attendance.objects.filter(session__briefing=OuterRef("pk"), facilitator=facilitator)
    return Briefing.objects.filter(Exists(invited) | Exists(attended))


def my_briefings(request: HttpRequest) -> HttpResponse:
    """Every briefing the facilitator is invited to, the coming ones first."""
    facilitator = own_facilitator(request)
    sessions = BriefingSession.objects.filter(briefing=OuterRef("pk"))
    briefings = (
        _my_briefings(facilitator)
        .annotate(
            first_day=Subquery(sessions.order_by("date").values("date")[:1]),
            last_day=Subquery(sessions.order_by("-date").values("date")[:1]),
        )
        .order_by(F("first_day").desc(nulls_last=True), "-pk")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.filter(facilitator=facilitator),
                to_attr="mine",
            )
        )
    )
    return render(
        request,
        "briefings/my_briefings.html",
        {"briefings": list(briefings), "today": timezone.localdate()},
    )


def my_briefing(request: HttpRequest, pk: int) -> HttpResponse:
    """One invitation: the sessions with my attendance and requests, a request to be
    excused for a session to come, my certificate."""
    facilitator = own_facilitator(request)
    briefing = get_object_or_404(_my_briefings(facilitator).prefetch_related("speakers"), pk=pk)
    sessions = list(
        briefing.sessions.select_related("briefing").prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(facilitator=facilitator),
                to_attr="mine",
            ),
            Prefetch(
                "absence_requests",
                queryset=AbsenceRequest.objects.filter(facilitator=facilitator),
                to_attr="my_requests",
            ),
        )
    )
    now = timezone.now()
    open_states = {AbsenceRequest.State.PENDING, AbsenceRequest.State.ACCEPTED}
    askable = [
        session
        for session in sessions
        if now <= session.ends_at
        and not session.mine
        and not any(r.state in open_states for r in session.my_requests)
    ]
    form = AbsenceRequestForm(request.POST or None, request.FILES or None, sessions=askable)
    if request.method == "POST" and askable and form.is_valid():
        chosen = next(s for s in askable if s.pk == form.cleaned_data["session"])
        try:
            absence.absence_request_submit(
                session=chosen,
                facilitator=facilitator,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                letter=form.cleaned_data["letter"],
                by=request.user,
            )
        except ValidationError as error:
            field = "letter" if getattr(error, "code", None) in FILE_ERROR_CODES else None
            form.add_error(field, error)
        else:
            messages.success(request, _("Your request is sent. The committee will decide on it."))
            return redirect("briefings:my-briefing", pk=briefing.pk)
    return render(
        request,
        "briefings/my_briefing.html",
        {
            "briefing": briefing,
            "sessions": sessions,
            "form": form if askable else None,
            "certificate": Certificate.objects.filter(briefing=briefing, facilitator=facilitator)
            .select_related("briefing")
            .first(),
        },
    )


def absence_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    # Who asks comes first: anyone else gets 403, and another's request 404, whatever
    # the method.
    facilitator = own_facilitator(request)
    found = get_object_or_404(
        AbsenceRequest.objects.select_related("session"), pk=pk, facilitator=facilitator
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        absence.absence_request_withdraw(request=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("briefings:my-briefing", pk=found.session.briefing_id)


def may_see_letter(user, request: AbsenceRequest) -> bool:
    """Its facilitator; and those who record the attendance of that session for them
    (the office's staff, the coordinator of the area they were posted in that day)."""
    if not user.is_authenticated:
        return False
    if request.facilitator.user_id == user.pk:
        return True
    if not user.has_perm(RECORD_ATTENDANCE):
        return False
    return AbsenceRequest.objects.visible_to(user).filter(pk=request.pk).exists()


@login_not_required  # anonymous visitors get the same 404 as everyone who may not see it
def absence_letter(request: HttpRequest, pk: int) -> FileResponse:
    found = get_object_or_404(
        AbsenceRequest.objects.select_related("facilitator").filter(~Q(letter="")), pk=pk
    )
    if not may_see_letter(request.user, found):
        raise Http404
    extension = "jpg" if found.letter_is_photo else "pdf"
    return file_response(
        found.letter, content_type=found.letter_type, filename=f"surat-{found.pk}.{extension}"
    )

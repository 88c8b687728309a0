"""Deciding a request to be excused (izin/sakit) ahead of the day, from the
dashboard's inbox or the briefing's page: both post here, and this view calls
`absence.absence_request_decide`, the one rule for it."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import RECORD_ATTENDANCE
from briefings import absence
from briefings.forms import AbsenceDecisionForm
from briefings.models import AbsenceRequest


@permission_required(RECORD_ATTENDANCE, raise_exception=True)
@require_POST
def absence_decide(request: HttpRequest, pk: int) -> HttpResponse:
    # A request of another area is not found, as everywhere.
    found = get_object_or_404(
        AbsenceRequest.objects.visible_to(request.user).select_related("facilitator", "session"),
        pk=pk,
    )
    form = AbsenceDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or to refuse the request."))
    else:
        accept = form.cleaned_data["decision"] == "accept"
        try:
            absence.absence_request_decide(
                request=found, accept=accept, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            done = (
                _("The request of %(name)s is accepted.")
                if accept
                else _("The request of %(name)s is refused.")
            )
            messages.success(request, done % {"name": found.facilitator.name})
    back = request.POST.get("next", "")
    # Back to the page of this site it came from: a path, nothing else.
    if (
        back.startswith("/")
        and back.isprintable()
        and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return HttpResponseRedirect(back)
    return redirect("briefings:briefing-detail", pk=found.session.briefing_id)

"""Certificates: the staff's list (issue, withdraw), the certificate as a PDF, and
the public verification page its QR code points to.

The verification page is open to anyone (`@login_not_required`): it reads one
row by the certificate's random code (one query, whatever the register's size)
and shows only the name, the briefing, its date and whether the certificate is
valid; it writes nothing and needs no session, so a rate limit in front of it
(a proxy's, per address) costs the application nothing. Codes are random, so
counting through them finds nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.areas import is_office
from accounts.roles import RECORD_ATTENDANCE, VIEW_BRIEFINGS
from briefings import certificates
from briefings.forms import WithdrawForm
from briefings.models import Briefing, Certificate
from briefings.reports import CertificateDocument, days_text
from briefings.views.checkin import qr_svg
from briefings.views.invitations import document_response
from reports.formats import REPORT_LANGUAGE

CERTIFICATES_PER_PAGE = 50


@permission_required(VIEW_BRIEFINGS, raise_exception=True)
def certificate_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The briefing's certificates (of the user's area), who qualifies without one
    yet, and for those who record attendance: issue them, withdraw one."""
    user = request.user
    briefing = get_object_or_404(Briefing.objects.visible_to(user), pk=pk)
    can_issue = user.has_perm(RECORD_ATTENDANCE)
    if request.method == "POST":
        if not can_issue:
            raise PermissionDenied
        try:
            issued = certificates.certificates_issue(briefing=briefing, by=user, now=timezone.now())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _issued_message(issued))
        return redirect("briefings:certificates", pk=briefing.pk)
    sessions = list(briefing.sessions.select_related("briefing"))
    issued = Certificate.objects.visible_to(user).filter(briefing=briefing)
    waiting = certificates.qualifying(briefing, user, len(sessions)).exclude(
        pk__in=issued.values("facilitator")
    )
    page = Paginator(
        issued.select_related("facilitator").order_by("number"), CERTIFICATES_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "briefings/certificates.html",
        {
            "briefing": briefing,
            "page": page,
            "waiting": waiting.count(),
            "ended": certificates.has_ended(sessions, timezone.now()),
            "needed": briefing.sessions_needed(len(sessions)),
            "session_count": len(sessions),
            "can_issue": can_issue,
            "of_area": not is_office(user),
            "withdraw_form": WithdrawForm(),
        },
    )


def _issued_message(count: int) -> str:
    if not count:
        return _("Nobody else qualifies for a certificate.")
    return ngettext("%(count)s certificate issued.", "%(count)s certificates issued.", count) % {
        "count": count
    }


@permission_required(RECORD_ATTENDANCE, raise_exception=True)
@require_POST
def certificate_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Certificate.objects.visible_to(request.user), pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the certificate is withdrawn."))
    else:
        try:
            certificates.certificate_withdraw(
                certificate=found, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Certificate %(number)s is withdrawn.") % {"number": found.number}
            )
    return redirect("briefings:certificates", pk=found.briefing_id)


def may_see_certificate(user, certificate: Certificate) -> bool:
    """Its facilitator, and the staff pages' readers of the briefing (of the area)."""
    if certificate.facilitator.user_id == user.pk:
        return True
    if not user.has_perm(VIEW_BRIEFINGS):
        return False
    return (
        is_office(user) or Certificate.objects.visible_to(user).filter(pk=certificate.pk).exists()
    )


def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Certificate.objects.select_related("facilitator", "briefing"), pk=pk)
    if not may_see_certificate(request.user, found):
        raise Http404  # whatever the method: the URL tells nothing to anyone else
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    verify_url = request.build_absolute_uri(
        reverse("briefings:certificate-verify", args=[found.code])
    )
    with translation.override(REPORT_LANGUAGE):
        document = CertificateDocument(
            certificate=found, verify_url=verify_url, qr_svg=qr_svg(verify_url, scale=4)
        )
        return document_response(
            request,
            document,
            "pdf",
            links={"back": reverse("briefings:certificates", args=[found.briefing_id])},
        )


@login_not_required
@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Whether a certificate is valid: its holder's name, the briefing and its date,
    nothing else, as the certificate was issued. An unknown code answers 404 with the
    same page saying so. In the language the reader chose, as every page."""
    found = (
        Certificate.objects.filter(code=code)
        .select_related("facilitator")
        .only("number", "withdrawn_at", "title", "first_day", "last_day", "facilitator__name")
        .first()
    )
    context = {"certificate": found}
    if found is not None:
        # The days it was issued with, in the reader's language (the switch, as every page).
        context["days"] = days_text(found.first_day, found.last_day)
    return render(
        request,
        "briefings/certificate_verify.html",
        context,
        status=200 if found is not None else 404,
    )

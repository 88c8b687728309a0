"""Who is invited and how they hear of it: the invitees page (a briefing may
invite tens of thousands, so it pages and searches rather than listing every
facilitator), the invitation mail, and the invitation letter (page and PDF).

All three are the office's work, like planning the briefing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from accounts.areas import Area, office_only
from accounts.roles import MANAGE_BRIEFINGS, VIEW_BRIEFINGS
from assignments.models import Assignment
from briefings import invitations, services
from briefings.forms import InviteeSearchForm, InviteesForm
from briefings.models import Briefing, InvitationMail
from briefings.queries import CANDIDATES_SHOWN, invitee_candidates, invitees_page
from briefings.reports import InvitationLetter
from registry.models import Facilitator, Kecamatan, Kelurahan, ReportSettings
from reports.formats import REPORT_LANGUAGE, pdf_response

INVITEES_PER_PAGE = 50
UNKNOWN_AREA = gettext_lazy(
    "No kecamatan or kelurahan is called “%(area)s”. Type its name or its code."
)
AMBIGUOUS_AREA = gettext_lazy(
    "Several places are called “%(area)s”. Type the code of the one you mean (for example "
    "33.75.01)."
)


def first_day(briefing: Briefing):
    session = briefing.sessions.order_by("date", "start_time").first()
    return session.date if session else timezone.localdate()


@permission_required(MANAGE_BRIEFINGS, raise_exception=True)
@office_only
def invitees(request: HttpRequest, pk: int) -> HttpResponse:
    """The invitees in pages, each page's people to leave out; a search by name to
    invite someone; a whole kecamatan or kelurahan, or everyone active, at once."""
    briefing = get_object_or_404(Briefing, pk=pk)
    day = first_day(briefing)
    form = InviteesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = _change_invitees(request, briefing, form.cleaned_data, day)
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, message)
            return redirect(request.get_full_path())

    search = InviteeSearchForm(request.GET or None)
    words = search.cleaned_data["q"] if search.is_valid() else ""
    candidates = []
    if words.strip():
        candidates = list(invitee_candidates(briefing, words, day)[: CANDIDATES_SHOWN + 1])
    page = invitees_page(briefing, day, request.user, request.GET.get("page"), INVITEES_PER_PAGE)
    return render(
        request,
        "briefings/invitees.html",
        {
            "briefing": briefing,
            "day": day,
            "form": form,
            "search": search,
            "words": words,
            "candidates": candidates[:CANDIDATES_SHOWN],
            "more_candidates": len(candidates) > CANDIDATES_SHOWN,
            "page": page,
        },
    )


def _change_invitees(request, briefing: Briefing, data: dict, day) -> str:
    action = data["action"]
    if action == InviteesForm.REMOVE:
        leaving = list(Facilitator.objects.filter(pk__in=data["remove"], briefings=briefing))
        services.briefing_update(briefing=briefing, uninvite=leaving)
        return ngettext(
            "%(count)s facilitator is no longer invited.",
            "%(count)s facilitators are no longer invited.",
            len(leaving),
        ) % {"count": len(leaving)}
    if action == InviteesForm.ADD:
        people = Facilitator.objects.filter(pk__in=data["add"])
    elif action == InviteesForm.AREA:
        # Those posted there on the first day.
        area = Area(codes=(_area_code(data["area"]),), whole=False)
        postings = Assignment.objects.on(day).filter(area.within("kelurahan__code"))
        people = Facilitator.objects.filter(pk__in=postings.values("facilitator"))
    else:
        people = Facilitator.objects.all()
    count = services.invitees_add(briefing=briefing, people=people, by=request.user)
    return ngettext("%(count)s facilitator invited.", "%(count)s facilitators invited.", count) % {
        "count": count
    }


def _area_code(typed: str) -> str:
    """The code of the kecamatan or kelurahan typed by its code or its whole name."""
    typed = typed.strip()
    codes = list(Kecamatan.objects.filter(Q(code=typed) | Q(name__iexact=typed)).values("code"))
    codes += list(Kelurahan.objects.filter(Q(code=typed) | Q(name__iexact=typed)).values("code"))
    if not codes:
        raise ValidationError(UNKNOWN_AREA % {"area": typed})
    if len(codes) > 1:
        raise ValidationError(AMBIGUOUS_AREA % {"area": typed})
    return codes[0]["code"]


@permission_required(MANAGE_BRIEFINGS, raise_exception=True)
@office_only
def invitation_mail(request: HttpRequest, pk: int) -> HttpResponse:
    """How many invitees have an address and were sent the invitation; send it to
    those not sent one yet, or to everyone again."""
    briefing = get_object_or_404(Briefing, pk=pk)
    if request.method == "POST":
        again = request.POST.get("again") == "1"
        try:
            outcome = invitations.invitations_send(
                briefing=briefing,
                by=request.user,
                site=request.build_absolute_uri("/"),
                again=again,
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            _sent_message(request, outcome)
        return redirect("briefings:invitations", pk=briefing.pk)
    people = briefing.invitees.all()
    with_address = people.filter(~Q(email="") | (Q(user__isnull=False) & ~Q(user__email="")))
    sent = InvitationMail.objects.filter(briefing=briefing)
    return render(
        request,
        "briefings/invitations.html",
        {
            "briefing": briefing,
            "invited": people.count(),
            "with_address": with_address.count(),
            "sent_to": sent.values("facilitator").distinct().count(),
            "last_sent": sent.select_related("queued_by").first(),
        },
    )


def _sent_message(request, outcome) -> None:
    messages.success(
        request,
        ngettext(
            "The invitation is being sent to %(count)s facilitator.",
            "The invitation is being sent to %(count)s facilitators.",
            outcome.sent,
        )
        % {"count": outcome.sent},
    )
    if outcome.already_sent:
        messages.info(
            request,
            ngettext(
                "%(count)s invitee was sent it before and was left out.",
                "%(count)s invitees were sent it before and were left out.",
                outcome.already_sent,
            )
            % {"count": outcome.already_sent},
        )
    if outcome.without_address:
        messages.warning(
            request,
            ngettext(
                "%(count)s invitee has no e-mail address: send them the letter.",
                "%(count)s invitees have no e-mail address: send them the letter.",
                outcome.without_address,
            )
            % {"count": outcome.without_address},
        )


@permission_required(VIEW_BRIEFINGS, raise_exception=True)
@office_only
@require_GET
def invitation_letter(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """The office's invitation letter, an A4 page to print or a PDF."""
    briefing = get_object_or_404(Briefing, pk=pk)
    with translation.override(REPORT_LANGUAGE):
        letter = InvitationLetter(briefing=briefing)
        return document_response(
            request,
            letter,
            fmt,
            links={
                "html": reverse("briefings:invitation-letter", args=[pk]),
                "pdf": reverse("briefings:invitation-letter-pdf", args=[pk]),
                "back": briefing.get_absolute_url(),
            },
        )


def document_response(request, document, fmt: str, *, links: dict) -> HttpResponse:
    """A document of the briefing as its printable page or its PDF (call inside the
    report language)."""
    context = {
        "report": document,
        "letterhead": ReportSettings.load(),
        "links": links,
        "for_pdf": fmt == "pdf",
        **document.print_context(),
    }
    if fmt == "pdf":
        return pdf_response(request, document, context)
    return render(request, document.template, context)

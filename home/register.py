"""The register's pages: kelurahan and facilitators by kecamatan, and one
kelurahan or facilitator with their postings, attendance and change history.
They combine the register, the postings, the briefings and the history, so they
live here, above all of them.

Staff and supervisors read (view permission). Facilitators see their own page
under /me/, never these. An account limited to an area reads its kelurahan and
the facilitators posted there today (`facilitators_visible_to`); the rest is
404, as if it did not exist.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.areas import area_of, is_office, office_only
from accounts.roles import (
    IMPORT_REGISTER,
    MANAGE_CONTRACTS,
    MANAGE_PAYMENT_DETAILS,
    MANAGE_POSTINGS,
    MANAGE_REGISTER,
    VIEW_CONTRACTS,
    VIEW_PAYMENT_DETAILS,
    VIEW_REGISTER,
)
from activities.selectors import kelurahan_panel
from assignments.models import Assignment
from assignments.selectors import (
    FacilitatorStatus,
    facilitators_visible_to,
    with_facilitator_visible,
    with_posting_on,
    with_status,
    with_status_filter,
)
from assignments.views import kelurahan_page
from audit.changes import HISTORY_ON_PAGE
from audit.records import facilitator_history, kelurahan_history
from briefings.models import Attendance
from contracts.selectors import facilitator_contracts, payment_details_of, uncovered_postings
from home.forms import FacilitatorFilterForm
from registry import services
from registry.models import Disclosure, Facilitator, Kelurahan
from registry.search import facilitator_search

PAGE_SIZE = 25
PARTIAL_NUMBER = gettext_lazy(
    "A NIK or phone number is found only when typed whole: all 16 digits of the NIK, "
    "or the whole phone number."
)
SEARCH_SESSION_KEY = "facilitator_search"


@permission_required(VIEW_REGISTER, raise_exception=True)
def kelurahan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "home/kelurahan_list.html", kelurahan_page(request, timezone.localdate())
    )


@permission_required(VIEW_REGISTER, raise_exception=True)
def kelurahan_detail(request: HttpRequest, code: str) -> HttpResponse:
    visible = Kelurahan.objects.visible_to(request.user).select_related("kecamatan")
    kelurahan = get_object_or_404(visible, code=code)
    today = timezone.localdate()
    postings = with_facilitator_visible(
        kelurahan.assignments.with_state(today).select_related("facilitator"),
        request.user,
        today,
    ).order_by("-start_date")
    return render(
        request,
        "home/kelurahan_detail.html",
        {
            "kelurahan": kelurahan,
            "postings": postings,
            "institutions": kelurahan.institutions.all(),
            "history_entries": kelurahan_history(kelurahan, limit=HISTORY_ON_PAGE),
            "history_url": reverse("audit:kelurahan-history", args=[kelurahan.code]),
            "can_manage": request.user.has_perm(MANAGE_POSTINGS),
            "panels": [kelurahan_panel(kelurahan, request.user)],
        },
    )


@permission_required(VIEW_REGISTER, raise_exception=True)
def facilitator_list(request: HttpRequest) -> HttpResponse:
    # The search words (a name, NIK or phone) are personal data: they travel by
    # POST and wait in the session, never in the URL; the other filters stay in it.
    if request.method == "POST":
        posted = FacilitatorFilterForm(request.POST, user=request.user)
        posted.is_valid()
        request.session[SEARCH_SESSION_KEY] = _number_search_checked(
            request, posted.cleaned_data.get("q", "")
        )
        filters = {
            key: request.POST.get(key, "")
            for key in ("kecamatan", "status", "sort")
            if request.POST.get(key)
        }
        return redirect(f"{request.path}?{urlencode(filters)}" if filters else request.path)

    form = FacilitatorFilterForm(
        {**request.GET.dict(), "q": request.session.get(SEARCH_SESSION_KEY, "")},
        user=request.user,
    )
    today = timezone.localdate()
    facilitators = with_status(
        with_posting_on(facilitators_visible_to(request.user, today), today), today
    )
    sort, search = "name", None
    if form.is_valid():
        data = form.cleaned_data
        if words := data["q"].strip():
            search = facilitator_search(words)
            facilitators = facilitators.filter(search.match)
            if search.partial_number:
                messages.info(request, PARTIAL_NUMBER)
        if kecamatan := data["kecamatan"]:
            if isinstance(kecamatan, str):  # typed, on a register with many kecamatan
                kecamatan = Q(kelurahan__kecamatan__name__icontains=kecamatan) | Q(
                    kelurahan__kecamatan__code__startswith=kecamatan
                )
            else:
                kecamatan = Q(kelurahan__kecamatan=kecamatan)
            facilitators = facilitators.filter(
                pk__in=Assignment.objects.on(today).filter(kecamatan).values("facilitator")
            )
        if data["status"]:
            facilitators = with_status_filter(facilitators, data["status"], today)
        sort = data["sort"] or "name"
    # By name is by the sort key: case- and accent-insensitive, as on every list.
    order = {
        "name": ["sort_name"],
        "-name": ["-sort_name"],
        "kelurahan": ["kelurahan_name", "sort_name"],
    }.get(sort, [sort, "sort_name"])
    page = Paginator(facilitators.order_by(*order, "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    for person in page.object_list:  # the badge shows the status's label
        person.status = FacilitatorStatus(person.status) if person.status else None
    if search is not None and search.by_nik:
        # Finding someone by their whole NIK tells the searcher whose NIK it is.
        services.disclosure_record(
            facilitators=page.object_list, by=request.user, via=Disclosure.Via.SEARCH
        )
    can_import = (
        request.user.is_staff
        and request.user.has_perms(IMPORT_REGISTER)
        and is_office(request.user)
    )
    return render(
        request,
        "home/facilitator_list.html",
        {
            "form": form,
            "page": page,
            "can_add": request.user.has_perm("registry.add_facilitator")
            and is_office(request.user),
            "can_import": can_import,
            "statuses": FacilitatorStatus,
        },
    )


def _number_search_checked(request: HttpRequest, words: str) -> str:
    """The search words to keep, once a search by a whole NIK or phone number is
    limited and recorded (found or not); "" when the account is over its limit.

    Checked when the words are posted, the one way in: the pages after it show
    the same search again without searching anew."""
    if not words.strip():
        return words
    search = facilitator_search(words)
    kind = search.number_kind
    if not kind:
        return words
    if not services.number_search_allowed(by=request.user, now=timezone.now()):
        services.number_search_record(by=request.user, kind=kind, found=0, refused=True)
        messages.error(
            request,
            services.TOO_MANY_NUMBER_SEARCHES % {"limit": services.number_search_limit()},
        )
        return ""
    today = timezone.localdate()
    found = facilitators_visible_to(request.user, today).filter(search.match)
    services.number_search_record(by=request.user, kind=kind, found=found.count())
    return words


def _facilitator_page(request: HttpRequest, facilitator: Facilitator, *, show_nik=False):
    """The facilitator's page; `facilitator` is read `with_status` today."""
    today = timezone.localdate()
    area = area_of(request.user)
    postings = list(
        facilitator.assignments.with_state(today)
        .select_related("kelurahan__kecamatan")
        .order_by("-start_date")
    )
    for posting in postings:  # its kelurahan's page opens for the user, or it is not a link
        posting.kelurahan_visible = area.covers(posting.kelurahan.code)
    status = facilitator.status  # read with the facilitator (`with_status`)
    attendances = (
        Attendance.objects.filter(facilitator=facilitator)
        .select_related("session__briefing")
        .order_by("-session__date", "-session__start_time")
    )
    contracts, gaps, payment = None, [], None
    # Payment details, even masked, are the office's payroll: never an area's.
    shows_payment = request.user.has_perm(VIEW_PAYMENT_DETAILS) and area.whole
    if request.user.has_perm(VIEW_CONTRACTS):
        # An area sees the contracts of its area, and the gaps of its own postings
        # (which those contracts are all it takes to cover).
        contracts = facilitator_contracts(facilitator, request.user)
        in_area = [posting for posting in postings if posting.kelurahan_visible]
        gaps = uncovered_postings(in_area, contracts, today)
        if shows_payment:
            payment = payment_details_of(facilitator)
    return render(
        request,
        "home/facilitator_detail.html",
        {
            "facilitator": facilitator,
            "postings": postings,
            "current_posting": next((p for p in postings if p.in_force), None),
            "scheduled_posting": next((p for p in postings if p.scheduled), None),
            "status": FacilitatorStatus(status) if status else None,
            "statuses": FacilitatorStatus,
            "deactivation": facilitator.deactivations.open_ended().first(),
            "attendances": attendances,
            "show_nik": show_nik,
            "today": today,
            "contracts": contracts,
            "uncovered": gaps,
            "payment": payment,
            "shows_payment": shows_payment,
            "can_manage_contracts": request.user.has_perm(MANAGE_CONTRACTS) and area.whole,
            "can_manage_payment": request.user.has_perm(MANAGE_PAYMENT_DETAILS) and area.whole,
            "history_entries": facilitator_history(
                facilitator, user=request.user, limit=HISTORY_ON_PAGE
            ),
            "history_url": reverse("audit:facilitator-history", args=[facilitator.pk]),
            "can_move": request.user.has_perm(MANAGE_POSTINGS),
            # The register's personal data and the reserve are the office's.
            "can_manage": request.user.has_perm(MANAGE_REGISTER) and area.whole,
        },
    )


def visible_facilitator(request: HttpRequest, pk: int) -> Facilitator:
    """The facilitator the user may see today, with their status today, or 404."""
    today = timezone.localdate()
    visible = facilitators_visible_to(request.user, today)
    return get_object_or_404(with_status(visible.select_related("user"), today), pk=pk)


@permission_required(VIEW_REGISTER, raise_exception=True)
def facilitator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _facilitator_page(request, visible_facilitator(request, pk))


@permission_required(MANAGE_REGISTER, raise_exception=True)
@office_only
@require_POST
def facilitator_reveal_nik(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full NIK once, to staff who ask for it (never through a URL); the
    disclosure itself is recorded."""
    facilitator = get_object_or_404(
        with_status(Facilitator.objects.select_related("user"), timezone.localdate()), pk=pk
    )
    if facilitator.nik:
        services.disclosure_record(
            facilitators=[facilitator], by=request.user, via=Disclosure.Via.REVEAL
        )
    return _facilitator_page(request, facilitator, show_nik=True)

"""Staff pages of the register: kelurahan and facilitators.

Staff and supervisors read (view permission); only staff write (change/add
permission). Facilitators see their own page under /me/, never these.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import IMPORT_REGISTER, MANAGE_POSTINGS, MANAGE_REGISTER, VIEW_REGISTER
from assignments.models import Assignment
from assignments.selectors import (
    FacilitatorStatus,
    with_posting_on,
    with_status,
    with_status_filter,
)
from assignments.views import kelurahan_page
from audit.records import HISTORY_ON_PAGE, facilitator_history, kelurahan_history
from briefings.models import Attendance
from registry import services
from registry.forms import (
    AccountResetForm,
    FacilitatorAccountForm,
    FacilitatorFilterForm,
    FacilitatorForm,
)
from registry.models import Facilitator, Kelurahan, NikDisclosure
from registry.panels import kelurahan_panels

PAGE_SIZE = 25
SEARCH_SESSION_KEY = "facilitator_search"


@permission_required(VIEW_REGISTER, raise_exception=True)
def kelurahan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "registry/kelurahan_list.html", kelurahan_page(request, timezone.localdate())
    )


@permission_required(VIEW_REGISTER, raise_exception=True)
def kelurahan_detail(request: HttpRequest, code: str) -> HttpResponse:
    kelurahan = get_object_or_404(Kelurahan.objects.select_related("kecamatan"), code=code)
    postings = (
        kelurahan.assignments.with_state(timezone.localdate())
        .select_related("facilitator")
        .order_by("-start_date")
    )
    return render(
        request,
        "registry/kelurahan_detail.html",
        {
            "kelurahan": kelurahan,
            "postings": postings,
            "institutions": kelurahan.institutions.all(),
            "history_entries": kelurahan_history(kelurahan, limit=HISTORY_ON_PAGE),
            "history_url": reverse("audit:kelurahan-history", args=[kelurahan.code]),
            "can_manage": request.user.has_perm(MANAGE_POSTINGS),
            "panels": [panel(kelurahan, request.user) for panel in kelurahan_panels],
        },
    )


@permission_required(VIEW_REGISTER, raise_exception=True)
def facilitator_list(request: HttpRequest) -> HttpResponse:
    # The search words (a name, NIK or phone) are personal data: they travel by
    # POST and wait in the session, never in the URL; the other filters stay in it.
    if request.method == "POST":
        posted = FacilitatorFilterForm(request.POST)
        posted.is_valid()
        request.session[SEARCH_SESSION_KEY] = posted.cleaned_data.get("q", "")
        filters = {
            key: request.POST.get(key, "")
            for key in ("kecamatan", "status", "sort")
            if request.POST.get(key)
        }
        return redirect(f"{request.path}?{urlencode(filters)}" if filters else request.path)

    form = FacilitatorFilterForm(
        {**request.GET.dict(), "q": request.session.get(SEARCH_SESSION_KEY, "")}
    )
    today = timezone.localdate()
    facilitators = with_posting_on(Facilitator.objects.all(), today)
    sort = "name"
    if form.is_valid():
        data = form.cleaned_data
        if query := data["q"].strip():
            digits = "".join(ch for ch in query if ch.isdigit())
            match = Q(name__icontains=query)
            if len(digits) >= 4:
                match |= Q(nik__contains=digits) | Q(phone__contains=digits)
            facilitators = facilitators.filter(match)
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
    order = {"kelurahan": ["kelurahan_name", "name"]}.get(sort, [sort, "name"])
    page = Paginator(facilitators.order_by(*order, "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_import = request.user.is_staff and request.user.has_perms(IMPORT_REGISTER)
    return render(
        request,
        "registry/facilitator_list.html",
        {"form": form, "page": page, "can_import": can_import},
    )


def _facilitator_page(request: HttpRequest, facilitator: Facilitator, *, show_nik=False):
    today = timezone.localdate()
    postings = list(
        facilitator.assignments.with_state(today)
        .select_related("kelurahan__kecamatan")
        .order_by("-start_date")
    )
    status = with_status(Facilitator.objects.filter(pk=facilitator.pk), today)
    status = status.values_list("status", flat=True).get()
    attendances = (
        Attendance.objects.filter(facilitator=facilitator)
        .select_related("session__briefing")
        .order_by("-session__date", "-session__start_time")
    )
    return render(
        request,
        "registry/facilitator_detail.html",
        {
            "facilitator": facilitator,
            "postings": postings,
            "current_posting": next((p for p in postings if p.in_force), None),
            "scheduled_posting": next((p for p in postings if p.scheduled), None),
            "status": FacilitatorStatus(status) if status else None,
            "statuses": FacilitatorStatus,
            "deactivation": facilitator.deactivations.filter(end_date__isnull=True).first(),
            "attendances": attendances,
            "show_nik": show_nik,
            "history_entries": facilitator_history(facilitator, limit=HISTORY_ON_PAGE),
            "history_url": reverse("audit:facilitator-history", args=[facilitator.pk]),
        },
    )


@permission_required(VIEW_REGISTER, raise_exception=True)
def facilitator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facilitator = get_object_or_404(Facilitator.objects.select_related("user"), pk=pk)
    return _facilitator_page(request, facilitator)


@permission_required(MANAGE_REGISTER, raise_exception=True)
@require_POST
def facilitator_reveal_nik(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full NIK once, to staff who ask for it (never through a URL); the
    disclosure itself is recorded."""
    facilitator = get_object_or_404(Facilitator.objects.select_related("user"), pk=pk)
    NikDisclosure.objects.create(facilitator=facilitator, user=request.user)
    return _facilitator_page(request, facilitator, show_nik=True)


@permission_required("registry.add_facilitator", raise_exception=True)
def facilitator_create(request: HttpRequest) -> HttpResponse:
    form = FacilitatorForm(request.POST or None)
    if form.is_valid():
        facilitator = form.save()
        messages.success(request, _("Facilitator %(name)s added.") % {"name": facilitator.name})
        return redirect(facilitator)
    return render(request, "registry/facilitator_form.html", {"form": form})


@permission_required(MANAGE_REGISTER, raise_exception=True)
def facilitator_update(request: HttpRequest, pk: int) -> HttpResponse:
    facilitator = get_object_or_404(Facilitator, pk=pk)
    form = FacilitatorForm(request.POST or None, instance=facilitator)
    if form.is_valid():
        if form.has_changed():
            # Only the fields this person changed: a colleague's edit of others stays.
            form.instance.save(update_fields=form.changed_data)
            messages.success(request, _("Changes to %(name)s saved.") % {"name": facilitator.name})
        return redirect(facilitator)
    return render(
        request, "registry/facilitator_form.html", {"form": form, "facilitator": facilitator}
    )


@permission_required(MANAGE_REGISTER, raise_exception=True)
@never_cache
def facilitator_account(request: HttpRequest, pk: int) -> HttpResponse:
    """The facilitator's login: create it, or see its state and manage it."""
    facilitator = get_object_or_404(Facilitator.objects.select_related("user"), pk=pk)
    if facilitator.user is not None:
        return render(
            request,
            "registry/facilitator_account.html",
            {"facilitator": facilitator, "account": facilitator.user, "form": AccountResetForm()},
        )
    form = FacilitatorAccountForm(
        request.POST or None, initial={"username": suggested_username(facilitator)}
    )
    if form.is_valid():
        try:
            user, password = services.facilitator_account_create(
                facilitator=facilitator,
                username=form.cleaned_data["username"],
                with_password=form.cleaned_data["how"] == "password",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _account_issued(request, facilitator, user, password, created=True)
    return render(
        request, "registry/facilitator_account.html", {"facilitator": facilitator, "form": form}
    )


@permission_required(MANAGE_REGISTER, raise_exception=True)
@require_POST
def facilitator_account_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    facilitator = get_object_or_404(Facilitator, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        user = services.facilitator_account_set_active(facilitator=facilitator, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if active:
            message = _("The login %(username)s can sign in again.")
        else:
            message = _("The login %(username)s is disabled: it can no longer sign in.")
        messages.success(request, message % {"username": user.username})
    return redirect("registry:facilitator-account", pk=facilitator.pk)


@permission_required(MANAGE_REGISTER, raise_exception=True)
@require_POST
@never_cache
def facilitator_account_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """A new initial password, or a new set-password link, for a facilitator's login."""
    facilitator = get_object_or_404(Facilitator.objects.select_related("user"), pk=pk)
    form = AccountResetForm(request.POST)
    if form.is_valid():
        try:
            user, password = services.facilitator_account_reset(
                facilitator=facilitator, with_password=form.cleaned_data["how"] == "password"
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return _account_issued(request, facilitator, user, password, created=False)
    return redirect("registry:facilitator-account", pk=facilitator.pk)


def _account_issued(request, facilitator, user, password, *, created) -> HttpResponse:
    """The password or set-password link, shown this once and never stored in clear."""
    link = None
    if password is None:
        link = request.build_absolute_uri(
            reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        )
    return render(
        request,
        "registry/facilitator_account_issued.html",
        {
            "facilitator": facilitator,
            "account": user,
            "password": password,
            "link": link,
            "link_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
            "created": created,
        },
    )


def suggested_username(facilitator: Facilitator) -> str:
    """first.last from the facilitator's name, in plain letters, free to use.

    Academic and other titles stay out: "Drs. Maras Siregar, S.Farm" is maras.siregar.
    """
    name = facilitator.name.replace("(demo)", "").split(",")[0]
    name = " ".join(word for word in name.split() if not word.endswith("."))
    words = [word for word in slugify(name).split("-") if word] or ["fasilitator"]
    base = ".".join([words[0], words[-1]] if len(words) > 1 else words)[:140]
    taken = set(User.objects.filter(username__istartswith=base).values_list("username", flat=True))
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}{number}", number + 1
    return candidate

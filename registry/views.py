"""Staff pages of the register's own records: adding and editing a facilitator,
and their login. The pages that show a kelurahan or facilitator with their
postings, attendance and history combine several apps and live in `home`.

Staff write (change/add permission). Facilitators see their own page under /me/.
The register's personal data is the office's: closed to an account limited to an
area (`office_only`), whatever its role's permissions.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.areas import office_only
from accounts.models import User
from accounts.roles import MANAGE_REGISTER
from registry import services
from registry.forms import AccountResetForm, FacilitatorAccountForm, FacilitatorForm
from registry.models import Disclosure, Facilitator


@permission_required("registry.add_facilitator", raise_exception=True)
@office_only
def facilitator_create(request: HttpRequest) -> HttpResponse:
    form = FacilitatorForm(request.POST or None)
    if form.is_valid():
        facilitator = form.save()
        messages.success(request, _("Facilitator %(name)s added.") % {"name": facilitator.name})
        return redirect(facilitator)
    if form.is_bound:  # "another facilitator already has this NIK" reveals that it exists
        services.nik_duplicate_disclosure_record(nik=form.instance.nik, by=request.user)
    return render(request, "registry/facilitator_form.html", {"form": form})


@permission_required(MANAGE_REGISTER, raise_exception=True)
@office_only
def facilitator_update(request: HttpRequest, pk: int) -> HttpResponse:
    facilitator = get_object_or_404(Facilitator, pk=pk)
    shows_nik = bool(facilitator.nik)  # as stored: validating changes the instance
    form = FacilitatorForm(request.POST or None, instance=facilitator)
    if form.is_valid():
        if form.has_changed():
            # Only the fields this person changed: a colleague's edit of others stays.
            form.instance.save(update_fields=form.changed_data)
            messages.success(request, _("Changes to %(name)s saved.") % {"name": facilitator.name})
        return redirect(facilitator)
    if form.is_bound:  # "another facilitator already has this NIK" reveals that it exists
        services.nik_duplicate_disclosure_record(
            nik=form.instance.nik, by=request.user, editing=facilitator
        )
    if shows_nik:  # in full, to be corrected: that is seeing it
        services.disclosure_record(
            facilitators=[facilitator], by=request.user, via=Disclosure.Via.EDIT_FORM
        )
    return render(
        request, "registry/facilitator_form.html", {"form": form, "facilitator": facilitator}
    )


@permission_required(MANAGE_REGISTER, raise_exception=True)
@office_only
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
@office_only
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
@office_only
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


def own_facilitator(request: HttpRequest) -> Facilitator:
    """The signed-in user's own record. The pages under /me/ never take an id,
    so nobody can reach another facilitator's data through them."""
    facilitator = Facilitator.objects.filter(user=request.user).first()
    if facilitator is None:
        raise PermissionDenied
    return facilitator

"""The contract pages: the list, one contract, add, edit, renew, its history; and
the scanned document, sent only to who may see it.

Staff keep contracts (add/change permission); supervisors read them. An account
limited to an area reads the contracts of its area (`Contract.objects.visible_to`,
404 for the others) and writes none: keeping contracts is the office's work
(`office_only`). A facilitator downloads their own decree from their page; anyone
else, signed in or not, gets 404 for a document's URL.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.areas import is_office, office_only
from accounts.roles import EVALUATE, MANAGE_CONTRACTS, VIEW_CONTRACTS, VIEW_HONORARIUM_LIST
from activities.files import FILE_ERROR_CODES, file_response
from audit.changes import HISTORY_ON_PAGE
from contracts import selectors, services
from contracts.forms import ContractFilterForm, ContractForm, RenewForm
from contracts.models import Contract
from registry.models import Facilitator

PAGE_SIZE = 50


def visible_contract(request: HttpRequest, pk: int) -> Contract:
    """A contract the user may see, with what the pages show of it, or 404."""
    visible = selectors.contracts_visible_to(request.user, timezone.localdate())
    return get_object_or_404(visible, pk=pk)


def _form_error(form, error: ValidationError) -> None:
    if getattr(error, "code", None) in FILE_ERROR_CODES:
        form.add_error("upload", error)
    else:
        form.add_error(None, error)


@permission_required(VIEW_CONTRACTS, raise_exception=True)
@require_GET
def contract_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = ContractFilterForm(request.GET or None)
    state, ending = "", None
    if form.is_valid():
        state, ending = form.cleaned_data["state"], form.cleaned_data["ending"]
    user = request.user
    contracts = selectors.contract_list(user=user, day=today, state=state, ending_within=ending)
    page = Paginator(contracts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/contract_list.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "can_manage": user.has_perm(MANAGE_CONTRACTS) and is_office(user),
            # The payroll, with account numbers, is the office's.
            "sees_honorarium_list": user.has_perm(VIEW_HONORARIUM_LIST) and is_office(user),
        },
    )


@permission_required(MANAGE_CONTRACTS, raise_exception=True)
@office_only
def contract_create(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("facilitator") or request.POST.get("facilitator") or ""
    if not chosen.isascii() or not chosen.isdigit():
        raise Http404
    facilitator = get_object_or_404(Facilitator, pk=int(chosen))
    form = ContractForm(request.POST or None, request.FILES or None, facilitator=facilitator)
    if form.is_valid():
        try:
            contract = services.contract_create(
                facilitator=facilitator,
                document=form.cleaned_data["upload"],
                by=request.user,
                **form.changes(),
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Contract %(number)s saved.") % {"number": contract.number})
            return redirect(contract)
    return render(
        request, "contracts/contract_form.html", {"form": form, "facilitator": facilitator}
    )


@permission_required(VIEW_CONTRACTS, raise_exception=True)
@require_GET
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = visible_contract(request, pk)
    evaluation = selectors.evaluation_of(contract)
    office = is_office(request.user)
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "renewal": selectors.renewal_of(contract),
            "evaluation": evaluation,
            "today": timezone.localdate(),
            "history_entries": selectors.contract_history(contract, limit=HISTORY_ON_PAGE),
            "can_manage": request.user.has_perm(MANAGE_CONTRACTS) and office,
            "can_evaluate": request.user.has_perm(EVALUATE) and office,
        },
    )


@permission_required(MANAGE_CONTRACTS, raise_exception=True)
@office_only
def contract_update(request: HttpRequest, pk: int) -> HttpResponse:
    contract = visible_contract(request, pk)
    form = ContractForm(
        request.POST or None,
        request.FILES or None,
        instance=contract,
        facilitator=contract.facilitator,
    )
    if form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data if name != "upload"}
        try:
            services.contract_update(
                contract=contract,
                changes=changed,
                document=form.cleaned_data["upload"],
                by=request.user,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("Changes to contract %(number)s saved.") % {"number": contract.number}
            )
            return redirect(contract)
    return render(
        request,
        "contracts/contract_form.html",
        {"form": form, "facilitator": contract.facilitator, "contract": contract},
    )


@permission_required(MANAGE_CONTRACTS, raise_exception=True)
@office_only
def contract_renew(request: HttpRequest, pk: int) -> HttpResponse:
    contract = visible_contract(request, pk)
    start, end = selectors.next_period(contract)
    against = services.renewal_is_against(contract)
    form = RenewForm(
        request.POST or None,
        request.FILES or None,
        against=against,
        initial={
            "signed_by": contract.signed_by,
            "start_date": start,
            "end_date": end,
            "monthly_honorarium": contract.monthly_honorarium,
        },
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            renewal = services.contract_renew(
                contract=contract,
                number=data["number"],
                signed_on=data["signed_on"],
                signed_by=data["signed_by"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                monthly_honorarium=data["monthly_honorarium"],
                document=data["upload"],
                override_reason=data.get("override_reason", ""),
                by=request.user,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("Contract renewed: %(number)s.") % {"number": renewal.number}
            )
            return redirect(renewal)
    return render(
        request,
        "contracts/contract_renew.html",
        {
            "form": form,
            "contract": contract,
            "against": against,
            "may_override": request.user.has_perm(services.OVERRIDE_RENEWAL),
        },
    )


@permission_required(VIEW_CONTRACTS, raise_exception=True)
@require_GET
def contract_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    contract = visible_contract(request, pk)
    return render(
        request,
        "audit/record_history.html",
        {
            "object": contract,
            "history_entries": selectors.contract_history(contract),
            "back_url": contract.get_absolute_url(),
        },
    )


def may_see_document(user, contract: Contract) -> bool:
    """Its facilitator, and whoever reads contracts and may see this one (an area
    account: a contract of its area)."""
    if not user.is_authenticated:
        return False
    if contract.facilitator.user_id == user.pk:
        return True
    if not user.has_perm(VIEW_CONTRACTS):
        return False
    return is_office(user) or Contract.objects.visible_to(user).filter(pk=contract.pk).exists()


@login_not_required  # anonymous visitors get the same 404 as everyone who may not see it
def contract_document(request: HttpRequest, pk: int) -> FileResponse:
    contract = get_object_or_404(Contract.objects.select_related("facilitator"), pk=pk)
    if not may_see_document(request.user, contract) or not contract.document:
        raise Http404
    return file_response(
        contract.document, content_type="application/pdf", filename=f"kontrak-{contract.pk}.pdf"
    )

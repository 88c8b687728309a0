"""The evaluation of a contract period (supervisors fill it in), the period's
evaluations on screen, and the renewal of those recommended (staff).

An account limited to an area reads the evaluations of its area's contracts;
evaluating and renewing are the office's work (`office_only`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.areas import is_office, office_only
from accounts.roles import EVALUATE, MANAGE_CONTRACTS, VIEW_EVALUATIONS
from contracts import selectors, services
from contracts.forms import EvaluationForm, PeriodFilterForm, RenewRecommendedForm
from contracts.reports import indicator_rows, recap_page
from contracts.views.contracts import visible_contract


@permission_required(EVALUATE, raise_exception=True)
@office_only
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluation form of one contract, its indicators read from the register."""
    contract = visible_contract(request, pk)
    today = timezone.localdate()
    evaluation = selectors.evaluation_of(contract)
    criteria = selectors.criteria_in_use()
    initial = {}
    if evaluation is not None:
        initial = {"recommendation": evaluation.recommendation, "comment": evaluation.comment}
        initial |= {f"score_{s.criterion_id}": s.score for s in evaluation.scores.all()}
    form = EvaluationForm(request.POST or None, initial=initial, criteria=criteria)
    if form.is_valid():
        try:
            services.evaluation_save(
                contract=contract,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
                day=today,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The evaluation is saved."))
            return redirect(contract)
    figures = selectors.evaluation_indicators(contract, today)
    return render(
        request,
        "contracts/evaluation_form.html",
        {
            "form": form,
            "contract": contract,
            "indicators": indicator_rows(figures),
            "evaluation": evaluation,
        },
    )


@permission_required(VIEW_EVALUATIONS, raise_exception=True)
@require_GET
def evaluations(request: HttpRequest) -> HttpResponse:
    """The contracts ending in a period (of a kecamatan) with their evaluation, a page
    at a time: fill in, print, renew (an area: its own contracts, to read). The renewal
    takes every contract of the filter recommended and not renewed, on every page."""
    user = request.user
    today = timezone.localdate()
    form = PeriodFilterForm.of_query(request.GET, user=user)
    can_renew = user.has_perm(MANAGE_CONTRACTS) and is_office(user)
    page, lines, to_renew, renew_form, kecamatan = None, [], [], None, None
    if form.is_valid():
        start, end, kecamatan = (form.cleaned_data[k] for k in ("start", "end", "kecamatan"))
        contracts = selectors.contracts_ending_in(start, end, user=user, kecamatan=kecamatan)
        page, lines = recap_page(contracts, request.GET.get("page"), user=user, day=today)
        if can_renew:
            # Those the renewal would take (services.contracts_renew_recommended).
            to_renew = list(
                selectors.recommended_for_renewal(start, end, kecamatan).values_list(
                    "facilitator__name", flat=True
                )
            )
            renew_form = RenewRecommendedForm(
                initial={
                    "period_start": start,
                    "period_end": end,
                    "kecamatan": kecamatan.code if kecamatan else "",
                    "signed_by": "Kepala Dinas",
                },
                auto_id="renew-%s",  # beside the filter's fields, a kecamatan of its own
            )
    return render(
        request,
        "contracts/evaluations.html",
        {
            "form": form,
            "page": page,
            "lines": lines,
            "to_renew": to_renew,
            "renew_form": renew_form,
            "kecamatan": kecamatan,
            "can_renew": can_renew,
            "can_evaluate": user.has_perm(EVALUATE) and is_office(user),
            # The printable recap of the same filters (and its page of the same rows).
            "query": request.GET.urlencode(),
        },
    )


@permission_required(MANAGE_CONTRACTS, raise_exception=True)
@office_only
@require_POST
def renew_recommended(request: HttpRequest) -> HttpResponse:
    form = RenewRecommendedForm(request.POST)
    back = reverse("contracts:evaluations")
    if not form.is_valid():
        messages.error(
            request,
            _("The renewal needs the decree's number and date: %(errors)s")
            % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
        return redirect(back)
    data = form.cleaned_data
    back += "?" + urlencode(
        {
            "start": f"{data['period_start']:%Y-%m-%d}",
            "end": f"{data['period_end']:%Y-%m-%d}",
            **({"kecamatan": data["kecamatan"].code} if data["kecamatan"] else {}),
        }
    )
    try:
        renewed = services.contracts_renew_recommended(by=request.user, **data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)s contracts renewed under decree %(number)s.")
            % {"count": len(renewed), "number": data["number"]},
        )
    return redirect(back)

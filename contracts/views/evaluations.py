"""The evaluation of a contract period (supervisors fill it in), the period's
evaluations on screen, and the renewal of those recommended (staff).

An account limited to an area reads the evaluations of its area's contracts;
evaluating and renewing are the office's work (`office_only`)."""

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
from contracts.forms import EvaluationForm, PeriodFilterForm, RenewRecommendedForm, this_year
from contracts.reports import indicator_rows, recap_lines
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
    """The contracts ending in a period with their evaluation: fill in, print, renew
    (an area: its own contracts, to read)."""
    user = request.user
    start, end = this_year()
    form = PeriodFilterForm(request.GET or {"start": start, "end": end})
    lines, criteria = [], []
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        criteria = selectors.criteria_in_use()
        lines = recap_lines(start, end, criteria, user=user, day=timezone.localdate())
    to_renew = [
        line for line in lines if line.evaluation and line.evaluation.renews and not line.renewed
    ]
    return render(
        request,
        "contracts/evaluations.html",
        {
            "form": form,
            "lines": lines,
            "criteria": criteria,
            "to_renew": to_renew,
            "renew_form": RenewRecommendedForm(
                initial={"period_start": start, "period_end": end, "signed_by": "Kepala Dinas"}
            ),
            "can_renew": user.has_perm(MANAGE_CONTRACTS) and is_office(user),
            "can_evaluate": user.has_perm(EVALUATE) and is_office(user),
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
    back += f"?start={data['period_start']:%Y-%m-%d}&end={data['period_end']:%Y-%m-%d}"
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

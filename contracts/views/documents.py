"""The honorarium list and the evaluation recap in their four forms, and the
evaluation sheet (page and PDF).

The honorarium list carries account numbers: only the office's staff and
supervisors open it (never an account limited to an area: `office_only`), and
every opening, in every form, is recorded (who, when, which month), a list made
in the background when made and at each download. Its URL carries the month
only. The evaluation recap and sheets are built for the user: an area reads its
own contracts' evaluations, and an empty filter is its whole area.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.areas import office_only
from accounts.roles import MANAGE_CONTRACTS, VIEW_EVALUATIONS, VIEW_HONORARIUM_LIST
from activities.models import month_is_over
from activities.reports import last_month
from contracts import selectors, services
from contracts.forms import HonorariumFilterForm, PeriodFilterForm
from contracts.reports import EvaluationRecapReport, EvaluationSheet, HonorariumReport
from contracts.selectors import kelurahan_of
from registry.models import ReportSettings
from reports.formats import REPORT_LANGUAGE, pdf_response, respond


def _invalid(request, form, fmt: str, title: str) -> HttpResponse:
    if fmt != "html":
        return HttpResponseBadRequest(_("The filters of this report are not valid."))
    return render(request, "reports/invalid.html", {"form": form, "title": title}, status=400)


@permission_required(VIEW_HONORARIUM_LIST, raise_exception=True)
@office_only
@require_GET
def honorarium_list(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    form = HonorariumFilterForm(request.GET or {"month": last_month()}, user=request.user)
    if form.is_valid():
        month = form.cleaned_data["month"]
        # A month is paid once it is over: the list of a month not over is refused in
        # every form, so no document of it can be mistaken for one that pays.
        if not month_is_over(month, today=timezone.localdate()):
            form.add_error("month", services.month_not_over(month))
    if not form.is_valid():
        if fmt != "html" and form.errors.get("month"):
            return HttpResponseBadRequest(" ".join(form.errors["month"]))
        return _invalid(request, form, fmt, _("Monthly honorarium list"))
    report = HonorariumReport(**form.cleaned_data, user=request.user)
    # Each opening is recorded by respond() (HonorariumReport.record_opening), when the
    # list reaches the person: now, or when a background job has made it and at each
    # download of that file.
    return respond(request, report, fmt, url_name="contracts:honorarium", form=form)


@permission_required(VIEW_HONORARIUM_LIST, raise_exception=True)
@permission_required(MANAGE_CONTRACTS, raise_exception=True)
@office_only
@require_POST
def honorarium_issue(request: HttpRequest) -> HttpResponse:
    """Issue the month's list for payment: from then on it is that document."""
    form = HonorariumFilterForm(request.POST, user=request.user)
    if not form.is_valid():
        return _invalid(request, form, "html", _("Monthly honorarium list"))
    month = form.cleaned_data["month"]
    try:
        services.honorarium_list_issue(month=month, day=timezone.localdate(), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The honorarium list of %(month)s is issued.") % {"month": date_format(month, "F Y")},
        )
    return redirect(reverse("contracts:honorarium") + f"?month={month:%Y-%m}")


@permission_required(VIEW_EVALUATIONS, raise_exception=True)
@require_GET
def evaluation_recap(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    form = PeriodFilterForm.of_query(request.GET, user=request.user)
    if not form.is_valid():
        return _invalid(request, form, fmt, _("Recap of the performance evaluations"))
    report = EvaluationRecapReport(**form.cleaned_data, user=request.user)
    if fmt == "html":
        # The page shows a page of lines, its links keeping the filters; the files
        # hold every line (and their links no page number).
        report.paginate(request.GET.get("page"))
    return respond(request, report, fmt, url_name="contracts:evaluation-recap", form=form)


@permission_required(VIEW_EVALUATIONS, raise_exception=True)
@require_GET
def evaluation_sheet(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    evaluation = get_object_or_404(selectors.evaluations_for_sheet(request.user), pk=pk)
    report = EvaluationSheet(evaluation=evaluation, kelurahan=kelurahan_of(evaluation.contract))
    with translation.override(REPORT_LANGUAGE):
        context = {
            "report": report,
            "letterhead": ReportSettings.load(),
            "links": {
                "html": reverse("contracts:evaluation-sheet", args=[pk]),
                "pdf": reverse("contracts:evaluation-sheet-pdf", args=[pk]),
                "back": reverse("contracts:detail", args=[evaluation.contract_id]),
            },
            "for_pdf": fmt == "pdf",
            "evaluation": evaluation,
            **report.print_context(),
        }
        if fmt == "pdf":
            return pdf_response(request, report, context)
        return render(request, report.template, context)

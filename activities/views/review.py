"""The office's pages: the matrix, the inbox, the review; verify, return, approve.

An account limited to an area sees and decides on the reports of the
facilitators posted in its area during the report's month only
(`MonthlyReport.objects.visible_to`).
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import APPROVE_REPORTS, VERIFY_REPORTS, VIEW_REPORTS
from activities import services
from activities.forms import MonthForm, OpenMonthForm, ReturnForm, VerifyForm
from activities.models import (
    ActivityEntry,
    Attachment,
    MonthlyReport,
    ReportingSettings,
    month_end,
    month_is_over,
)
from activities.selectors import CELL_LABELS, postings_during, report_matrix
from assignments.models import Assignment
from registry.models import Facilitator, Kecamatan

INBOX_PAGE = 50
KECAMATAN_CHOICES = 200  # beyond, the matrix's kecamatan filter is a text field


def matrix_rows() -> int:
    """Facilitators on one page of the matrix before a kecamatan must be chosen."""
    return getattr(settings, "ACTIVITY_MATRIX_ROWS", 600)


@permission_required(VIEW_REPORTS, raise_exception=True)
def matrix(request: HttpRequest) -> HttpResponse:
    """Who has reported, month by month, by kecamatan: the first screen on report days."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= today.year + 1:
        raise Http404
    # A national register has thousands of kecamatan: then the filter takes a typed code.
    visible = Kecamatan.objects.visible_to(request.user)
    kecamatans = list(visible.order_by("code")[: KECAMATAN_CHOICES + 1])
    code = request.GET.get("kecamatan", "")
    chosen = next((k for k in kecamatans if k.code == code), None)
    if len(kecamatans) > KECAMATAN_CHOICES:
        kecamatans = []
        chosen = visible.filter(code=code).first() if code else None
    table, too_many = None, 0
    if chosen is None:
        # A national register does not fit one page: then the kecamatan is chosen first.
        start = datetime.date(year, 1, 1)
        too_many = (
            postings_during(start, start.replace(month=12, day=31))
            .visible_to(request.user)
            .values("facilitator")
            .distinct()
            .count()
        )
        too_many = too_many if too_many > matrix_rows() else 0
    if not too_many:
        table = report_matrix(year, today=today, user=request.user, kecamatan=chosen)
    return render(
        request,
        "activities/matrix.html",
        {
            "table": table,
            "too_many": too_many,
            "year": year,
            "years": list(range(today.year, today.year - 6, -1)),
            "kecamatans": kecamatans,
            "chosen": chosen,
            "legend": list(CELL_LABELS.items()),
            "can_approve": request.user.has_perm(APPROVE_REPORTS),
            "can_open_months": request.user.has_perm(VERIFY_REPORTS),
            "current_month": today.replace(day=1) if year == today.year else None,
            # Approving waits until the month is over (services.check_month_over).
            "approvable": [
                (month, count)
                for month, count in zip(table.months, table.verified_per_month, strict=True)
                if count and month_is_over(month, today=today)
            ]
            if table
            else [],
        },
    )


@permission_required(VIEW_REPORTS, raise_exception=True)
def inbox(request: HttpRequest) -> HttpResponse:
    """Reports waiting: submitted ones for staff to check, verified ones to approve."""
    reports = MonthlyReport.objects.visible_to(request.user)
    waiting = Paginator(reports.for_inbox(), INBOX_PAGE).get_page(request.GET.get("page"))
    verified = (
        reports.filter(state=MonthlyReport.State.VERIFIED)
        .select_related("facilitator", "kelurahan__kecamatan", "verified_by")
        .order_by("verified_at", "pk")
    )
    to_approve = Paginator(verified, INBOX_PAGE).get_page(request.GET.get("approve_page"))
    return render(
        request,
        "activities/inbox.html",
        {
            "waiting": waiting,
            "to_approve": to_approve,
            "can_verify": request.user.has_perm(VERIFY_REPORTS),
            "can_approve": request.user.has_perm(APPROVE_REPORTS),
        },
    )


def reviewed_report(pk: int, user) -> MonthlyReport:
    """A report the office may read: submitted at least once (drafts stay the
    facilitator's), and of the user's area."""
    report = get_object_or_404(
        MonthlyReport.objects.visible_to(user)
        .select_related("facilitator", "kelurahan__kecamatan", "verified_by", "approved_by")
        .exclude(state=MonthlyReport.State.DRAFT),
        pk=pk,
    )
    return report


def entries_with_files(report: MonthlyReport) -> list[ActivityEntry]:
    return list(
        report.entries()
        .select_related("kind", "kelurahan")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("date", "pk")
    )


@permission_required(VIEW_REPORTS, raise_exception=True)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    report = reviewed_report(pk, request.user)
    return _review_page(request, report)


def _review_page(request, report, *, return_form=None, verify_form=None, status=200):
    entries = entries_with_files(report)
    over = month_is_over(report.month, today=timezone.localdate())
    return render(
        request,
        "activities/review.html",
        {
            "report": report,
            "entries": entries,
            "photos": [a for entry in entries for a in entry.attachments.all() if a.is_photo],
            "transitions": list(report.transitions.select_related("by")),
            "openings": list(
                report.facilitator.month_openings.filter(month=report.month).select_related(
                    "opened_by"
                )
            ),
            "deadline": ReportingSettings.load().deadline_of(report.month),
            "return_form": return_form or ReturnForm(),
            "verify_form": verify_form or VerifyForm(),
            "month_over": over,
            "decide_from": month_end(report.month) + datetime.timedelta(days=1),
            "can_return": request.user.has_perm(VERIFY_REPORTS)
            and report.state == MonthlyReport.State.SUBMITTED,
            "can_verify": request.user.has_perm(VERIFY_REPORTS)
            and report.state == MonthlyReport.State.SUBMITTED
            and over,
            "can_approve": request.user.has_perm(APPROVE_REPORTS)
            and report.state == MonthlyReport.State.VERIFIED
            and over,
        },
        status=status,
    )


@permission_required(VERIFY_REPORTS, raise_exception=True)
@require_POST
def return_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = reviewed_report(pk, request.user)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.report_return(
                report=report, comment=form.cleaned_data["comment"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report is returned to the facilitator."))
            return redirect("activities:inbox")
    return _review_page(request, report, return_form=form, status=400)


@permission_required(VERIFY_REPORTS, raise_exception=True)
@require_POST
def verify_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = reviewed_report(pk, request.user)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.report_verify(
                report=report, comment=form.cleaned_data["comment"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report is verified."))
            return redirect("activities:inbox")
    return _review_page(request, report, verify_form=form, status=400)


@permission_required(APPROVE_REPORTS, raise_exception=True)
@require_POST
def approve_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = reviewed_report(pk, request.user)
    try:
        services.report_approve(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("activities:review", pk=pk)
    messages.success(request, _("The report is approved."))
    return redirect("activities:inbox")


@permission_required(APPROVE_REPORTS, raise_exception=True)
@require_POST
def approve_month(request: HttpRequest) -> HttpResponse:
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a month."))
        return redirect("activities:matrix")
    month: datetime.date = form.cleaned_data["month"]
    try:
        approved = services.reports_approve_month(month=month, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('activities:matrix')}?year={month.year}")
    messages.success(
        request,
        _("%(count)s verified reports of %(month)s are approved.")
        % {"count": len(approved), "month": month.strftime("%m/%Y")},
    )
    return redirect(f"{reverse('activities:matrix')}?year={month.year}")


@permission_required(VERIFY_REPORTS, raise_exception=True)
def open_month(request: HttpRequest, pk: int) -> HttpResponse:
    """Opens a month closed for logging to one facilitator, with a reason."""
    ever_in_area = Assignment.objects.visible_to(request.user).filter(facilitator=OuterRef("pk"))
    facilitator = get_object_or_404(Facilitator.objects.filter(Exists(ever_in_area)), pk=pk)
    form = OpenMonthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opening = services.month_open(
                facilitator=facilitator,
                month=form.cleaned_data["month"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            by_field = (
                error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
            )
            for name, errors in by_field.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("%(month)s is open for late entry to %(name)s.")
                % {"month": date_format(opening.month, "F Y"), "name": facilitator.name},
            )
            return redirect(f"{reverse('activities:matrix')}?year={opening.month.year}")
    openings = list(facilitator.month_openings.select_related("opened_by").order_by("-month"))
    return render(
        request,
        "activities/open_month.html",
        {
            "facilitator": facilitator,
            "form": form,
            "openings": openings,
            "oldest_open": ReportingSettings.load().oldest_open_month(timezone.localdate()),
        },
        status=400 if form.errors else 200,
    )

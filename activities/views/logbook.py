"""The facilitator's own pages under /me/: the logbook and the monthly report.

These pages never take a facilitator's id: the facilitator is the signed-in
user's own record, and an entry of anyone else answers 404.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import services
from activities.files import FILE_ERROR_CODES
from activities.forms import EntryForm, ReportTextsForm
from activities.models import (
    ActivityEntry,
    Attachment,
    MonthlyReport,
    ReportingSettings,
    month_start,
    next_month,
)
from activities.selectors import LATE, cell_state
from registry.views import own_facilitator


def _month(year: int, month: int) -> datetime.date:
    try:
        return datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None


def _own_entry(request: HttpRequest, pk: int) -> ActivityEntry:
    facilitator = own_facilitator(request)  # 403 for anyone who is not a facilitator
    return get_object_or_404(
        ActivityEntry.objects.select_related("facilitator", "kind", "kelurahan"),
        pk=pk,
        facilitator=facilitator,
    )


def _report_url(month: datetime.date) -> str:
    return reverse("activities:my-report", args=[month.year, month.month])


def _refuse(form, error: ValidationError) -> None:
    """A service's refusal shown on the form, on its field where it names one."""
    if getattr(error, "code", None) in FILE_ERROR_CODES and "upload" in form.fields:
        form.add_error("upload", error)
    elif hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def month_status(facilitator, month: datetime.date, report, today: datetime.date) -> dict:
    """What the logbook and the report page say of a month: whether it can still be
    written (and if not, why), when the report can be submitted, and whether it is late."""
    settings = ReportingSettings.load()
    deadline = settings.deadline_of(month)
    refusal = services.logging_refusal(
        facilitator=facilitator, month=month, today=today, report=report
    )
    state = report.state if report else None
    first = services.first_posting_month(facilitator)
    return {
        # Before the first posting a month has no report page (my_report answers 404).
        "posted_by_then": first is not None and month >= first,
        "deadline": deadline,
        "closed": refusal,
        "editable": (report is None or report.editable) and not refusal,
        "submit_from": settings.submission_opens(month),
        "can_submit": today >= settings.submission_opens(month),
        # Late as the office's matrix shows it: submitted late, or not submitted by the deadline.
        "late": bool(report and report.late)
        or cell_state(state, month, today=today, deadline=deadline) == LATE,
    }


def logbook(request: HttpRequest) -> HttpResponse:
    """My activities of one month (this month unless asked), with the month's report."""
    facilitator = own_facilitator(request)
    today = timezone.localdate()
    month = month_start(today)
    if "month" in request.GET:
        try:
            month = datetime.datetime.strptime(request.GET["month"], "%Y-%m").date()
        except ValueError:
            raise Http404 from None
    entries = list(
        ActivityEntry.objects.filter(facilitator=facilitator)
        .of_month(month)
        .for_list()
        .prefetch_related("attachments")
    )
    report = MonthlyReport.objects.filter(facilitator=facilitator, month=month).first()
    previous = month_start(month - datetime.timedelta(days=1))
    following = next_month(month)
    return render(
        request,
        "activities/logbook.html",
        {
            "facilitator": facilitator,
            "month": month,
            "entries": entries,
            "report": report,
            **month_status(facilitator, month, report, today),
            "previous": previous,
            "following": following if following <= today else None,
            "report_url": _report_url(month),
        },
    )


def entry_create(request: HttpRequest) -> HttpResponse:
    facilitator = own_facilitator(request)
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        initial={"date": timezone.localdate(), "accompanied": "LPM"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                entry = services.entry_create(
                    facilitator=facilitator,
                    is_draft="draft" in request.POST,
                    by=request.user,
                    **form.changes(),
                )
                # Last in the transaction: a refused file takes the stored ones with it.
                services.attachments_add(
                    entry=entry,
                    uploads=form.cleaned_data["upload"],
                    caption=form.cleaned_data["caption"],
                    by=request.user,
                )
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The activity is saved."))
            return redirect(f"{reverse('activities:logbook')}?month={entry.date:%Y-%m}")
    return render(request, "activities/entry_form.html", {"form": form, "entry": None})


def entry_update(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    form = EntryForm(request.POST or None, request.FILES or None, instance=entry)
    report = MonthlyReport.objects.filter(facilitator=entry.facilitator, month=entry.month).first()
    status = month_status(entry.facilitator, entry.month, report, timezone.localdate())
    editable = status["editable"]
    if request.method == "POST" and editable and form.is_valid():
        try:
            with transaction.atomic():
                services.entry_update(
                    entry=entry, is_draft="draft" in request.POST, by=request.user, **form.changes()
                )
                # Last in the transaction: a refused file takes the stored ones with it.
                services.attachments_add(
                    entry=entry,
                    uploads=form.cleaned_data["upload"],
                    caption=form.cleaned_data["caption"],
                    by=request.user,
                )
        except ValidationError as error:
            _refuse(form, error)
            entry.refresh_from_db()
        else:
            messages.success(request, _("The activity is saved."))
            return redirect(f"{reverse('activities:logbook')}?month={entry.date:%Y-%m}")
    return render(
        request,
        "activities/entry_form.html",
        {
            "form": form,
            "entry": entry,
            "attachments": list(entry.attachments.all()),
            "editable": editable,
            "report": report,
            "closed": status["closed"],
        },
    )


def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    month = entry.date
    try:
        services.entry_delete(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("activities:entry-update", pk=pk)
    messages.success(request, _("The activity is deleted."))
    return redirect(f"{reverse('activities:logbook')}?month={month:%Y-%m}")


def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        Attachment.objects.select_related("entry__facilitator"),
        pk=pk,
        entry__facilitator=own_facilitator(request),
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.attachment_delete(attachment=attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The file is removed."))
    return redirect("activities:entry-update", pk=attachment.entry_id)


def my_report(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The month's report: its activities, the texts, and the submit button."""
    facilitator = own_facilitator(request)
    month = _month(year, month)
    today = timezone.localdate()
    if month > today:
        raise Http404
    report = MonthlyReport.objects.filter(facilitator=facilitator, month=month).first()
    if report is not None:
        report.facilitator = facilitator  # the history names them: no query to find it
    status = month_status(facilitator, month, report, today)
    if not status["posted_by_then"]:
        # Before the first posting a month has no report, as it has no activities.
        raise Http404
    editable = status["editable"]
    form = ReportTextsForm(request.POST or None, instance=report)
    if request.method == "POST" and editable and form.is_valid():
        try:
            report = services.report_save(
                facilitator=facilitator, month=month, by=request.user, **form.cleaned_data
            )
            if "submit" in request.POST:
                services.report_submit(report=report, by=request.user)
                messages.success(request, _("The report is submitted. DPMPPA will check it."))
            else:
                messages.success(request, _("The report is saved as a draft."))
        except ValidationError as error:
            _refuse(form, error)
        else:
            return redirect(_report_url(month))
    entries = list(ActivityEntry.objects.filter(facilitator=facilitator).of_month(month).for_list())
    transitions = list(report.transitions.select_related("by")) if report else []
    return render(
        request,
        "activities/my_report.html",
        {
            "facilitator": facilitator,
            "month": month,
            "report": report,
            "form": form,
            **status,
            "openings": list(
                facilitator.month_openings.filter(month=month).select_related("opened_by")
            ),
            "finished": [entry for entry in entries if not entry.is_draft],
            "drafts": [entry for entry in entries if entry.is_draft],
            "transitions": transitions,
            "returned_comment": next(
                (t.comment for t in reversed(transitions) if t.to_state == "returned"), ""
            ),
        },
    )

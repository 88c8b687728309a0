"""The report pages under /reports/: staff and supervisors only.

Each view reads its filters, has the owning app build the report
(assignments.reports, briefings.reports) for the signed-in user and answers in
the asked form through reports.formats. Invalid filters show the page again
with the errors; a file is never made from them. A report is built for a
user: an account limited to an area gets its area, whatever the filters (an
empty filter is the whole area, a kecamatan outside it is not a valid choice).
"""

import copy
from urllib.parse import quote

from django.contrib.auth.decorators import permission_required
from django.db.models import Min
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import VIEW_REGISTER
from assignments.reports import RosterFilterForm, RosterReport
from briefings.models import Briefing
from briefings.reports import (
    AttendanceRecapReport,
    AttendanceSheetReport,
    RecapFilterForm,
    SheetFilterForm,
)
from reports.entries import entries_for
from reports.formats import respond

RECENT_BRIEFINGS = 10


@permission_required(VIEW_REGISTER, raise_exception=True)
@require_GET  # reports only read: any other method is refused (405)
def index(request: HttpRequest) -> HttpResponse:
    briefings = (
        Briefing.objects.visible_to(request.user)
        .annotate(first_session=Min("sessions__date"))
        .order_by("-created_at", "-pk")[:RECENT_BRIEFINGS]
    )
    return render(
        request,
        "reports/index.html",
        {
            # Several forms on one page: each its own ids, so each label finds its field.
            "roster_form": RosterFilterForm(user=request.user, auto_id="roster-%s"),
            "recap_form": RecapFilterForm(user=request.user, auto_id="recap-%s"),
            "briefings": list(briefings),
            "kinds": [SheetFilterForm.BLANK, SheetFilterForm.RECORDED],
            # The reports of the apps above this one, those the user may open.
            "entries": entries_for(request.user),
        },
    )


def _invalid(request: HttpRequest, form, fmt: str, title: str) -> HttpResponse:
    if fmt != "html":
        return HttpResponseBadRequest(_("The filters of this report are not valid."))
    return render(request, "reports/invalid.html", {"form": form, "title": title}, status=400)


@permission_required(VIEW_REGISTER, raise_exception=True)
@require_GET  # reports only read: any other method is refused (405)
def roster(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    form = RosterFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return _invalid(request, form, fmt, _("Roster of ward facilitators"))
    report = RosterReport(**form.cleaned_data, user=request.user)
    return respond(request, report, fmt, url_name="reports:roster", form=form)


@permission_required(VIEW_REGISTER, raise_exception=True)
@require_GET  # reports only read: any other method is refused (405)
def attendance_sheet(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    briefing = get_object_or_404(Briefing.objects.visible_to(request.user), pk=pk)
    form = SheetFilterForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form, fmt, _("Attendance sheet"))
    report = AttendanceSheetReport(
        briefing=briefing, kind=form.cleaned_data["kind"], user=request.user
    )
    return respond(
        request, report, fmt, url_name="reports:attendance-sheet", url_kwargs={"pk": pk}, form=form
    )


@permission_required(VIEW_REGISTER, raise_exception=True)
@require_GET  # reports only read: any other method is refused (405)
def attendance_recap(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    form = RecapFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return _invalid(request, form, fmt, _("Briefing attendance recap"))
    report = AttendanceRecapReport(**form.cleaned_data, user=request.user)
    return respond(request, report, fmt, url_name="reports:attendance-recap", form=form)


@require_POST
def document_make(request: HttpRequest) -> HttpResponse:
    """POST `document` (an address with its filters, as the offer page gives it): run
    that report's view again as a GET of this user, allowed to queue the document.
    If the view no longer wants a job (the document is short enough now, or refused,
    or not a document at all), the user is sent to the address to see what it is."""
    path, __, query = request.POST.get("document", "").partition("?")
    if not path.startswith("/") or path.startswith("//"):
        raise Http404
    try:
        match = resolve(path)
    except Resolver404 as unknown:
        raise Http404 from unknown
    asked = copy.copy(request)
    asked.method = "GET"
    asked.GET = QueryDict(query)
    asked.path = asked.path_info = path
    asked.META = {**request.META, "REQUEST_METHOD": "GET", "QUERY_STRING": query}
    asked.resolver_match = match
    asked.document_queue = True
    response = match.func(asked, *match.args, **match.kwargs)
    if getattr(response, "document_queued", False):
        return response
    # The address as typed may hold anything: sent back encoded, never as raw text.
    query = asked.GET.urlencode()
    return redirect(quote(path) + (f"?{query}" if query else ""))

"""The report as a document (page and PDF), the files, and the recap.

Files are never served from a public media URL: each one is sent by
`attachment` after checking the viewer may see its report (its facilitator,
or the office, or an account of the area the facilitator was posted in that
month). Anyone else, signed in or not, gets 404: the URL says nothing about
whether the file exists.
"""

from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.areas import is_office
from accounts.roles import VIEW_REPORTS
from activities.files import file_response
from activities.models import Attachment, MonthlyReport
from activities.reports import MonthlyReportDocument, RecapFilterForm, RecapReport, last_month
from activities.views.review import entries_with_files
from registry.models import ReportSettings
from reports.background import building
from reports.formats import NOTES, NOW, REPORT_LANGUAGE, refuse_or_queue, respond, way_of


def may_see(user, report: MonthlyReport) -> bool:
    """The facilitator sees their own report; the office sees those submitted, an
    account limited to an area those of its area."""
    if not user.is_authenticated:
        return False
    if report.facilitator.user_id == user.pk:
        return True
    if not user.has_perm(VIEW_REPORTS) or report.state == MonthlyReport.State.DRAFT:
        return False
    return is_office(user) or MonthlyReport.objects.visible_to(user).filter(pk=report.pk).exists()


@login_not_required  # anonymous visitors get the same 404 as everyone who may not see it
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    found = get_object_or_404(Attachment.objects.select_related("entry__facilitator"), pk=pk)
    report = MonthlyReport.objects.filter(
        facilitator=found.entry.facilitator, month=found.entry.month
    ).first() or MonthlyReport(facilitator=found.entry.facilitator, month=found.entry.month)
    if not may_see(request.user, report):
        raise Http404
    name = f"lampiran-{found.pk}.{'pdf' if found.content_type == 'application/pdf' else 'jpg'}"
    return file_response(found.file, content_type=found.content_type, filename=name)


def document(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """The monthly report as the office files it: an A4 page to print, or a PDF."""
    report = get_object_or_404(
        MonthlyReport.objects.select_related(
            "facilitator__user",
            "kelurahan__kecamatan",
            "verified_by",
            "approved_by",
        ),
        pk=pk,
    )
    if not may_see(request.user, report):
        raise Http404
    entries = entries_with_files(report)
    for_pdf = fmt == "pdf"
    with translation.override(REPORT_LANGUAGE):
        doc = MonthlyReportDocument(report=report, entries=entries)
        links = {
            "html": reverse("activities:document", args=[pk]),
            "pdf": reverse("activities:document-pdf", args=[pk]),
            "back": reverse("activities:review", args=[pk])
            if request.user.has_perm(VIEW_REPORTS)
            else reverse("activities:my-report", args=[report.month.year, report.month.month]),
        }
        # A month of many photos is made in the background, like any long document.
        if answer := refuse_or_queue(request, doc, fmt, links=links, forms=["pdf"]):
            return answer
        photos = doc.photos()
        if for_pdf:
            from activities import pdf  # loads pango: only when a PDF is asked for

            for photo in photos:
                photo.src = pdf.photo_url(photo.attachment)
        context = {
            "report": doc,
            "monthly": report,
            "letterhead": ReportSettings.load(),
            "links": links,
            "file_notes": {"pdf": NOTES[way]} if (way := way_of("pdf", doc.size())) != NOW else {},
            "for_pdf": for_pdf,
            "photos": photos,
            **doc.print_context(),
        }
        if for_pdf:
            html = render_to_string(doc.template, context, request=request)
            build = building(request)
            content = pdf.with_photos(
                html,
                {photo.src: photo.attachment for photo in photos},
                on_page=build.page if build is not None else None,
            )
            response = HttpResponse(content, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{doc.filename}.pdf"'
            return response
        return render(request, doc.template, context)


@permission_required(VIEW_REPORTS, raise_exception=True)
def recap(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    form = RecapFilterForm(request.GET or {"month": last_month()}, user=request.user)
    if not form.is_valid():
        if fmt != "html":
            return HttpResponseBadRequest(_("The filters of this report are not valid."))
        return render(
            request,
            "reports/invalid.html",
            {"form": form, "title": _("Recap of monthly reports")},
            status=400,
        )
    report = RecapReport(**form.cleaned_data, user=request.user)
    return respond(request, report, fmt, url_name="activities:recap", form=form)

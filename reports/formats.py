"""One report, four forms: the format plumbing shared by every report.

An app describes each of its reports in its own `reports.py` as a `Report`:
the title, the filters used, the columns and the rows (streamed), the totals,
and a print template with the context that template needs. This module turns
it into

- the printable A4 page (HTML, print stylesheet, no script needed),
- a PDF made on the server by WeasyPrint from that same template,
- an XLSX workbook (openpyxl in write-only mode: memory stays flat),
- a CSV file, streamed row by row.

CSV dialect: UTF-8 with a byte-order mark, and ";" between fields. Excel on
an Indonesian-locale Windows uses "," as the decimal separator and therefore
";" as the list separator: such a file opens in columns on a double-click.
Decimals are written with a decimal comma (86,7), dates as ISO 2019-01-02,
which Excel reads as dates in any locale.

Exports are safe to open: text cells go through `reports.cells` (formula
neutralising, control characters), the one rule for every export.

Printed reports are official documents of the office and always speak
Indonesian, whatever language the person chose for the interface.

How long a document may be, the one rule for every report (`refuse_or_queue`):
its size in cells (rows × columns) is counted before anything is built, and
per form the settings say up to how many cells a request makes it
(`REPORT_<FORM>_INLINE_CELLS`, a few seconds at most) and up to how many a
background job does (`REPORT_<FORM>_MAX_CELLS`, what a worker makes in
reasonable time and memory). Between the two the request offers to make it in
the background and a POST of that offer queues a job (reports/background.py);
beyond the maximum the document is refused with a message that says how to
narrow it. The printable page has no background form: beyond its maximum it is
refused the same way.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.areas import is_office
from jobs.services import JobFailed
from registry.areas import area_label
from registry.models import ReportSettings
from reports.background import (
    Build,
    building,
    document_job_offer,
    document_job_start,
    queue_asked,
)
from reports.cells import DATE, NUMBER, PERCENT, TEXT, Column, csv_text

__all__ = ["DATE", "NUMBER", "PERCENT", "TEXT", "Column", "Report", "refuse_or_queue", "respond"]

REPORT_LANGUAGE = "id"
CSV_DELIMITER = ";"
CSV_BATCH_ROWS = 2000  # rows joined into one chunk of the streamed response
FILE_FORMATS = ["pdf", "xlsx", "csv"]
FORM_NAMES = {
    "html": gettext_lazy("page"),
    "pdf": "PDF",
    "xlsx": "Excel (XLSX)",
    "csv": "CSV",
}

# How a document is made: by this request, by a background job, or not at all.
NOW, BACKGROUND, REFUSED = "now", "background", "refused"
TOO_LONG = gettext_lazy(
    "This report has %(rows)s rows, more than one %(form)s can hold (at most %(most)s "
    "rows of this report)."
)
WHOLE_AS = gettext_lazy("It can be downloaded whole as %(forms)s.")
NOTES = {
    BACKGROUND: gettext_lazy("made in the background"),
    REFUSED: gettext_lazy("too long: narrow it first"),
}


class Report:
    """A report as every form sees it; each app's reports.py subclasses it."""

    title = ""  # e.g. "Daftar Fasilitator Kelurahan"
    slug = "laporan"  # file names: <slug>-<date>.<ext>
    template = ""  # the print template, extending reports/print.html
    landscape = False
    body_class = ""  # a document's own class on <body> (a certificate's own page rules)
    signed = True  # prints the signature block
    # The user the report is built for (None: the whole register), and their area
    # named ("" for the whole register), which respond() sets and the headings print.
    user = None
    area = ""
    # How to make it shorter, said when it is too long for a form (a whole sentence).
    narrowing = ""

    def __init__(self):
        self.printed_at = timezone.localtime()
        self.printed_on = self.printed_at.date()

    @property
    def filename(self) -> str:
        return f"{self.slug}-{self.printed_on:%Y-%m-%d}"

    def filters(self) -> list[tuple[str, str]]:
        """(label, value) pairs printed under the title."""
        return []

    def headings(self) -> list[tuple[str, str]]:
        """The area when the report is limited to one, then the filters: a camat's
        roster says first that it is the roster of their kecamatan."""
        area = [(_("Area"), self.area)] if self.area else []
        return [*area, *self.filters()]

    def every_kecamatan(self) -> str:
        """What the kecamatan filter reads when none is chosen."""
        return _("All kecamatan") if is_office(self.user) else _("All kecamatan of the area")

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence]:
        """The flat table for CSV and XLSX, one tuple per row, streamed."""
        raise NotImplementedError

    def totals(self) -> list[tuple[str, object]]:
        """(label, number) pairs printed under the table (page, PDF, XLSX)."""
        return []

    def print_context(self) -> dict:
        """What the print template shows, fully prepared (no query in templates)."""
        return {}

    def row_count(self) -> int:
        """The table's rows, known before any document is made: the lines of a report
        that reads them at once, or a COUNT for one that streams them."""
        return len(self.lines)

    def size(self) -> int:
        """Cells (rows × columns): what each form's limits are measured in."""
        return self.row_count() * len(self.columns())

    def opening(self) -> dict | None:
        """What every opening of this document must record (JSON), or None: most
        reports record nothing. See `record_opening`."""
        return None

    @classmethod
    def record_opening(cls, opening: dict, *, by, form: str) -> None:
        """Record one opening by `by` of a document that held `opening`: shown or sent
        by a request, made by a background job, downloaded from it."""


def percent_text(fraction: float | None) -> str:
    """86,7 — a rate as Indonesian spreadsheets and readers write it."""
    if fraction is None:
        return ""
    return f"{fraction * 100:.1f}".replace(".", ",")


def long_date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


# The four forms ------------------------------------------------------------


def respond(
    request: HttpRequest,
    report: Report,
    fmt: str,
    *,
    url_name: str,
    url_kwargs: dict | None = None,
    form=None,
) -> HttpResponse:
    """The report in the asked form; `url_name` names its HTML page (and
    `<url_name>-<fmt>` its files) for the download links. The report was built
    for the request's user: its headings name the user's area.

    A document too long for the request goes to a background job, or is refused
    (`refuse_or_queue`); inside that job the same view calls this again and the
    document is made here, with its progress."""
    with translation.override(REPORT_LANGUAGE):
        report.area = area_label(request.user)
        links = document_links(request, url_name, url_kwargs)
        if answer := refuse_or_queue(request, report, fmt, links=links, form=form):
            return answer
        build = building(request)
        if fmt == "csv":
            response = csv_response(report, build)
        elif fmt == "xlsx":
            response = xlsx_response(report, build)
        else:
            size = report.size()
            context = {
                "report": report,
                "letterhead": ReportSettings.load(),
                "links": links,
                "file_notes": {
                    name: NOTES[way] for name in FILE_FORMATS if (way := way_of(name, size)) != NOW
                },
                "form": form,
                "for_pdf": fmt == "pdf",
                **report.print_context(),
            }
            if fmt == "pdf":
                response = pdf_response(request, report, context)
            else:
                response = render(request, report.template, context)
        return opened(request, report, fmt, response)


def document_links(request: HttpRequest, url_name: str, url_kwargs: dict | None) -> dict:
    """The page and each file of the report, with the request's filters. The number of
    a page shown a page at a time is not a filter: the files hold every row, and the
    page's link leads to its first page."""
    query = request.GET.copy()
    query.pop("page", None)
    query = query.urlencode()
    return {
        name: reverse(f"{url_name}-{name}" if name in FILE_FORMATS else url_name, kwargs=url_kwargs)
        + (f"?{query}" if query else "")
        for name in ["html", *FILE_FORMATS]
    }


# How long a document may be ---------------------------------------------------


def limits(fmt: str) -> tuple[int, int]:
    """(inline, most): the cells a request makes in this form, and a background job."""
    if fmt == "html":
        return settings.REPORT_PAGE_MAX_CELLS, settings.REPORT_PAGE_MAX_CELLS
    name = fmt.upper()
    return (
        getattr(settings, f"REPORT_{name}_INLINE_CELLS"),
        getattr(settings, f"REPORT_{name}_MAX_CELLS"),
    )


def way_of(fmt: str, cells: int) -> str:
    """How a document of `cells` cells in the form `fmt` is made: NOW, BACKGROUND, REFUSED."""
    inline, most = limits(fmt)
    if cells > most:
        return REFUSED
    return BACKGROUND if cells > inline else NOW


def refuse_or_queue(
    request: HttpRequest,
    report: Report,
    fmt: str,
    *,
    links: dict,
    forms: Sequence[str] = FILE_FORMATS,
    form=None,
) -> HttpResponse | None:
    """The one rule for every document: None when this request makes it now;
    otherwise the answer: the offer to make it in the background (or, asked from that
    offer, a redirect to the job that makes it), or the
    refusal that says how to narrow it (400). Its size is counted first, from a
    COUNT or the lines already read, before any document is built.

    In the background job itself (the same view, run again for its owner) the
    document is made whatever its length, up to the form's maximum."""
    cells = report.size()
    way = way_of(fmt, cells)
    build = building(request)
    if way == REFUSED:
        message = too_long(report, fmt, cells, forms=forms)
        if build is not None:
            raise JobFailed(message)
        return render(
            request,
            "reports/refused.html",
            {
                "title": report.title,
                "message": message,
                "form": form,
                "links": links,
                "alternatives": [
                    (FORM_NAMES[name], links[name])
                    for name in forms
                    if name != fmt and way_of(name, cells) != REFUSED
                ],
            },
            status=400,
        )
    if way == BACKGROUND and build is None:
        title = format_lazy("{} ({})", report.title, FORM_NAMES[fmt])
        start = document_job_start if queue_asked(request) else document_job_offer
        return start(
            request, fmt=fmt, title=str(title), rows=report.row_count(), back=links["html"]
        )
    return None


def too_long(report: Report, fmt: str, cells: int, *, forms: Sequence[str]) -> str:
    """Why the document is refused, how to narrow it, and which forms take it whole."""
    rows = report.row_count()
    most = limits(fmt)[1] * rows // cells
    parts = [
        TOO_LONG
        % {
            "rows": number_format(rows, force_grouping=True),
            "form": FORM_NAMES[fmt],
            "most": number_format(most, force_grouping=True),
        }
    ]
    if report.narrowing:
        parts.append(str(report.narrowing))
    if whole := [str(FORM_NAMES[name]) for name in forms if way_of(name, cells) != REFUSED]:
        named = whole[0] if len(whole) == 1 else f"{', '.join(whole[:-1])} {_('or')} {whole[-1]}"
        parts.append(WHOLE_AS % {"forms": named})
    return " ".join(str(part) for part in parts)


def opened(request: HttpRequest, report: Report, fmt: str, response: HttpResponse):
    """A document whose openings are recorded: recorded now, as it reaches the person;
    in a background job, once the file is made (reports/background.py)."""
    if (record := report.opening()) is None:
        return response
    opening = {
        "report": f"{type(report).__module__}.{type(report).__qualname__}",
        "record": record,
        "form": fmt,
    }
    if building(request) is not None:
        response.opening = opening
    else:
        type(report).record_opening(record, by=request.user, form=fmt)
    return response


def csv_response(report: Report, build: Build | None = None) -> StreamingHttpResponse:
    on_row = build.row if build is not None else None
    response = StreamingHttpResponse(
        csv_chunks(report, on_row=on_row), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{report.filename}.csv"'
    return response


class _Chunk:
    """A file-like sink for csv.writer that hands back what was written."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> bytes:
        data = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        return data


def csv_chunks(report: Report, *, on_row: Callable[[int], None] | None = None) -> Iterator[bytes]:
    # A streamed body is produced after the view returned: the language is set again here.
    with translation.override(REPORT_LANGUAGE):
        columns = report.columns()
        sink = _Chunk()
        writer = csv.writer(sink, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow([csv_text(str(column.label)) for column in columns])
        yield "\ufeff".encode() + sink.take()
        converters = [_csv_converter(column.kind) for column in columns]
        pending = 0
        for number, row in enumerate(report.rows(), start=1):
            writer.writerow(
                [convert(value) for convert, value in zip(converters, row, strict=True)]
            )
            if on_row is not None:
                on_row(number)
            pending += 1
            if pending == CSV_BATCH_ROWS:
                yield sink.take()
                pending = 0
        yield sink.take()


def _csv_converter(kind: str):
    if kind == DATE:
        return lambda value: value.isoformat() if value else ""
    if kind == PERCENT:
        return percent_text
    if kind == NUMBER:
        return lambda value: "" if value is None else str(value).replace(".", ",")
    return lambda value: csv_text(str(value)) if value else ""


def xlsx_response(report: Report, build: Build | None = None) -> FileResponse:
    from reports import xlsx  # openpyxl is needed by this download only

    # A temporary file rather than memory: a large workbook waits on disk until
    # sent; FileResponse closes (and so deletes) it when the response is done.
    target = tempfile.TemporaryFile()  # noqa: SIM115
    xlsx.write(report, target, on_row=build.row if build is not None else None)
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=f"{report.filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def pdf_response(request: HttpRequest, report: Report, context: dict) -> HttpResponse:
    from reports import pdf  # loads pango: only when a PDF is asked for

    html = render_to_string(report.template, context, request=request)
    build = building(request)
    content = pdf.from_html(html, on_page=build.page if build is not None else None)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}.pdf"'
    return response


def file_slug(*parts: str) -> str:
    return slugify("-".join(str(part) for part in parts if part)) or "laporan"

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
"""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.areas import is_office
from registry.areas import area_label
from registry.models import ReportSettings
from reports.cells import DATE, NUMBER, PERCENT, TEXT, Column, csv_text

__all__ = ["DATE", "NUMBER", "PERCENT", "TEXT", "Column", "Report", "respond"]

REPORT_LANGUAGE = "id"
CSV_DELIMITER = ";"
CSV_BATCH_ROWS = 2000  # rows joined into one chunk of the streamed response
FILE_FORMATS = ["pdf", "xlsx", "csv"]


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
    for the request's user: its headings name the user's area."""
    with translation.override(REPORT_LANGUAGE):
        report.area = area_label(request.user)
        if fmt == "csv":
            return csv_response(report)
        if fmt == "xlsx":
            return xlsx_response(report)
        query = request.GET.urlencode()
        links = {
            name: reverse(
                f"{url_name}-{name}" if name in FILE_FORMATS else url_name, kwargs=url_kwargs
            )
            + (f"?{query}" if query else "")
            for name in ["html", *FILE_FORMATS]
        }
        context = {
            "report": report,
            "letterhead": ReportSettings.load(),
            "links": links,
            "form": form,
            "for_pdf": fmt == "pdf",
            **report.print_context(),
        }
        if fmt == "pdf":
            return pdf_response(request, report, context)
        return render(request, report.template, context)


def csv_response(report: Report) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_chunks(report), content_type="text/csv; charset=utf-8")
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


def csv_chunks(report: Report) -> Iterator[bytes]:
    # A streamed body is produced after the view returned: the language is set again here.
    with translation.override(REPORT_LANGUAGE):
        columns = report.columns()
        sink = _Chunk()
        writer = csv.writer(sink, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow([csv_text(str(column.label)) for column in columns])
        yield "\ufeff".encode() + sink.take()
        converters = [_csv_converter(column.kind) for column in columns]
        pending = 0
        for row in report.rows():
            writer.writerow(
                [convert(value) for convert, value in zip(converters, row, strict=True)]
            )
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


def xlsx_response(report: Report) -> FileResponse:
    from reports import xlsx  # openpyxl is needed by this download only

    # A temporary file rather than memory: a large workbook waits on disk until
    # sent; FileResponse closes (and so deletes) it when the response is done.
    target = tempfile.TemporaryFile()  # noqa: SIM115
    xlsx.write(report, target)
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
    response = HttpResponse(pdf.from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}.pdf"'
    return response


def file_slug(*parts: str) -> str:
    return slugify("-".join(str(part) for part in parts if part)) or "laporan"

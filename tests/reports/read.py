"""Read a report back the way its users' programs do: CSV, XLSX and PDF."""

import codecs
import csv
import html
import io
import re

import openpyxl
import pypdf
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_table(response) -> list[list[str]]:
    """The CSV as Excel in an Indonesian locale reads it: UTF-8 with BOM, ';'."""
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    body = body_of(response)
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def xlsx_sheet(response):
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(body_of(response))).active


def pdf_pages(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(body_of(response)))
    return [page.extract_text() for page in reader.pages]


def pdf_text(response) -> str:
    # Lines broken inside table cells are joined again for the checks.
    return " ".join(" ".join(pdf_pages(response)).split())


def rows_after_header(sheet, header_row: int = 5) -> list[tuple]:
    return [
        row
        for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)
        if any(value is not None for value in row)
    ]


def offered_document(offer) -> str:
    """The document a page offering to make it in the background asks for."""
    assert offer.status_code == 200, offer.status_code
    page = offer.content.decode()
    assert "Buat di latar belakang" in page
    return html.unescape(re.search(r'name="document" value="([^"]*)"', page).group(1))


def ask_in_background(client, url: str, data: dict | None = None):
    """Ask for a document too long for a request, as its user does: the link opens a
    page offering to make it in the background (a GET changes nothing), whose button
    asks for it. Returns the answer to the button."""
    document = offered_document(client.get(url, data))
    return client.post(reverse("reports:document-make"), {"document": document})

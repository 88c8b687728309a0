"""Spreadsheets for the import tests, and the admin steps staff go through."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignments import resources as columns
from registry.models import Facilitator
from tests.jobs.worker import run_queued_tasks

HEADERS = [
    columns.NIK,
    columns.NAME,
    columns.SEX,
    columns.PHONE,
    columns.EMAIL,
    columns.ADDRESS,
    columns.EDUCATION,
    columns.JOINED,
    columns.ACTIVE,
    columns.KELURAHAN_CODE,
    columns.KELURAHAN,
    columns.START,
    columns.DECREE,
]
IMPORT_URL = reverse("admin:registry_facilitator_import")
CONFIRM_URL = reverse("admin:registry_facilitator_process_import")


def person(**values) -> dict:
    """One row of the template; keyword names are the column constants' names."""
    row = {
        columns.NIK: "3375010101900001",
        columns.NAME: "Siti Aminah",
        columns.SEX: "P",
        columns.PHONE: "081234560001",
        columns.EMAIL: "siti@contoh.id",
        columns.ADDRESS: "Jl. Merdeka 1",
        columns.EDUCATION: "S1",
        columns.JOINED: "01/03/2016",
        columns.ACTIVE: "Ya",
        columns.KELURAHAN_CODE: "33.75.01.1002",
        columns.KELURAHAN: "Medono",
        columns.START: "02/01/2019",
        columns.DECREE: "800/001/DPMPPA/2019",
    }
    row.update({getattr(columns, key): value for key, value in values.items()})
    return row


def csv_file(rows, headers=HEADERS, *, name="fasilitator.csv", delimiter=",", bom=False):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers] if isinstance(row, dict) else row)
    data = out.getvalue().encode("utf-8")
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data, "text/csv")


def xlsx_file(rows, headers=HEADERS, *, name="fasilitator.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers] if isinstance(row, dict) else row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), "application/octet-stream")


def preview(client, upload):
    """Upload a file, let the worker check it, and look at its page: the answer is
    the preview (or the form with its error, or the job's failure)."""
    response = client.post(IMPORT_URL, {"import_file": upload, "resource": "0", "format": ""})
    if response.status_code != 302:
        return response  # refused by the upload form
    run_queued_tasks()
    return client.get(response.url)


def confirmation(response) -> dict:
    """The hidden fields the preview's confirmation button sends."""
    form = response.context["confirm_form"]
    return {name: form.initial.get(name, "") for name in form.fields}


def confirm(client, response):
    """Confirm the previewed import, as the button on the preview page does, let the
    worker write it, and look at the job's page."""
    answer = client.post(CONFIRM_URL, confirmation(response))
    run_queued_tasks()
    return client.get(answer.url)


def import_file(client, upload):
    response = preview(client, upload)
    assert response.context.get("confirm_form") is not None, errors_of(response)
    return confirm(client, response)


def errors_of(response) -> list[tuple[int, str, str]]:
    """(sheet row, column, message) for every error the preview shows."""
    result = response.context.get("result")
    if result is None:
        return []
    return [
        (row.sheet_row, column, message)
        for row in result.errors
        for column, messages in row.column_errors
        for message in messages
    ]


def statuses(response) -> dict[int, str]:
    return {row.sheet_row: row.import_type for row in response.context["result"].rows}


def file_error(response) -> str:
    """Why the file was refused: by the upload form, or by the job that read it."""
    form = response.context["form"]
    if form is None:
        job = response.context["job"]
        return job.message if job.state == "failed" else ""
    return " ".join(form.errors.get("import_file", []))


def snapshot() -> list[tuple]:
    """Everything an import may change, to compare before and after."""
    from assignments.models import Assignment

    return [
        *Facilitator.objects.order_by("pk").values_list(),
        *Assignment.objects.order_by("pk").values_list(),
    ]

"""The import's two long steps, run on the queue (jobs): checking a file and writing it.

The upload and the confirmation only start a job and answer at once; the
admin's job page (admin.py, `import_job_view`) shows the progress, then the
preview or the outcome. Each job reads the upload from the database
(PendingUpload), so any worker on any server may run it.

- Preview: every row is tried in a transaction that is rolled back, and the
  result is kept (JSON) for the page: the totals, every error, and the first
  PREVIEW_ROWS rows as the table shows them.
- Confirmation: the upload was claimed by this job in the confirming request;
  the rows are written in one transaction with the upload's row locked, so all
  are written or none. A failure (a row that no longer passes, or anything
  unexpected) rolls everything back and the page says why.
"""

from types import SimpleNamespace

from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from import_export.results import RowResult
from import_export.signals import post_import

from imports.models import PendingUpload
from imports.reading import FileRefused
from imports.storage import ALREADY_IMPORTED, DatabaseStorage
from jobs.models import Job
from jobs.services import JobFailed, Progress, job_task

PREVIEW = "import-preview"
CONFIRM = "import-confirm"
# The preview table shows this many rows; the totals and the error list cover all.
PREVIEW_ROWS = 1000

READING = _("Reading the file")
CHECKING = _("Checking the rows")
WRITING = _("Writing the rows")
UNREADABLE = _("The file could not be read. Save it again as .xlsx or CSV UTF-8.")
NOT_IMPORTED_NOW = _(
    "Nothing was imported: a row that passed the check no longer does (the register "
    "changed in the meantime). Every row was rolled back; the rows concerned are listed "
    "below. Correct the file and upload it again."
)


def arguments(*, model_admin, upload: str, file_name: str, format: int, resource: int) -> dict:
    """What an import job needs to find its admin, resource, format and file."""
    return {
        "model": model_admin.model._meta.label_lower,
        "upload": upload,
        "file_name": file_name,
        "format": format,
        "resource": resource,
    }


def _parts(job: Job):
    args = job.arguments
    model_admin = admin.site._registry[apps.get_model(args["model"])]
    input_format = model_admin.get_import_formats()[int(args["format"])]()
    resource_class = model_admin.get_import_resource_classes(None)[int(args["resource"] or 0)]
    storage = DatabaseStorage(name=args["upload"], read_mode=input_format.get_read_mode())
    return model_admin, resource_class(), input_format, storage


@job_task
def import_preview(job: Job, progress: Progress) -> dict:
    _admin, resource, input_format, storage = _parts(job)
    progress.update(0, step=READING)
    try:
        dataset = input_format.create_dataset(storage.read())
    except Exception as error:
        storage.remove()  # a refused file is not kept for a confirmation that cannot come
        raise JobFailed(error.message if isinstance(error, FileRefused) else UNREADABLE) from None
    progress.update(0, total=len(dataset), step=CHECKING)
    result = resource.import_data(
        dataset,
        dry_run=True,
        raise_errors=False,
        file_name=job.arguments["file_name"],
        user=job.owner,
        progress=progress,
    )
    progress.update(len(dataset), force=True)
    return result_payload(result)


@job_task
def import_confirm(job: Job, progress: Progress) -> dict:
    model_admin, resource, input_format, _storage = _parts(job)
    with transaction.atomic():
        # Locked: should the job ever run twice at once, the second waits here and
        # then finds the file gone.
        upload = (
            PendingUpload.objects.select_for_update()
            .filter(name=job.arguments["upload"], confirm_job=job)
            .first()
        )
        if upload is None or not upload.data:
            raise JobFailed(ALREADY_IMPORTED)
        progress.update(0, step=READING)
        try:
            dataset = input_format.create_dataset(bytes(upload.data))
        except FileRefused as refused:
            raise JobFailed(refused.message) from None
        progress.update(0, total=len(dataset), step=WRITING)
        result = resource.import_data(
            dataset,
            dry_run=False,
            raise_errors=False,
            rollback_on_validation_errors=True,
            file_name=job.arguments["file_name"],
            user=job.owner,
            retain_instance_in_row_result=True,
            progress=progress,
        )
        if result.has_errors() or result.has_validation_errors():
            # Raised inside the transaction: nothing of the file stays written.
            raise JobFailed(NOT_IMPORTED_NOW, result=result_payload(result))
        model_admin.generate_log_entries(result, SimpleNamespace(user=job.owner))
        upload.data = b""  # imported: the row stays a day so a repeated confirmation is told
        upload.save(update_fields=["data"])
    post_import.send(sender=None, model=model_admin.model)
    progress.update(len(dataset), force=True)
    return {"totals": _totals(result)}


def _totals(result) -> dict:
    totals = result.totals
    return {
        "new": totals[RowResult.IMPORT_TYPE_NEW],
        "update": totals[RowResult.IMPORT_TYPE_UPDATE],
        "skip": totals[RowResult.IMPORT_TYPE_SKIP],
        "invalid": totals[RowResult.IMPORT_TYPE_INVALID],
        "error": totals[RowResult.IMPORT_TYPE_ERROR],
    }


def result_payload(result) -> dict:
    """The import's result as the page shows it, in JSON."""
    rows, errors = [], []
    for row in result.rows:
        if len(rows) < PREVIEW_ROWS:
            rows.append(
                {
                    "sheet_row": row.sheet_row,
                    "import_type": row.import_type,
                    "status": str(row.status),
                    "cells": [
                        [str(conditional_escape(value)), [str(m) for m in found]]
                        for value, found in row.cells
                    ],
                    "row_messages": [str(m) for m in row.row_messages],
                }
            )
        for column, messages in row.column_errors:
            errors.extend([row.sheet_row, column, str(message)] for message in messages)
    return {
        "totals": _totals(result),
        "diff_headers": [str(h) for h in result.diff_headers],
        "row_count": len(result.rows),
        "rows": rows,
        "errors": errors,
        "base_errors": len(result.base_errors),
    }


class PreviewResult:
    """A kept result, read back for the page (imports/import.html)."""

    def __init__(self, payload: dict):
        self.totals = payload["totals"]
        self.diff_headers = payload["diff_headers"]
        self.row_count = payload["row_count"]
        self.base_errors = range(payload["base_errors"])
        errors_by_row: dict[int, dict[str, list[str]]] = {}
        for sheet_row, column, message in payload["errors"]:
            errors_by_row.setdefault(sheet_row, {}).setdefault(column, []).append(message)
        self.errors = [
            SimpleNamespace(sheet_row=sheet_row, column_errors=list(columns.items()))
            for sheet_row, columns in errors_by_row.items()
        ]
        self.rows = [
            SimpleNamespace(
                sheet_row=row["sheet_row"],
                import_type=row["import_type"],
                status=row["status"],
                # Escaped when the payload was made (result_payload).
                cells=[(mark_safe(value), found) for value, found in row["cells"]],  # noqa: S308
                row_messages=row["row_messages"],
                column_errors=list(errors_by_row.get(row["sheet_row"], {}).items()),
            )
            for row in payload["rows"]
        ]

    def has_errors(self) -> bool:
        return bool(self.totals["invalid"] or self.totals["error"] or self.base_errors)

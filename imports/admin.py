"""Spreadsheet import and export in the admin, built on django-import-export.

An admin class adds `SpreadsheetImportExportMixin` and names its resource
(a SpreadsheetResource) and `import_permissions`. The flow:

1. upload: the form reads the file's first row and checks its columns
   (imports.forms); the file is kept (PendingUpload) and a preview job started;
2. preview (a job on the queue, imports.jobs): every row is tried in a
   transaction that is rolled back; the job's page shows the progress, then
   every row as new, changed, unchanged or error, with each error under its column;
3. confirm (only when no row has an error): the request claims the upload and
   starts the job that writes the rows in one transaction; should anything fail
   then, all of it is rolled back and the job's page shows why.

No request reads more than the first row of a file: however large the file,
each answers at once.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm

from imports import jobs as import_jobs
from imports.formats import CSV, XLSX, template_workbook
from imports.forms import SpreadsheetImportForm
from imports.reading import FileRefused
from imports.storage import ALREADY_IMPORTING, AlreadyImported, DatabaseStorage
from jobs.models import Job
from jobs.services import job_start
from jobs.views import job_for, job_started, progress_context, untouched_while_running

IMPORTED = _(
    "Import finished: %(new)s new, %(changed)s changed, %(unchanged)s unchanged. "
    "Each change is in the records' history."
)


class SpreadsheetImportExportMixin(ImportExportMixin):
    formats = [XLSX, CSV]
    import_form_class = SpreadsheetImportForm
    export_form_class = ExportForm
    import_template_name = "admin/imports/import.html"
    tmp_storage_class = DatabaseStorage
    #: Permissions a user needs to import (beside access to the admin).
    import_permissions: tuple[str, ...] = ()

    def has_import_permission(self, request):
        return bool(self.import_permissions) and request.user.has_perms(self.import_permissions)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import/template.<str:kind>",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            path(
                "import/job/<uuid:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name="{}_{}_import_job".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, kind: str):
        """The file to fill in: a workbook with notes, an example and reference
        sheets, or a CSV with the column names."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        formats = {fmt().get_extension(): fmt for fmt in self.formats}
        if kind not in formats:
            raise PermissionDenied
        file_format = formats[kind]()
        resource = self.get_import_resource_classes(request)[0]()
        if kind == "xlsx":
            headers = [field.column_name for field in resource.get_user_visible_fields()]
            content = template_workbook(
                headers,
                notes=resource.template_notes(),
                example=resource.template_example(),
                text_columns=resource.template_text_columns,
                reference_sheets=resource.template_reference_sheets(),
            )
        else:
            content = file_format.export_data(
                resource.export(queryset=self.model._default_manager.none())
            )
        response = HttpResponse(content, content_type=file_format.get_content_type())
        name = f"template-{resource.file_stem}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_import_context_data(self, **kwargs):
        info = self.get_model_info()
        return {
            "template_links": [
                (
                    fmt().get_extension(),
                    reverse("admin:{}_{}_import_template".format(*info), args=[ext]),
                )
                for fmt in self.formats
                for ext in [fmt().get_extension()]
            ],
        }

    def get_export_filename(self, request, queryset, file_format):
        resource = self.get_export_resource_classes(request)[0]
        return (
            super()
            .get_export_filename(request, queryset, file_format)
            .replace(self.model.__name__, resource.file_stem)
        )

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # Dates go into a workbook as real dates (the library only knows its own XLSX class).
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(
            request, queryset, force_native_type=isinstance(file_format, XLSX), **kwargs
        )
        content = file_format.export_data(data)
        self.exported(request, data)
        return content

    def exported(self, request, dataset) -> None:
        """Called once the export is written, e.g. to record who received what."""

    def write_to_tmp_storage(self, import_file, input_format):
        tmp_storage = super().write_to_tmp_storage(import_file, input_format)
        import_file.pending_upload = tmp_storage
        return tmp_storage

    def import_action(self, request, **kwargs):
        """Upload: a valid file is kept and checked by a job; its page follows."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = self.create_import_form(request)
            if form.is_valid():
                input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
                upload = form.cleaned_data["import_file"]
                with transaction.atomic():
                    storage = self.write_to_tmp_storage(upload, input_format)
                    job = job_start(
                        kind=import_jobs.PREVIEW,
                        owner=request.user,
                        task=import_jobs.import_preview,
                        arguments=import_jobs.arguments(
                            model_admin=self,
                            upload=storage.name,
                            file_name=upload.name,
                            format=int(form.cleaned_data["format"]),
                            resource=int(form.cleaned_data.get("resource") or 0),
                        ),
                    )
                return job_started(HttpResponseRedirect(self._job_url(job)))
        return super().import_action(request, **kwargs)

    def process_import(self, request, **kwargs):
        """Confirmation: the upload is claimed, once, by the job that writes it."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return super().process_import(request, **kwargs)  # the library's error page
        data = confirm_form.cleaned_data
        storage = self.get_tmp_storage_class()(name=data["import_file_name"])
        try:
            with transaction.atomic():
                job = job_start(
                    kind=import_jobs.CONFIRM,
                    owner=request.user,
                    task=import_jobs.import_confirm,
                    arguments=import_jobs.arguments(
                        model_admin=self,
                        upload=storage.name,
                        file_name=data["original_file_name"],
                        format=int(data["format"]),
                        resource=int(data.get("resource") or 0),
                    ),
                )
                storage.claim_for(job)
        except AlreadyImported as done:
            running = storage.claimed_by()
            if running is not None and running.owner_id == request.user.pk:
                messages.warning(request, done.message if running.finished else ALREADY_IMPORTING)
                return HttpResponseRedirect(self._job_url(running))
            messages.warning(request, done.message)
            return HttpResponseRedirect(
                reverse("admin:{}_{}_changelist".format(*self.get_model_info()))
            )
        except FileRefused as refused:
            messages.error(request, refused.message)
            return HttpResponseRedirect(
                reverse("admin:{}_{}_import".format(*self.get_model_info()))
            )
        return job_started(HttpResponseRedirect(self._job_url(job)))

    def import_job_view(self, request, job_id):
        """A preview or confirmation job: its progress, then the preview table (with
        the confirmation button when every row is right) or the import's outcome."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = job_for(request, job_id, kinds=(import_jobs.PREVIEW, import_jobs.CONFIRM))
        if job.arguments.get("model") != self.model._meta.label_lower:
            raise Http404  # another list's import
        context = {
            **self.admin_site.each_context(request),
            **self.get_import_context_data(),
            **progress_context(job),
            "title": _("Import"),
            "opts": self.model._meta,
            "form": None,
            "file_name": job.arguments.get("file_name", ""),
        }
        if job.state == Job.State.DONE and job.kind == import_jobs.PREVIEW:
            result = import_jobs.PreviewResult(job.result)
            context["result"] = result
            if not result.has_errors():
                context["confirm_form"] = self.get_confirm_form_class(request)(
                    initial={
                        "import_file_name": job.arguments["upload"],
                        "original_file_name": job.arguments["file_name"],
                        "format": job.arguments["format"],
                        "resource": job.arguments["resource"],
                    }
                )
        elif job.state == Job.State.DONE:
            totals = job.result["totals"]
            context["imported"] = IMPORTED % {
                "new": totals["new"],
                "changed": totals["update"],
                "unchanged": totals["skip"],
            }
        elif job.state == Job.State.FAILED and job.result:
            context["result"] = import_jobs.PreviewResult(job.result)
        request.current_app = self.admin_site.name
        response = TemplateResponse(request, [self.import_template_name], context)
        return untouched_while_running(response, job)

    def _job_url(self, job) -> str:
        info = self.get_model_info()
        return reverse("admin:{}_{}_import_job".format(*info), args=[job.pk])

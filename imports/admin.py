"""Spreadsheet import and export in the admin, built on django-import-export.

An admin class adds `SpreadsheetImportExportMixin` and names its resource
(a SpreadsheetResource) and `import_permissions`. The flow:

1. upload: the form reads the file and checks its columns (imports.forms);
2. preview: every row is tried in a transaction that is rolled back, and shown
   as new, changed, unchanged or error, with each error under its column;
3. confirm (only when no row has an error): the rows are written in one
   transaction; should anything fail now, all of it is rolled back and the
   page shows why.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm

from imports.formats import CSV, XLSX, template_workbook
from imports.forms import SpreadsheetImportForm
from imports.reading import FileRefused
from imports.storage import AlreadyImported, DatabaseStorage

UNREADABLE = _("The file could not be read. Save it again as .xlsx or CSV UTF-8.")
IMPORTED = _(
    "Import finished: %(new)s new, %(changed)s changed, %(unchanged)s unchanged. "
    "Each change is in the records' history."
)
NOT_IMPORTED = _("Nothing was imported: the file has errors. Correct them and upload it again.")


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

    def add_data_read_fail_error_to_form(self, form, e):
        # A refused file is not kept for a confirmation that cannot come.
        upload = form.cleaned_data.get("import_file")
        if getattr(upload, "pending_upload", None) is not None:
            upload.pending_upload.remove()
        form.add_error("import_file", e.message if isinstance(e, FileRefused) else UNREADABLE)

    def process_import(self, request, **kwargs):
        """Confirmation: the upload is claimed and imported in one transaction, once."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return super().process_import(request, **kwargs)  # the library's error page
        input_format = self.get_import_formats()[int(confirm_form.cleaned_data["format"])]()
        tmp_storage = self.get_tmp_storage_class()(
            name=confirm_form.cleaned_data["import_file_name"],
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        info = self.get_model_info()
        try:
            with transaction.atomic():
                dataset = input_format.create_dataset(tmp_storage.claim())
                result = self.process_dataset(dataset, confirm_form, request, **kwargs)
                tmp_storage.remove()
        except AlreadyImported as done:
            messages.warning(request, done.message)
            return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*info)))
        except FileRefused as refused:
            messages.error(request, refused.message)
            return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*info)))
        return self.process_result(result, request)

    def process_dataset(self, dataset, form, request, **kwargs):
        # All or nothing: a row that fails at confirmation rolls back every other row.
        kwargs["rollback_on_validation_errors"] = True
        kwargs["raise_errors"] = False
        return super().process_dataset(dataset, form, request, **kwargs)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, NOT_IMPORTED)
            context = {
                **self.admin_site.each_context(request),
                **self.get_import_context_data(),
                "title": _("Import"),
                "opts": self.model._meta,
                "result": result,
                "form": None,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            IMPORTED
            % {
                "new": totals["new"],
                "changed": totals["update"],
                "unchanged": totals["skip"],
            },
        )

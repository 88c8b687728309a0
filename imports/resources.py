"""What every spreadsheet import of the register shares.

A resource built on SpreadsheetResource
- names errors by the file's own row number and column name;
- records the importing user, and the file, on every history row it writes;
- reports every row: new, changed, unchanged or in error.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.encoding import force_str
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.resources import Diff
from import_export.results import RowResult

from audit.context import change_reason
from imports.reading import ROW_NUMBER

IMPORT_REASON = _("Spreadsheet import: %(file)s")
UNEXPECTED = _("This row could not be read. Check its values, or ask the administrator.")
EMPTY_VALUE = _("(empty)")

# import_type -> what the preview calls it.
STATUS = {
    RowResult.IMPORT_TYPE_NEW: _("New"),
    RowResult.IMPORT_TYPE_UPDATE: _("Changed"),
    RowResult.IMPORT_TYPE_SKIP: _("Unchanged"),
    RowResult.IMPORT_TYPE_INVALID: _("Error"),
    RowResult.IMPORT_TYPE_ERROR: _("Error"),
}


class ChangeDiff(Diff):
    """The preview's cells: a changed value as "old → new", others as they are."""

    def as_html(self):
        cells = []
        for old, new in zip(self.left, self.right, strict=True):
            old, new = force_str(old or ""), force_str(new or "")
            if self.new or old == new:
                cells.append(conditional_escape(new))
            else:
                cells.append(
                    format_html(
                        "<del>{}</del> → <ins>{}</ins>",
                        old or EMPTY_VALUE,
                        new or EMPTY_VALUE,
                    )
                )
        return cells


class NoDiff:
    """No diff: the import's rows show their cells as the file has them."""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class SpreadsheetResource(resources.ModelResource):
    #: Columns a file must have (the others may be left out: they are then not changed).
    required_columns: tuple[str, ...] = ()
    #: Base name of the downloadable template and of exports.
    file_stem = "data"
    #: Whether full_clean checks the model's constraints row by row. Django checks
    #: each with a query of its own (a CheckConstraint too); a resource that covers
    #: them otherwise (field validators, lookups for the whole file) turns it off.
    validate_constraints = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self._dry_run = True

    def get_diff_class(self):
        # The import itself shows no table of changes (its preview did): no diff to
        # render for each row.
        return ChangeDiff if self._dry_run else NoDiff

    # -- the downloadable template (imports.formats.template_workbook) -------------------

    #: Columns formatted as text in the template (digits that must stay as typed).
    template_text_columns: set[str] = set()

    def template_notes(self) -> dict[str, str]:
        """Column name -> the note (cell comment) that explains it."""
        return {}

    def template_example(self) -> dict:
        """Column name -> the value of the example row."""
        return {}

    def template_reference_sheets(self) -> list[tuple[str, list[str], list[tuple]]]:
        """(sheet title, column names, rows) of reference values, e.g. valid codes."""
        return []

    # -- the whole import ------------------------------------------------------------

    def import_data(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self._dry_run = bool(kwargs.get("dry_run"))
        file_name = kwargs.get("file_name") or ""
        with change_reason(IMPORT_REASON % {"file": file_name}):
            return super().import_data(dataset, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        if self.user is not None:
            instance._history_user = self.user

    # -- one row ---------------------------------------------------------------------

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.sheet_row = row.get(ROW_NUMBER) or kwargs.get("row_number")
        row_result.status = STATUS.get(row_result.import_type, "")
        row_result.column_errors = self._column_errors(row_result)
        # What the preview shows: per column, the change (or the cell) and its errors.
        errors = dict(row_result.column_errors)
        headers = self.get_diff_headers()
        if row_result.is_valid() and row_result.diff:
            values = row_result.diff  # escaped by ChangeDiff
        else:
            values = [_shown(row.get(column)) for column in headers]
        row_result.cells = [
            (value, errors.get(column, [])) for value, column in zip(values, headers, strict=True)
        ]
        row_result.row_messages = [
            message
            for column, found in errors.items()
            if column not in headers
            for message in found
        ]
        if (progress := kwargs.get("progress")) is not None:
            progress.update(kwargs["row_number"])  # a job's progress (imports.jobs)
        return row_result

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Errors keyed by a column name (not a model field) must not reach full_clean's exclude.
        errors = dict(import_validation_errors or {})
        by_column = {k: v for k, v in errors.items() if k not in self._attributes()}
        model_errors = {k: v for k, v in errors.items() if k not in by_column}
        try:
            try:
                instance.full_clean(
                    exclude=model_errors.keys(),
                    validate_unique=validate_unique,
                    validate_constraints=self.validate_constraints,
                )
            except ValidationError as error:
                raise ValidationError(error.update_error_dict(dict(model_errors))) from None
            if model_errors:
                raise ValidationError(model_errors)
        except ValidationError as error:
            if by_column:
                error = ValidationError({**error.update_error_dict({}), **by_column})
            raise error from None
        if by_column:
            raise ValidationError(by_column)

    def _attributes(self) -> set[str]:
        return {field.attribute for field in self.fields.values() if field.attribute}

    def column_of(self, key: str) -> str:
        for field in self.fields.values():
            if key in (field.attribute, field.column_name):
                return field.column_name
        return ""  # about the row as a whole

    def _column_errors(self, row_result) -> list[tuple[str, list[str]]]:
        if row_result.validation_error is not None:
            error = row_result.validation_error
            items = (
                error.message_dict.items()
                if hasattr(error, "error_dict")
                else [(NON_FIELD_ERRORS, error.messages)]
            )
            errors: dict[str, list[str]] = {}
            for key, messages in items:
                column = "" if key == NON_FIELD_ERRORS else self.column_of(key)
                errors.setdefault(column, []).extend(messages)
            return list(errors.items())
        if row_result.errors:
            return [("", [str(UNEXPECTED)])]
        return []


def _shown(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)

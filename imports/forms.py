from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm

from imports.reading import (
    MAX_FILE_SIZE,
    MAX_ROWS,
    ROW_NUMBER,
    TOO_LARGE,
    FileRefused,
    kind_of,
    read_header,
)

UNKNOWN_COLUMNS = _(
    "The file has columns that are not in the template: %(columns)s. Remove or rename "
    "them. The template's columns are: %(expected)s."
)
MISSING_COLUMNS = _("The file lacks the column(s) %(columns)s.")
FILE_HELP = _(
    "An Excel workbook (.xlsx) or a CSV file (UTF-8), at most %(size)s MB and "
    "%(rows)s rows, with the columns of the template."
)


class SpreadsheetImportForm(ImportForm):
    """The upload step: the file is read and its columns checked before any row is."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.resources = resources
        # The format follows from the file name; nobody has to choose it.
        self.fields["format"].required = False
        self.fields["format"].widget = forms.HiddenInput()
        upload = self.fields["import_file"]
        upload.label = _("Spreadsheet file")
        upload.widget.attrs["accept"] = ".xlsx,.csv"
        upload.help_text = FILE_HELP % {
            "size": MAX_FILE_SIZE // (1024 * 1024),
            "rows": f"{MAX_ROWS:,}".replace(",", "."),
        }

    @property
    def media(self):
        return forms.Media()

    def clean(self):
        data = super().clean()
        upload = data.get("import_file")
        if upload is None:
            return data
        try:
            kind = kind_of(upload.name)
            if upload.size > MAX_FILE_SIZE:
                raise FileRefused(TOO_LARGE % {"limit": MAX_FILE_SIZE // (1024 * 1024)})
            upload.seek(0)
            # Only the first row here: the rows are read once, for the preview.
            headers = read_header(upload.read(), kind)
            upload.seek(0)
            self._check_columns(headers)
        except FileRefused as refused:
            self.add_error("import_file", refused.message)
            return data
        data["format"] = str(
            next(i for i, fmt in enumerate(self.formats) if fmt().get_extension() == kind)
        )
        return data

    def _check_columns(self, headers):
        resource = self.resources[int(self.cleaned_data.get("resource") or 0)]()
        expected = [field.column_name for field in resource.get_user_visible_fields()]
        unknown = [h for h in headers if h and h not in expected and h != ROW_NUMBER]
        if unknown:
            raise FileRefused(
                UNKNOWN_COLUMNS % {"columns": ", ".join(unknown), "expected": ", ".join(expected)}
            )
        missing = [c for c in getattr(resource, "required_columns", ()) if c not in headers]
        if missing:
            raise FileRefused(MISSING_COLUMNS % {"columns": ", ".join(missing)})

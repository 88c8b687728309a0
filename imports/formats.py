"""The two file formats the register reads and writes: Excel workbooks and CSV."""

import csv
import datetime
import io

from import_export.formats import base_formats

from imports.reading import read_table
from reports.cells import csv_text, workbook_cell, workbook_text

DATE_NUMBER_FORMAT = "DD/MM/YYYY"


class XLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        return read_table(in_stream, "xlsx")

    def export_data(self, dataset, **kwargs):
        """A workbook people can work in: bold frozen header, wide columns, text
        cells kept as text (a NIK never turns into a rounded number), real dates."""
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill
        from openpyxl.utils import get_column_letter

        book = Workbook()
        sheet = book.active
        sheet.title = kwargs.get("title", "Data")[:31]
        sheet.append(list(dataset.headers or []))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE7F0")
        for values in dataset:
            sheet.append([None if isinstance(v, str) else v for v in values])
            for cell, value in zip(sheet[sheet.max_row], values, strict=False):
                if isinstance(value, str):
                    workbook_cell(cell, value)
        for column, header in enumerate(dataset.headers or [], start=1):
            letter = get_column_letter(column)
            values = [str(header), *(str(v) for v in dataset.get_col(column - 1) if v)]
            sheet.column_dimensions[letter].width = min(max(map(len, values)) + 3, 45)
            is_date = any(isinstance(v, datetime.date) for v in dataset.get_col(column - 1))
            for cell in sheet[letter][1:1001]:
                cell.number_format = DATE_NUMBER_FORMAT if is_date else "@"
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


class CSV(base_formats.CSV):
    """CSV in UTF-8 with a byte-order mark, so Excel reads the names right."""

    def create_dataset(self, in_stream, **kwargs):
        return read_table(in_stream, "csv")

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def export_data(self, dataset, **kwargs):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(dataset.headers or [])
        for values in dataset:
            writer.writerow([_csv_value(v) for v in values])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(value) -> str:
    if value is None:
        return ""
    return csv_text(value) if isinstance(value, str) else str(value)


def template_workbook(
    headers: list[str],
    *,
    notes: dict[str, str],
    example: dict[str, object],
    text_columns: set[str],
    reference_sheets: list[tuple[str, list[str], list[tuple]]],
) -> bytes:
    """The downloadable template: the columns with a note (cell comment) on each,
    one example row, text-formatted columns where digits must stay as typed
    (a NIK, a phone number), and sheets of reference values (e.g. the kelurahan)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(headers)
    sheet.append([example.get(header) for header in headers])
    for index, header in enumerate(headers, start=1):
        letter = get_column_letter(index)
        title = sheet.cell(row=1, column=index)
        title.font = Font(bold=True)
        title.fill = PatternFill("solid", fgColor="DDE7F0")
        if header in notes:
            title.comment = Comment(str(notes[header]), "Faskel", width=320, height=160)
        sample = sheet.cell(row=2, column=index)
        sample.font = Font(italic=True, color="555555")
        if isinstance(sample.value, str):
            workbook_cell(sample, sample.value)
        if header in text_columns:
            # The column's style: what people type later stays text, leading zeros and all.
            sheet.column_dimensions[letter].number_format = "@"
            sample.number_format = "@"
        elif isinstance(sample.value, datetime.date):
            sample.number_format = DATE_NUMBER_FORMAT
        sheet.column_dimensions[letter].width = max(len(header), len(str(sample.value or ""))) + 4
    sheet.freeze_panes = "A2"

    for title, columns, rows in reference_sheets:
        reference = book.create_sheet(title[:31])
        reference.append(columns)
        for cell in reference[1]:
            cell.font = Font(bold=True)
        for row in rows:
            reference.append([workbook_text(v) if isinstance(v, str) else v for v in row])
        for index, _column in enumerate(columns, start=1):
            reference.column_dimensions[get_column_letter(index)].width = 24
        reference.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

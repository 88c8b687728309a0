"""XLSX from a report's columns, rows and totals (openpyxl, write-only mode).

Above the table: the title, the filters and the date of the report. The
header row is bold and frozen, filters are on, columns have widths, and the
sheet prints on A4 with the header repeated on every page. Cells are typed:
dates as dates, numbers as numbers, rates as percentages.
"""

import re
from collections.abc import Callable
from typing import BinaryIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.cells import DATE, NUMBER, PERCENT, mark_as_text, starts_like_formula, workbook_text

DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.0%"
HEADER_ROW = 5
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")
HEADER_BORDER = Border(bottom=Side(style="thin"))


def write(report, target: BinaryIO, *, on_row: Callable[[int], None] | None = None) -> None:
    """Write `report` (a reports.formats.Report) as a workbook into `target`;
    `on_row(number)` hears of each row written (a background job's progress)."""
    workbook = Workbook(write_only=True)
    # A sheet name has at most 31 characters and none of [ ] : * ? / \
    sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", str(report.title))[:31])
    columns = report.columns()
    last_column = get_column_letter(len(columns))

    # Widths, panes and print settings come before the first row in write-only mode.
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if report.landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    sheet.append([_styled(sheet, str(report.title), font=TITLE)])
    sheet.append(
        [workbook_text(" · ".join(f"{label}: {value}" for label, value in report.headings()))]
    )
    sheet.append([_("Report date"), _date_cell(sheet, report.printed_on)])
    sheet.append([])
    sheet.append(
        [
            _styled(
                sheet,
                str(column.label),
                font=BOLD,
                fill=HEADER_FILL,
                border=HEADER_BORDER,
                alignment=Alignment(wrap_text=True, vertical="top"),
            )
            for column in columns
        ]
    )

    convert = _row_converter(sheet, columns)
    count = 0
    for row in report.rows():
        sheet.append(convert(row))
        count += 1
        if on_row is not None:
            on_row(count)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW + count}"

    totals = report.totals()
    if totals:
        sheet.append([])
        for label, value in totals:
            sheet.append([_styled(sheet, str(label), font=BOLD), value])
    workbook.save(target)


def _styled(sheet, value, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=workbook_text(value))
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _date_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def _row_converter(sheet, columns):
    """A function that types one row's values as cells.

    Plain numbers and text go to openpyxl as they are (the quickest path);
    only dates, percentages and text that looks like a formula become styled
    cells. Text starting with = + - @ stays text, marked as Excel marks '=...
    """
    dates = [i for i, column in enumerate(columns) if column.kind == DATE]
    percents = [i for i, column in enumerate(columns) if column.kind == PERCENT]
    texts = [i for i, column in enumerate(columns) if column.kind not in (DATE, PERCENT, NUMBER)]

    def styled(value, number_format):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        return cell

    def convert(row) -> list:
        values = list(row)
        for i in texts:
            value = values[i]
            if not value:
                values[i] = None
                continue
            value = workbook_text(str(value))
            if starts_like_formula(value):
                cell = WriteOnlyCell(sheet, value=value)
                mark_as_text(cell)
                value = cell
            values[i] = value
        for i in dates:
            values[i] = styled(values[i], DATE_FORMAT) if values[i] else None
        for i in percents:
            values[i] = styled(values[i], PERCENT_FORMAT) if values[i] is not None else None
        return values

    return convert

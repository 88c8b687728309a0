"""Reading an uploaded spreadsheet strictly, and refusing what is not one.

Sizes are checked before anything is parsed, and rows are counted as they
stream, so a hostile file is refused in a moment with little memory: the
uncompressed sizes from the zip directory, the sheet's declared dimension,
then the row number of every row read (empty rows included) and the number
of columns.

Files come from office computers: Excel workbooks, CSV saved by Excel or
LibreOffice (comma or semicolon, with or without a UTF-8 byte-order mark),
sometimes a file that only has the right name. `read_table()` returns a
tablib Dataset of the first sheet, or raises `FileRefused` with a message
for the user. Empty rows are left out; every row keeps its own row number
from the sheet in the column ROW_NUMBER, so errors name the row people see.
Cells holding a formula come back as `Formula` values, which the columns
refuse with the row and the column named.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

import tablib
from django.utils.translation import gettext_lazy as _

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 10_000
# How far down the sheet may reach (data rows and empty rows between them).
MAX_SHEET_ROWS = 2 * MAX_ROWS
MAX_COLUMNS = 60
# Uncompressed sizes (the zip directory's); a template of 10,000 rows needs ~10 MB.
MAX_UNCOMPRESSED = 40 * 1024 * 1024
MAX_MEMBERS = 200
# Any other part of a workbook (styles, the workbook itself, ...) is small.
MAX_PART = 4 * 1024 * 1024
_LARGE_PARTS = ("xl/worksheets/", "xl/sharedStrings")
MAX_SHARED_STRINGS = 200_000
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# Extra column the reader adds: the row number in the sheet (the header is row 1).
ROW_NUMBER = "__row__"

TOO_LARGE = _("The file is larger than %(limit)s MB. Split it into smaller files.")
TOO_MANY_ROWS = _("The file has more than %(limit)s rows of data. Split it into smaller files.")
NOT_XLSX = _(
    "This file is not an Excel workbook (.xlsx), whatever its name says. Open it in "
    "Excel or LibreOffice and save it as .xlsx (or as CSV UTF-8), then upload it again."
)
OLD_XLS = _(
    "This is an old Excel 97–2003 workbook (.xls). Save it as an Excel workbook "
    "(.xlsx) and upload it again."
)
NOT_TEXT = _(
    "This file is not a CSV text file, whatever its name says. Save the sheet as "
    "CSV UTF-8 from Excel or LibreOffice, or upload the .xlsx workbook."
)
NOT_UTF8 = _(
    "Row %(row)s of this CSV file is not in UTF-8 (the file looks like it was saved "
    'as Latin-1/Windows-1252 text). Save it as "CSV UTF-8" and upload it again.'
)
SHEET_TOO_LONG = _(
    "The sheet goes on to row %(row)s; an import takes at most %(limit)s rows of data. If "
    "the rows below your data are empty, delete them (select them, right-click, Delete) "
    "and save the file again; otherwise split it into smaller files."
)
TOO_MANY_COLUMNS = _(
    "The sheet has data in column %(column)s; the template has far fewer columns. Delete "
    "the columns to the right of the template's and save the file again."
)
TOO_LARGE_UNPACKED = _(
    "The workbook unpacks to more than %(limit)s MB, far more than a list of facilitators "
    "needs. Copy the data into the template and upload that."
)
EMPTY_FILE = _("The file is empty. The first row must hold the column names of the template.")
NO_DATA = _("The file holds the column names but no rows of data.")
UNNAMED_COLUMN = _("Column %(column)s holds data but has no name in the first row.")
DUPLICATE_COLUMN = _("The column %(name)s appears more than once in the first row.")
WRONG_KIND = _("Upload an .xlsx or .csv file; %(name)s is neither.")


class FileRefused(Exception):
    """The file as a whole cannot be read; `message` says why, for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula instead of a value."""

    text: str

    def __str__(self):
        return self.text


def kind_of(file_name: str) -> str:
    """'xlsx' or 'csv' from the file name, or FileRefused."""
    lower = file_name.lower()
    for kind in ("xlsx", "csv"):
        if lower.endswith("." + kind):
            return kind
    raise FileRefused(WRONG_KIND % {"name": file_name})


def read_table(data: bytes, kind: str) -> tablib.Dataset:
    if len(data) > MAX_FILE_SIZE:
        raise FileRefused(TOO_LARGE % {"limit": MAX_FILE_SIZE // (1024 * 1024)})
    rows = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    return _dataset(rows)


def _dataset(rows) -> tablib.Dataset:
    """Header from the first row, then the data rows that are not empty."""
    try:
        header_number, header = next(rows)
    except StopIteration:
        raise FileRefused(EMPTY_FILE) from None
    header = [_header_name(cell) for cell in header]
    if not any(header):
        raise FileRefused(EMPTY_FILE)

    body = []
    for number, cells in rows:
        if number > MAX_SHEET_ROWS:
            raise _sheet_too_long(number)
        cells = [_cell(value) for value in cells]
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise FileRefused(TOO_MANY_COLUMNS % {"column": _column_letter(len(cells) - 1)})
        if len(body) == MAX_ROWS:
            raise FileRefused(TOO_MANY_ROWS % {"limit": _thousands(MAX_ROWS)})
        body.append((number, cells))

    width = max([len(header), *(len(cells) for _n, cells in body)])
    header += [""] * (width - len(header))
    # Columns without a name are dropped when empty, refused when they hold data.
    keep = []
    for index, name in enumerate(header):
        if name:
            keep.append(index)
        elif any(index < len(cells) and cells[index] not in (None, "") for _n, cells in body):
            raise FileRefused(UNNAMED_COLUMN % {"column": _column_letter(index)})
    names = [header[i] for i in keep]
    for name in names:
        if names.count(name) > 1:
            raise FileRefused(DUPLICATE_COLUMN % {"name": name})
    if not body:
        raise FileRefused(NO_DATA)

    dataset = tablib.Dataset(headers=[*names, ROW_NUMBER])
    for number, cells in body:
        cells += [None] * (width - len(cells))
        dataset.append([*(cells[i] for i in keep), number])
    return dataset


def read_header(data: bytes, kind: str) -> list[str]:
    """The column names of the first row, after the checks on size and shape,
    without reading the rows (the upload form checks the columns with it)."""
    if len(data) > MAX_FILE_SIZE:
        raise FileRefused(TOO_LARGE % {"limit": MAX_FILE_SIZE // (1024 * 1024)})
    rows = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    try:
        for number, cells in rows:
            if number > MAX_SHEET_ROWS:
                raise _sheet_too_long(number)
            names = [_header_name(cell) for cell in cells]
            if any(names):
                return names
            raise FileRefused(EMPTY_FILE)
        raise FileRefused(EMPTY_FILE)
    finally:
        rows.close()


def _xlsx_rows(data: bytes):
    """(sheet row number, values) of each row the first sheet holds, as it streams.

    The sheet is parsed by openpyxl's own worksheet parser rather than through
    its read-only worksheet, which fills every gap between rows (and up to the
    declared dimension) with empty rows: a file whose only row is 1,048,576
    would cost a million rows before the first could be counted.
    """
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(OLD_XLS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        if "xl/workbook.xml" not in archive.namelist():
            raise FileRefused(NOT_XLSX)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(NOT_XLSX) from None
    # The zip directory's sizes bound what reading can unpack (zipfile stops at
    # the declared size), so this is checked before a byte is inflated.
    if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNCOMPRESSED:
        raise FileRefused(TOO_LARGE_UNPACKED % {"limit": MAX_UNCOMPRESSED // (1024 * 1024)})

    for member in members:
        if member.file_size > MAX_PART and not member.filename.startswith(_LARGE_PARTS):
            raise FileRefused(TOO_LARGE_UNPACKED % {"limit": MAX_UNCOMPRESSED // (1024 * 1024)})

    try:
        book, sheet_path = _open_workbook(data)
        declared = _declared_last_row(book.archive, sheet_path)
        if declared > MAX_SHEET_ROWS:
            raise _sheet_too_long(declared)
        _scan_rows(book.archive, sheet_path)
        strings = _shared_strings(book)
        yield from _sheet_rows(book, sheet_path, strings)
    except FileRefused:
        raise
    except Exception:  # a damaged workbook fails in many ways
        raise FileRefused(NOT_XLSX) from None
    finally:
        if "book" in locals():
            book.archive.close()


def _open_workbook(data: bytes):
    """openpyxl's reader for the workbook and its styles (small parts), and the
    first worksheet's path. Not load_workbook: it would size every sheet on
    opening it (a sheet without a declared dimension is parsed to its end) and
    read the shared strings with a parser many times slower than lxml's."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    book = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
    book.read_manifest()
    book.read_workbook()
    apply_stylesheet(book.archive, book.wb)
    for _sheet, rel in book.parser.find_sheets():
        if rel.target in book.valid_files and "chartsheet" not in rel.Type:
            return book, rel.target
    raise FileRefused(NOT_XLSX)


def _safe_iterparse(source, tag: str):
    """lxml's streaming parser, with entities, DTDs and the network off (no XML bombs)."""
    from lxml import etree

    return etree.iterparse(
        source,
        events=("end",),
        tag=_NS + tag,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
    )


def _text_of(element) -> str:
    """The text of a string item: its <t>, or the <t> of its runs (not phonetic hints)."""
    direct = element.find(_NS + "t")
    if direct is not None:
        return direct.text or ""
    return "".join(run.findtext(_NS + "t") or "" for run in element.iterfind(_NS + "r"))


def _shared_strings(book) -> list[str]:
    from openpyxl.xml.constants import SHARED_STRINGS

    part = book.package.find(SHARED_STRINGS)
    if part is None:
        return []
    path = part.PartName[1:]
    # Counted in the raw XML first (in C, a moment), parsed only when not too many.
    if _count(book.archive, path, _STRING_ITEM) > MAX_SHARED_STRINGS:
        raise FileRefused(TOO_LARGE_UNPACKED % {"limit": MAX_UNCOMPRESSED // (1024 * 1024)})
    strings: list[str] = []
    with book.archive.open(path) as source:
        for _event, item in _safe_iterparse(source, "si"):
            strings.append(_text_of(item))
            item.clear()
    return strings


_STRING_ITEM = re.compile(rb"<(?:\w+:)?si\b")


def _count(archive, path: str, pattern) -> int:
    """How often `pattern` (a tag: it starts with "<") occurs in a part of the archive."""
    found, tail = 0, b""
    with archive.open(path) as source:
        while chunk := source.read(1024 * 1024):
            text = tail + chunk
            # Up to the last "<": no tag is cut in two (the rest waits for the next chunk).
            cut = text.rfind(b"<")
            cut = len(text) if cut < 0 else cut
            found += len(pattern.findall(text, 0, cut))
            tail = text[cut:]
    return found + len(pattern.findall(tail))


def _sheet_rows(book, sheet_path: str, strings: list[str]):
    """(row number, values) for each <row> of the sheet, as lxml streams it."""
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    dates, epoch = book.wb._date_formats, book.wb.epoch
    number = 0
    with book.archive.open(sheet_path) as source:
        for seen, (_event, row) in enumerate(_safe_iterparse(source, "row"), start=1):
            number = int(row.get("r") or number + 1)
            if number > MAX_SHEET_ROWS or seen > MAX_SHEET_ROWS:
                raise _sheet_too_long(max(number, seen))
            values: list = []
            column = 0
            for cell in row.iterfind(_NS + "c"):
                reference = cell.get("r")
                column = (
                    column_index_from_string(reference.rstrip("0123456789"))
                    if reference
                    else column + 1
                )
                value = _cell_value(cell, strings, dates, epoch, from_excel, from_ISO8601)
                if value is None or value == "":
                    continue
                if column > MAX_COLUMNS:
                    from openpyxl.utils import get_column_letter

                    raise FileRefused(TOO_MANY_COLUMNS % {"column": get_column_letter(column)})
                values += [None] * (column - len(values))
                values[column - 1] = value
            row.clear()
            while row.getprevious() is not None:  # what is read is let go
                del row.getparent()[0]
            yield number, values


def _cell_value(cell, strings, dates, epoch, from_excel, from_ISO8601):
    """A cell's value as openpyxl reads it, with formulas as Formula."""
    formula = cell.find(_NS + "f")
    if formula is not None:
        return Formula("=" + (formula.text or ""))
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_NS + "is")
        return _text_of(inline) if inline is not None else None
    value = cell.findtext(_NS + "v")
    if value is None or value == "":
        return None
    if kind == "n":
        number = float(value) if any(c in value for c in ".eE") else int(value)
        if int(cell.get("s") or 0) in dates:
            return from_excel(number, epoch)
        return number
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        return from_ISO8601(value)
    return value  # "str" (a formula's cached text), "e" (an error such as #N/A)


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(rb'\br="([0-9]+)"')


def _scan_rows(archive, sheet_path: str) -> None:
    """Count the sheet's rows in its raw XML before parsing it (the regex runs in C,
    so even the largest allowed sheet takes a moment; the parser is much slower):
    too many rows holding cells, or a row number beyond the limit, refuse the file."""
    filled = 0
    tail = b""
    with archive.open(sheet_path) as source:
        while chunk := source.read(1024 * 1024):
            text = tail + chunk
            end = 0
            for found in _ROW_TAG.finditer(text):
                end = found.end()
                number = _ROW_NUMBER.search(found.group(1))
                if number and int(number.group(1)) > MAX_SHEET_ROWS:
                    raise _sheet_too_long(int(number.group(1)))
                if not found.group(2):
                    filled += 1
                    if filled > MAX_SHEET_ROWS:
                        raise _sheet_too_long(filled)
            # A tag cut by the chunk's end is found again with the next chunk.
            tail = text[max(end, len(text) - 256) :]


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*[0-9]*:?[A-Z]+([0-9]+)"')


def _declared_last_row(archive, sheet_path: str) -> int:
    """The last row the sheet's dimension declares (it comes first in the sheet), or 0."""
    with archive.open(sheet_path) as source:
        start = source.read(64 * 1024)
    found = _DIMENSION.search(start)
    return int(found.group(1)) if found else 0


def _csv_rows(data: bytes):
    if b"\x00" in data[:8192] or data.startswith(b"PK\x03\x04"):
        raise FileRefused(NOT_TEXT)
    if data.startswith(b"\xef\xbb\xbf"):  # the byte-order mark Excel writes in "CSV UTF-8"
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        raise FileRefused(NOT_UTF8 % {"row": row}) from None
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [Formula(cell) if cell.startswith("=") else cell for cell in cells]
    except csv.Error:
        raise FileRefused(NOT_TEXT) from None


def _sheet_too_long(row: int) -> FileRefused:
    return FileRefused(SHEET_TOO_LONG % {"row": _thousands(row), "limit": _thousands(MAX_ROWS)})


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _header_name(value) -> str:
    if value is None or isinstance(value, Formula):
        return "" if value is None else str(value)
    return " ".join(str(value).split())


def _cell(value):
    if isinstance(value, str):
        return value.strip()
    return value


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)

"""Hostile uploads, built in memory: files small on the wire that would cost a
worker seconds and gigabytes if read naively. Used by the tests and bench/imports.py."""

import io
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _workbook_with_sheet(sheet_xml: Iterable[bytes], part: str = SHEET) -> bytes:
    """A real workbook (openpyxl's, one string cell) whose `part` (by default the
    first sheet) is replaced by the streamed `sheet_xml`."""
    base = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Nama"
    book.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "[Content_Types].xml" and part not in source.namelist():
                content = content.replace(b"</Types>", _override(part) + b"</Types>")
            if member.filename != part:
                zf.writestr(member, content)
        info = zipfile.ZipInfo(part)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as target:
            for chunk in sheet_xml:
                target.write(chunk)
    return out.getvalue()


def _override(part: str) -> bytes:
    kind = "sharedStrings" if "sharedStrings" in part else "worksheet"
    return (
        f'<Override PartName="/{part}" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.{kind}+xml"/>'
    ).encode()


def many_shared_strings(count: int = 300_000) -> bytes:
    """A one-cell sheet whose shared-string table holds `count` strings."""

    def xml():
        yield b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
        yield b'spreadsheetml/2006/main"><si><t>Nama</t></si>'
        for start in range(1, count, 10_000):
            stop = min(start + 10_000, count)
            yield b"".join(b"<si><t>s%07d</t></si>" % n for n in range(start, stop))
        yield b"</sst>"

    return _workbook_with_sheet(xml(), part="xl/sharedStrings.xml")


def _header_row() -> bytes:
    return b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c></row>'


def zip_bomb(unpacked_mb: int = 1024) -> bytes:
    """A workbook whose sheet unpacks to `unpacked_mb` MB (about 1 MB zipped per GB)."""

    def xml():
        yield HEAD + b"<sheetData>" + _header_row()
        block = b" " * (1024 * 1024)
        for _ in range(unpacked_mb):
            yield block
        yield b"</sheetData></worksheet>"

    return _workbook_with_sheet(xml())


def last_row_only(*, declared: bool = True) -> bytes:
    """One cell, in the sheet's last row (1,048,576): a 2 KB file."""

    def xml():
        yield HEAD
        if declared:
            yield b'<dimension ref="A1048576"/>'
        yield b'<sheetData><row r="1048576"><c r="A1048576" t="inlineStr">'
        yield b"<is><t>Nama</t></is></c></row></sheetData></worksheet>"

    return _workbook_with_sheet(xml())


def empty_rows(count: int = 1_000_000) -> bytes:
    """The header, then `count` empty rows; the dimension claims one row only."""

    def xml():
        yield HEAD + b'<dimension ref="A1"/><sheetData>' + _header_row()
        batch = []
        for number in range(2, count + 2):
            batch.append(b'<row r="%d"/>' % number)
            if len(batch) == 10_000:
                yield b"".join(batch)
                batch.clear()
        yield b"".join(batch) + b"</sheetData></worksheet>"

    return _workbook_with_sheet(xml())


def many_rows(count: int = 100_000, *, declared: bool = True) -> bytes:
    """The header, then `count` rows of names (with a true dimension, or none)."""

    def xml():
        yield HEAD
        if declared:
            yield b'<dimension ref="A1:A%d"/>' % (count + 1)
        yield b"<sheetData>" + _header_row()
        batch = []
        for number in range(2, count + 2):
            batch.append(
                b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Orang %d</t></is></c></row>'
                % (number, number, number)
            )
            if len(batch) == 10_000:
                yield b"".join(batch)
                batch.clear()
        yield b"".join(batch) + b"</sheetData></worksheet>"

    return _workbook_with_sheet(xml())


def wide_row() -> bytes:
    """A header, and one cell far to the right (column XFD, the last)."""

    def xml():
        yield HEAD + b"<sheetData>" + _header_row()
        yield b'<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'
        yield b"</sheetData></worksheet>"

    return _workbook_with_sheet(xml())


def csv_of_empty_lines(size: int = 5 * 1024 * 1024 - 100) -> bytes:
    """The header, then as many empty lines as fit in the size limit (five million)."""
    return b"Nama\n" + b"\n" * size

"""What every export does to a text cell, so a spreadsheet opens it safely.

One rule for every file the application writes (the reports, the admin's
export of the register, the import template):

- text that starts with = + - @, a tab or a carriage return could run as a
  formula when the file is opened (CSV injection). In CSV it gets a leading
  apostrophe (the usual OWASP advice); in a workbook it is a text cell marked
  "quote prefix", as Excel marks a typed '=....
- control characters that a workbook cannot hold (openpyxl refuses them, and
  the export would fail) are dropped. The register refuses them on the way in;
  this keeps older rows exportable.

This module depends on nothing else of the project, so any app may use it.
"""

from dataclasses import dataclass

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# The kinds of a report's columns, which say how a value is written.
TEXT, NUMBER, DATE, PERCENT = "text", "number", "date", "percent"


@dataclass(frozen=True)
class Column:
    """One column of an exported table; `width` is in spreadsheet characters."""

    label: str
    kind: str = TEXT
    width: int = 16


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def csv_text(text: str) -> str:
    """A text cell of a CSV file."""
    return "'" + text if starts_like_formula(text) else text


def workbook_text(text: str) -> str:
    """A text cell's value as a workbook can hold it (without control characters)."""
    # isprintable() is quick and false for every character a worksheet refuses.
    return text if text.isprintable() else ILLEGAL_CHARACTERS_RE.sub("", text)


def mark_as_text(cell) -> None:
    """Keep a workbook cell whose text looks like a formula as text."""
    cell.data_type = "s"
    cell.quotePrefix = True


def workbook_cell(cell, text: str):
    """Put text into a workbook cell (normal or write-only) the safe way."""
    cell.value = workbook_text(text)
    if starts_like_formula(cell.value):
        mark_as_text(cell)
    return cell

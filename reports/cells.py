"""What every export does to a text cell, so a spreadsheet opens it safely.

One rule for every file the application writes (the reports, the admin's
export of the register, the import template):

- text that starts with = + - @, a tab or a carriage return could run as a
  formula when the file is opened (CSV injection). In CSV it gets a leading
  apostrophe (the usual OWASP advice); in a workbook it is a text cell marked
  "quote prefix", as Excel marks a typed '=....
- control characters are dropped, in CSV and workbook alike: a workbook cannot
  hold them (openpyxl refuses them, and the export would fail), and in a CSV
  they reach whatever reads the file (a terminal's escape sequences, a NUL that
  ends a field early, a bidirectional override that shows a cell's text
  reversed). Line breaks and tabs stay: a cell may hold several lines, and the
  CSV writer quotes them. The register refuses control characters on the way
  in; this keeps older rows, and text from elsewhere, safe to export.

This module depends on nothing else of the project, so any app may use it.
"""

import re
from dataclasses import dataclass

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


# C0 controls but tab and line breaks, DEL and C1 controls, and the bidirectional
# overrides and isolates: a superset of what openpyxl refuses in a worksheet.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def without_control_characters(text: str) -> str:
    # isprintable() is quick and true for most cells, which then need no regex.
    return text if text.isprintable() else CONTROL_CHARACTERS.sub("", text)


def csv_text(text: str) -> str:
    """A text cell of a CSV file: no control characters, no formula."""
    text = without_control_characters(text)
    return "'" + text if starts_like_formula(text) else text


def workbook_text(text: str) -> str:
    """A text cell's value as a workbook can hold it (without control characters)."""
    return without_control_characters(text)


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

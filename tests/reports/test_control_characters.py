"""Control characters in a saved text never reach an exported file: not in the
CSV (where a terminal would run an escape sequence,
a bidirectional override shows a cell reversed), not in the workbook; the
formula guard still applies to what is left."""

import datetime

import pytest
from django.urls import reverse

from assignments.factories import AssignmentFactory
from reports.cells import csv_text
from tests.reports.read import csv_table, xlsx_sheet

pytestmark = pytest.mark.django_db

# Saved before the register refused such names, or through a path that did not check.
# (No NUL: PostgreSQL cannot store one, so no row holds one.)
NAME = "Ani\x1b[31m\x07 Merah\x01\u202eanI"
CLEAN = "Ani[31m MerahanI"


@pytest.fixture
def posting(db):
    return AssignmentFactory(
        facilitator__name=NAME,
        kelurahan__name="\x7f=1+1",
        start_date=datetime.date(2019, 1, 2),
    )


def test_the_csv_carries_no_control_character(supervisor, posting):
    table = csv_table(supervisor.get(reverse("reports:roster-csv")))
    raw = "".join(cell for row in table for cell in row)
    for character in ["\x1b", "\x07", "\x01", "\x7f", "\u202e"]:
        assert character not in raw, repr(character)
    row = next(row for row in table if CLEAN in row[4])
    assert row[4] == CLEAN
    # Stripped first, then guarded: the DEL hid a formula.
    assert row[3] == "'=1+1"


def test_the_workbook_carries_none_either(supervisor, posting):
    sheet = xlsx_sheet(supervisor.get(reverse("reports:roster-xlsx")))
    values = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    assert CLEAN in values
    assert not any(c in value for value in values for c in "\x1b\x07\x01\x7f\u202e")


def test_line_breaks_stay_in_a_cell():
    assert csv_text("Baris satu\nBaris dua\tkolom") == "Baris satu\nBaris dua\tkolom"


def test_a_nul_is_dropped_from_a_csv_cell():
    assert csv_text("Ani\x00=1") == "Ani=1"

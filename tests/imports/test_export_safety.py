"""Every export opens safely: one formula guard for the admin's export and the
reports alike, rows that already hold control characters still export (without
them), and the
full NIKs an export carries are recorded as disclosures."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from assignments.factories import AssignmentFactory
from registry.factories import FacilitatorFactory
from registry.models import Disclosure
from tests.reports.read import csv_table, xlsx_sheet

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:registry_facilitator_export")
HOSTILE = ["=SUM(1,2)", "+SUM(1,2)", "-2+3", "@cmd", "\t=1+1", "\r=1+1"]


def admin_export(client, kind: str) -> bytes:
    response = client.post(EXPORT_URL, {"format": {"xlsx": "0", "csv": "1"}[kind], "resource": "0"})
    assert response.status_code == 200
    return response.content


def stored_as(facilitator, name: str):
    """A name as an older version stored it, past today's validators."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_facilitator SET name = %s WHERE id = %s", [name, facilitator.pk]
        )
    return facilitator


@pytest.fixture
def hostile_names(db):
    return [
        stored_as(FacilitatorFactory(joined_on=datetime.date(2018, 1, 1)), name) for name in HOSTILE
    ]


def test_the_admin_csv_neutralises_exactly_like_the_report_csv(staff, hostile_names, client):
    table = list(csv.reader(io.StringIO(admin_export(staff, "csv").decode("utf-8-sig"))))
    admin_names = sorted(row[1] for row in table[1:])

    assert admin_names == sorted("'" + name for name in HOSTILE)
    # The roster report lists the same people (in reserve): the same cells.
    report = csv_table(staff.get(reverse("reports:roster-csv")))
    assert sorted(row[4] for row in report[1:] if row[4].startswith("'")) == admin_names


def test_the_admin_workbook_keeps_them_as_text_cells_like_the_report(staff, hostile_names):
    sheet = load_workbook(io.BytesIO(admin_export(staff, "xlsx"))).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]

    assert sorted(cell.value for cell in cells) == sorted(HOSTILE)
    for cell in cells:
        assert (cell.data_type, cell.quotePrefix) == ("s", True), repr(cell.value)
    report = xlsx_sheet(staff.get(reverse("reports:roster-xlsx")))
    report_cells = [row[4] for row in report.iter_rows(min_row=6) if row[4].value in HOSTILE]
    assert sorted(cell.value for cell in report_cells) == sorted(HOSTILE)
    assert all((c.data_type, c.quotePrefix) == ("s", True) for c in report_cells)


@pytest.fixture
def control_characters(wilayah):
    posting = AssignmentFactory(start_date=datetime.date(2019, 1, 2))
    stored_as(posting.facilitator, "Siti\x07 Aminah\x1b")
    stored_as(FacilitatorFactory(), "Budi\x01 Santoso")  # in reserve
    return posting


def test_the_admin_exports_rows_that_hold_control_characters(staff, control_characters):
    sheet = load_workbook(io.BytesIO(admin_export(staff, "xlsx"))).active
    assert sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        "Budi Santoso",
        "Siti Aminah",
    ]
    text = admin_export(staff, "csv").decode("utf-8-sig")
    # The CSV drops them too (reports.cells): a terminal or another program reading it
    # would act on them.
    assert "Siti Aminah" in text and "\x07" not in text and "\x1b" not in text


def test_the_reports_export_rows_that_hold_control_characters(staff, control_characters):
    sheet = xlsx_sheet(staff.get(reverse("reports:roster-xlsx")))
    names = [row[4].value for row in sheet.iter_rows(min_row=6) if row[4].value]
    assert sorted(names) == ["Budi Santoso", "Siti Aminah"]
    table = csv_table(staff.get(reverse("reports:roster-csv")))
    names = sorted(row[4] for row in table[1:] if row[4])
    assert names == ["Budi Santoso", "Siti Aminah"]


def test_an_export_records_a_nik_disclosure_for_each_facilitator_it_carries(
    staff, staff_user, wilayah
):
    with_nik = [FacilitatorFactory(), FacilitatorFactory()]
    FacilitatorFactory(nik="")  # no NIK: nothing disclosed

    for kind in ["xlsx", "csv"]:
        admin_export(staff, kind)

    disclosed = Disclosure.objects.values_list("facilitator", "user")
    assert sorted(disclosed) == sorted(
        (f.pk, staff_user.pk) for f in with_nik for _kind in range(2)
    )

"""Export from the admin, import the export: nothing changes. The template has the same columns."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from imports.reading import ROW_NUMBER, read_table
from tests.imports.helpers import HEADERS, confirm, preview, snapshot, statuses

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:registry_facilitator_export")


def export(client, kind: str) -> bytes:
    index = {"xlsx": "0", "csv": "1"}[kind]
    response = client.post(EXPORT_URL, {"format": index, "resource": "0"})
    assert response.status_code == 200
    assert f'.{kind}"' in response["Content-Disposition"]
    assert "fasilitator" in response["Content-Disposition"]
    return response.content


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_exported_file_imports_back_without_a_change(staff, kind):
    call_command("seed_demo", stdout=io.StringIO())
    data = export(staff, kind)
    assert read_table(data, kind).headers == [*HEADERS, ROW_NUMBER]
    before = snapshot()

    response = preview(staff, SimpleUploadedFile(f"ekspor.{kind}", data))

    assert len(statuses(response)) == 30
    assert set(statuses(response).values()) == {"skip"}
    response = confirm(staff, response)
    assert "0 baru, 0 berubah, 30 tidak berubah" in response.content.decode()
    assert snapshot() == before


def test_the_exported_workbook_keeps_nik_as_text_and_dates_as_dates(staff):
    from openpyxl import load_workbook

    call_command("seed_demo", stdout=io.StringIO())
    sheet = load_workbook(io.BytesIO(export(staff, "xlsx"))).active
    nik, joined = sheet["A2"], sheet["H2"]
    assert isinstance(nik.value, str) and len(nik.value) == 16
    assert isinstance(joined.value, datetime.datetime)
    assert joined.number_format == "DD/MM/YYYY"


def test_the_csv_template_has_the_columns_and_no_rows(staff):
    import csv

    url = reverse("admin:registry_facilitator_import_template", args=["csv"])
    response = staff.get(url)
    assert response.status_code == 200
    assert 'filename="template-fasilitator.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(response.content.decode("utf-8-sig").splitlines()))
    assert rows[0] == HEADERS
    assert all(not any(row) for row in rows[1:])

"""The downloadable template is a workbook people can fill in without a manual."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import Facilitator, Kelurahan
from tests.imports.helpers import HEADERS, import_file

pytestmark = pytest.mark.django_db

TEMPLATE_URL = reverse("admin:registry_facilitator_import_template", args=["xlsx"])


@pytest.fixture
def workbook(staff):
    response = staff.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert 'filename="template-fasilitator.xlsx"' in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def column_of(sheet, name: str) -> str:
    return next(cell.column_letter for cell in sheet[1] if cell.value == name)


def test_it_has_the_columns_and_one_example_row(workbook):
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 2
    example = dict(zip(HEADERS, rows[1], strict=True))
    assert example["Nama"] == "Siti Aminah"
    assert example["NIK"] == "3375010101900001"
    assert example["Kode kelurahan"] == Kelurahan.objects.order_by("code").first().code


def test_the_nik_and_phone_columns_are_text(workbook):
    sheet = workbook.worksheets[0]
    for name in ["NIK", "No. HP"]:
        letter = column_of(sheet, name)
        # The column's format (what people type later) and the example's cell.
        assert sheet.column_dimensions[letter].number_format == "@", name
        assert sheet[f"{letter}2"].number_format == "@", name
        assert isinstance(sheet[f"{letter}2"].value, str), name


def test_every_column_has_a_note_and_the_note_says_how_to_empty_a_value(workbook):
    notes = {cell.value: cell.comment.text for cell in workbook.worksheets[0][1]}
    assert set(notes) == set(HEADERS)
    assert all(notes.values())
    assert "Kosong: nilainya tetap seperti semula." in notes["Email"]
    assert "Tulis - (tanda hubung) untuk menghapusnya." in notes["Email"]
    assert "081234567890" in notes["No. HP"]


def test_a_second_sheet_lists_the_kelurahan_with_their_codes(workbook):
    sheet = workbook["Kelurahan"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Kode kelurahan", "Kelurahan", "Kecamatan")
    assert rows[1:] == list(
        Kelurahan.objects.order_by("code").values_list("code", "name", "kecamatan__name")
    )
    assert len(rows) == 1 + 27


def test_the_template_as_downloaded_imports_its_example(staff):
    data = staff.get(TEMPLATE_URL).content

    import_file(staff, SimpleUploadedFile("template-fasilitator.xlsx", data))

    siti = Facilitator.objects.get()
    assert (siti.name, siti.phone, siti.nik) == ("Siti Aminah", "081234567890", "3375010101900001")
    assert siti.assignments.get().kelurahan == Kelurahan.objects.order_by("code").first()

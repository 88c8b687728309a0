"""Files that are not what they claim: a clear message, never a 500, nothing changed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports import reading
from imports.forms import UNKNOWN_COLUMNS
from tests.imports.helpers import (
    HEADERS,
    csv_file,
    file_error,
    person,
    preview,
    snapshot,
    xlsx_file,
)

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def refused(client, upload) -> str:
    before = snapshot()
    response = preview(client, upload)
    assert response.status_code == 200
    assert "result" not in response.context
    assert snapshot() == before
    message = file_error(response)
    assert message, "the page names no problem with the file"
    assert message in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    return message


def test_an_image_renamed_xlsx_is_refused(staff):
    message = refused(staff, SimpleUploadedFile("fasilitator.xlsx", PNG))
    assert message == str(reading.NOT_XLSX)
    assert message.startswith("File ini bukan buku kerja Excel (.xlsx)")


def test_an_image_renamed_csv_is_refused(staff):
    assert refused(staff, SimpleUploadedFile("fasilitator.csv", PNG)) == str(reading.NOT_TEXT)


def test_an_old_xls_workbook_is_refused(staff):
    upload = SimpleUploadedFile(
        "fasilitator.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    )
    assert refused(staff, upload) == str(reading.OLD_XLS)


def test_a_latin1_csv_is_refused_naming_the_row(staff):
    text = ",".join(HEADERS) + "\r\n" + ",".join(person(NAME="Siti Aminah").values()) + "\r\n"
    text += ",".join(person(NIK="3375010101900008", NAME="Désirée", PHONE="081234560008").values())
    upload = SimpleUploadedFile("fasilitator.csv", text.encode("latin-1"))

    message = refused(staff, upload)

    assert message == str(reading.NOT_UTF8 % {"row": 3})
    assert message.startswith("Baris 3 file CSV ini bukan UTF-8")


def test_a_file_over_five_megabytes_is_refused(staff):
    upload = csv_file([person()])
    upload = SimpleUploadedFile("fasilitator.csv", upload.read() + b" " * (5 * 1024 * 1024))
    message = refused(staff, upload)
    assert message == "File lebih besar dari 5 MB. Pecah menjadi beberapa file yang lebih kecil."


def test_more_than_ten_thousand_rows_are_refused(staff):
    rows = [
        person(NIK=f"33750101{n:08d}", NAME=f"Orang {n}", KELURAHAN_CODE="", KELURAHAN="")
        for n in range(10_001)
    ]
    message = refused(staff, csv_file(rows))
    assert message == str(reading.TOO_MANY_ROWS % {"limit": "10.000"})
    assert "lebih dari 10.000 baris" in message


def test_ten_thousand_rows_are_not_too_many():
    body = "\n".join(f"x{n}" for n in range(10_000))
    assert len(reading.read_table(f"Nama\n{body}\n".encode(), "csv")) == 10_000


def test_extra_columns_are_refused_by_name(staff):
    headers = [*HEADERS, "Catatan", "Hobi"]
    message = refused(staff, csv_file([person()], headers))
    assert message.startswith("File memuat kolom yang tidak ada dalam templat: Catatan, Hobi.")
    assert message == str(
        UNKNOWN_COLUMNS % {"columns": "Catatan, Hobi", "expected": ", ".join(HEADERS)}
    )


def test_a_column_with_data_but_no_name_is_refused(staff):
    headers = [*HEADERS, ""]
    rows = [[*person().values(), "rahasia"]]
    message = refused(staff, xlsx_file(rows, headers))
    assert message == str(reading.UNNAMED_COLUMN % {"column": "N"})


def test_a_file_without_the_name_column_is_refused(staff):
    headers = [h for h in HEADERS if h != "Nama"]
    message = refused(staff, csv_file([person()], headers))
    assert message == "File tidak memiliki kolom Nama."


def test_an_empty_file_is_refused(staff):
    assert refused(staff, SimpleUploadedFile("fasilitator.csv", b"")) == (
        "Berkas yang dikirimkan kosong."
    )
    message = refused(staff, SimpleUploadedFile("fasilitator.csv", b"\r\n\r\n"))
    assert message == str(reading.EMPTY_FILE)


def test_a_file_with_only_column_names_is_refused(staff):
    assert refused(staff, csv_file([])) == str(reading.NO_DATA)


def test_a_file_that_is_neither_xlsx_nor_csv_is_refused(staff):
    message = refused(staff, SimpleUploadedFile("fasilitator.pdf", b"%PDF-1.4"))
    assert message == "Unggah file .xlsx atau .csv; fasilitator.pdf bukan keduanya."


def test_a_damaged_workbook_is_refused(staff):
    good = xlsx_file([person()]).read()
    upload = SimpleUploadedFile("fasilitator.xlsx", good[: len(good) // 2])
    assert refused(staff, upload) == str(reading.NOT_XLSX)


def test_a_zip_that_is_not_a_workbook_is_refused(staff):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    upload = SimpleUploadedFile("fasilitator.xlsx", out.getvalue())
    assert refused(staff, upload) == str(reading.NOT_XLSX)

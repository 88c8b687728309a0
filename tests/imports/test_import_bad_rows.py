"""A row in error: the preview names its row and column in Indonesian, and nothing is written."""

import datetime

import pytest

from assignments import resources as columns
from assignments.factories import AssignmentFactory
from assignments.models import KELURAHAN_TAKEN
from imports.columns import BAD_DATE, FORMULA, NUMBER_NOT_TEXT
from registry.factories import FacilitatorFactory
from registry.models import Kelurahan
from tests.imports.helpers import csv_file, errors_of, person, preview, snapshot, xlsx_file

pytestmark = pytest.mark.django_db


def refused(client, upload) -> list[tuple[int, str, str]]:
    """Preview the file; check nothing was written and no confirmation is offered."""
    before = snapshot()
    response = preview(client, upload)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "Tidak ada yang diimpor sampai semua baris benar." in response.content.decode()
    assert snapshot() == before
    return errors_of(response)


def test_an_unknown_kelurahan_code_is_named(staff):
    errors = refused(
        staff,
        csv_file(
            [
                person(),
                person(
                    NIK="3375010101900009",
                    NAME="Dewi",
                    PHONE="081234560009",
                    KELURAHAN_CODE="33.75.09.9999",
                    KELURAHAN="",
                ),
            ]
        ),
    )
    assert errors == [
        (3, "Kode kelurahan", "Tidak ada kelurahan dengan kode 33.75.09.9999."),
    ]


def test_an_unknown_kelurahan_name_is_named(staff):
    errors = refused(staff, csv_file([person(KELURAHAN_CODE="", KELURAHAN="Atlantis")]))
    assert errors == [(2, "Kelurahan", "Tidak ada kelurahan bernama Atlantis.")]


def test_a_kelurahan_given_by_name_alone_is_found(staff):
    response = preview(staff, csv_file([person(KELURAHAN_CODE="", KELURAHAN="medono")]))
    assert errors_of(response) == []


def test_a_code_and_name_that_disagree_are_named(staff):
    errors = refused(staff, csv_file([person(KELURAHAN="Podosugih")]))
    assert errors == [
        (
            2,
            "Kelurahan",
            str(
                columns.CODE_AND_NAME_DISAGREE
                % {"code": "33.75.01.1002", "kelurahan": "Medono", "name": "Podosugih"}
            ),
        ),
    ]


def test_a_nik_that_is_not_sixteen_digits_is_named(staff):
    errors = refused(staff, csv_file([person(NIK="33750101")]))
    assert errors == [(2, "NIK", "NIK harus terdiri dari tepat 16 angka.")]


def test_a_nik_stored_as_a_number_is_named(staff):
    errors = refused(staff, xlsx_file([person(NIK=3375010101900001)]))
    assert errors == [(2, "NIK", str(NUMBER_NOT_TEXT))]


def test_a_nik_already_used_by_someone_else_is_named(staff):
    FacilitatorFactory(name="Rina Lestari", nik="3375010101900001")
    FacilitatorFactory(name="Siti Aminah", nik="3375010101900005", phone="081234560001")

    errors = refused(staff, csv_file([person()]))

    assert errors == [
        (2, "NIK", str(columns.NIK_OF_SOMEONE_ELSE % {"other": "Rina Lestari"})),
    ]
    assert "NIK ini milik fasilitator lain, Rina Lestari" in errors[0][2]


def test_a_kelurahan_already_covered_is_named(staff):
    AssignmentFactory(
        facilitator__name="Budi Santoso",
        kelurahan=Kelurahan.objects.get(code="33.75.01.1002"),
        start_date=datetime.date(2018, 1, 1),
    )
    errors = refused(staff, csv_file([person()]))
    taken = KELURAHAN_TAKEN % {
        "kelurahan": "Medono",
        "facilitator": "Budi Santoso",
        "start": "1 Januari 2018",
    }
    assert errors == [(2, "Kode kelurahan", str(taken))]
    assert errors[0][2].startswith("Kelurahan Medono sudah didampingi fasilitator Budi Santoso")


def test_a_bad_date_is_named(staff):
    errors = refused(staff, csv_file([person(START="31/02/2019")]))
    assert errors == [(2, "Mulai bertugas", str(BAD_DATE % {"value": "31/02/2019"}))]
    assert "“31/02/2019” bukan tanggal. Tulis sebagai HH/BB/TTTT" in errors[0][2]


def test_a_missing_name_is_named(staff):
    errors = refused(staff, csv_file([person(NAME="", NIK="3375010101900004")]))
    assert errors == [(2, "Nama", "Field ini tidak boleh kosong.")]


def test_a_posting_without_start_date_is_named(staff):
    errors = refused(staff, csv_file([person(START="")]))
    assert errors == [(2, "Mulai bertugas", "Penugasan memerlukan tanggal mulai.")]


def test_an_unknown_sex_is_named(staff):
    errors = refused(staff, csv_file([person(SEX="X")]))
    assert errors == [(2, "Jenis kelamin", "“X” tidak termasuk pilihan: L, P.")]


def test_a_formula_in_a_workbook_cell_is_named(staff):
    errors = refused(staff, xlsx_file([person(NAME='=HYPERLINK("http://contoh.id","Siti")')]))
    assert errors == [
        (2, "Nama", str(FORMULA % {"formula": '=HYPERLINK("http://contoh.id","Siti")'})),
    ]
    assert errors[0][2].startswith("Sel berisi rumus")


def test_a_formula_in_a_csv_cell_is_named(staff):
    errors = refused(staff, csv_file([person(ADDRESS="=1+1")]))
    assert errors == [(2, "Alamat", str(FORMULA % {"formula": "=1+1"}))]


def test_one_bad_row_keeps_the_good_rows_out_too(staff):
    good = person()
    bad = person(
        NIK="3375010101900009",
        NAME="Dewi",
        PHONE="081234560009",
        KELURAHAN_CODE="",
        KELURAHAN="",
        START="",
        DECREE="",
        JOINED="kemarin",
    )
    errors = refused(staff, csv_file([good, bad]))
    assert [(row, column) for row, column, _message in errors] == [(3, "Tanggal bergabung")]

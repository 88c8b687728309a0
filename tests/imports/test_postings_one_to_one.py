"""Postings in a file that would break one facilitator per kelurahan are refused as a whole."""

import datetime
import html

import pytest

from assignments import resources as columns
from assignments.factories import AssignmentFactory
from assignments.models import Assignment
from imports.jobs import NOT_IMPORTED_NOW
from registry.factories import FacilitatorFactory
from registry.models import Facilitator, Kelurahan
from tests.imports.helpers import csv_file, errors_of, person, preview, snapshot

pytestmark = pytest.mark.django_db


def two_people_for_medono():
    return [
        person(),
        person(NIK="3375010101900002", NAME="Budi Santoso", PHONE="081234560002", SEX="L"),
        person(
            NIK="3375010101900003",
            NAME="Citra Dewi",
            PHONE="081234560003",
            KELURAHAN_CODE="33.75.01.1003",
            KELURAHAN="Podosugih",
        ),
    ]


def test_two_rows_for_one_kelurahan_refuse_the_whole_file(staff):
    response = preview(staff, csv_file(two_people_for_medono()))

    message = str(columns.SAME_KELURAHAN_IN_FILE % {"rows": "2, 3", "kelurahan": "33.75.01.1002"})
    assert (2, "Kode kelurahan", message) in errors_of(response)
    assert (3, "Kode kelurahan", message) in errors_of(response)
    assert "confirm_form" not in response.context
    assert not Facilitator.objects.exists()
    assert not Assignment.objects.exists()


def test_a_confirmation_that_breaks_the_rule_writes_nothing(staff):
    """Someone posts a facilitator to Medono between the preview and the confirmation."""
    from tests.imports.helpers import confirm

    response = preview(
        staff,
        csv_file(
            [
                person(),
                person(
                    NIK="3375010101900003",
                    NAME="Citra Dewi",
                    PHONE="081234560003",
                    KELURAHAN_CODE="33.75.01.1003",
                    KELURAHAN="Podosugih",
                ),
            ]
        ),
    )
    assert errors_of(response) == []
    AssignmentFactory(kelurahan=Kelurahan.objects.get(code="33.75.01.1002"))
    before = snapshot()

    response = confirm(staff, response)

    page = html.unescape(response.content.decode())
    assert response.context["job"].state == "failed"
    assert str(NOT_IMPORTED_NOW) in page
    assert page.count("Tidak ada yang diimpor") == 1
    assert "Kelurahan Medono sudah didampingi fasilitator" in page
    assert snapshot() == before
    assert not Facilitator.objects.filter(name="Citra Dewi").exists()


def test_the_same_person_twice_in_a_file_is_refused(staff):
    rows = [person(), person(NAME="Siti A.", KELURAHAN_CODE="33.75.01.1003", KELURAHAN="")]
    response = preview(staff, csv_file(rows))
    message = str(columns.SAME_PERSON_IN_FILE % {"rows": "2, 3"})
    assert [(2, "Nama", message), (3, "Nama", message)] == [
        e for e in errors_of(response) if e[1] == "Nama"
    ]


def test_a_swap_written_as_two_moves_is_refused_and_changes_nothing(staff):
    medono = Kelurahan.objects.get(code="33.75.01.1002")
    podosugih = Kelurahan.objects.get(code="33.75.01.1003")
    january = datetime.date(2019, 1, 2)
    AssignmentFactory(
        facilitator=FacilitatorFactory(
            nik="3375010101900001", name="Siti Aminah", phone="081234560001"
        ),
        kelurahan=medono,
        start_date=january,
    )
    AssignmentFactory(
        facilitator=FacilitatorFactory(
            nik="3375010101900002", name="Budi Santoso", phone="081234560002"
        ),
        kelurahan=podosugih,
        start_date=january,
    )
    before = snapshot()
    rows = [
        person(KELURAHAN_CODE="33.75.01.1003", KELURAHAN="Podosugih", START="01/07/2021"),
        person(
            NIK="3375010101900002",
            NAME="Budi Santoso",
            PHONE="081234560002",
            SEX="L",
            KELURAHAN_CODE="33.75.01.1002",
            KELURAHAN="Medono",
            START="01/07/2021",
        ),
    ]

    response = preview(staff, csv_file(rows))

    row, column, message = errors_of(response)[0]
    assert (row, column) == (2, "Kode kelurahan")
    assert message.startswith("Kelurahan Podosugih sudah didampingi fasilitator Budi Santoso")
    assert snapshot() == before


def test_an_inactive_facilitator_cannot_be_posted_by_import(staff):
    FacilitatorFactory(nik="3375010101900001", name="Siti Aminah", is_active=False)
    response = preview(staff, csv_file([person(ACTIVE="Tidak")]))
    assert errors_of(response) == [
        (
            2,
            "Kode kelurahan",
            "Fasilitator Siti Aminah tidak aktif pada 2 Januari 2019 "
            "sehingga tidak dapat ditugaskan.",
        )
    ]

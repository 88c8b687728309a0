"""A good file: previewed row by row, written on confirmation, and a second time changes nothing."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from assignments.factories import AssignmentFactory
from assignments.models import Assignment
from assignments.selectors import in_reserve
from registry.factories import FacilitatorFactory
from registry.models import Facilitator, Kelurahan
from registry.validators import validate_nik
from tests.imports.helpers import (
    confirm,
    csv_file,
    errors_of,
    import_file,
    person,
    preview,
    snapshot,
    statuses,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(wilayah):
    """A facilitator already in the register, posted to Podosugih."""
    return AssignmentFactory(
        facilitator=FacilitatorFactory(
            name="Budi Santoso",
            nik="3375010101900002",
            phone="081234560002",
            email="lama@contoh.id",
        ),
        kelurahan=Kelurahan.objects.get(code="33.75.01.1003"),
        start_date=datetime.date(2019, 1, 2),
        decree_number="800/002/DPMPPA/2019",
    ).facilitator


def good_rows():
    return [
        person(),  # new, posted to Medono
        person(
            NIK="3375010101900002",
            NAME="Budi Santoso",
            PHONE="081234560002",
            EMAIL="budi@contoh.id",  # changed
            SEX="L",
            KELURAHAN_CODE="33.75.01.1003",
            KELURAHAN="Podosugih",
            DECREE="800/002/DPMPPA/2019",
        ),
        person(
            NIK="",
            NAME="Rahmat Hidayat",
            PHONE="081234560003",
            SEX="L",
            KELURAHAN_CODE="",
            KELURAHAN="",
            START="",
            DECREE="",
        ),  # new, in reserve
    ]


def test_the_preview_shows_new_and_changed_rows_and_writes_nothing(staff, known):
    before = snapshot()

    response = preview(staff, xlsx_file(good_rows()))

    assert response.status_code == 200
    assert statuses(response) == {2: "new", 3: "update", 4: "new"}
    assert errors_of(response) == []
    page = response.content.decode()
    assert "Pratinjau" in page and "Baru" in page and "Diubah" in page
    assert "Konfirmasi impor" in page
    assert snapshot() == before


def test_confirming_writes_the_facilitators_and_their_postings(staff, known, staff_user):
    response = import_file(staff, xlsx_file(good_rows()))

    assert "Impor selesai: 2 baru, 1 berubah, 0 tidak berubah." in response.content.decode()
    siti = Facilitator.objects.get(nik="3375010101900001")
    assert (siti.name, siti.sex, siti.education) == ("Siti Aminah", "P", "S1")
    assert siti.joined_on == datetime.date(2016, 3, 1)
    posting = siti.assignments.get()
    assert (posting.kelurahan.code, posting.start_date, posting.decree_number) == (
        "33.75.01.1002",
        datetime.date(2019, 1, 2),
        "800/001/DPMPPA/2019",
    )
    assert posting.created_by == staff_user
    known.refresh_from_db()
    assert known.email == "budi@contoh.id"
    assert Facilitator.objects.get(name="Rahmat Hidayat") in in_reserve(timezone.localdate())


def test_importing_the_same_file_again_changes_nothing(staff, known):
    import_file(staff, xlsx_file(good_rows()))
    before = snapshot()

    response = preview(staff, xlsx_file(good_rows()))

    assert set(statuses(response).values()) == {"skip"}
    assert "Tidak berubah" in response.content.decode()
    response = confirm(staff, response)
    assert "0 baru, 0 berubah, 3 tidak berubah" in response.content.decode()
    assert snapshot() == before


def test_a_row_without_nik_is_matched_by_name_and_phone(staff, known):
    row = person(
        NIK="",
        NAME="budi  santoso",
        PHONE="0812-3456-0002",
        SEX="L",
        KELURAHAN_CODE="",
        KELURAHAN="",
        START="",
        DECREE="",
    )

    import_file(staff, csv_file([row]))

    assert Facilitator.objects.count() == 1
    known.refresh_from_db()
    assert known.nik == "3375010101900002"  # an empty NIK cell keeps the NIK
    assert known.name == "budi santoso"


def test_a_row_is_matched_by_nik_before_name_and_phone(staff, known):
    row = person(
        NIK="3375010101900002",
        NAME="Budi Santoso, S.Sos",
        PHONE="081299990000",
        SEX="L",
        KELURAHAN_CODE="",
        KELURAHAN="",
        START="",
        DECREE="",
    )

    import_file(staff, csv_file([row]))

    known.refresh_from_db()
    assert (Facilitator.objects.count(), known.name, known.phone) == (
        1,
        "Budi Santoso, S.Sos",
        "081299990000",
    )


def test_a_csv_saved_by_excel_with_bom_and_semicolons_reads_like_the_workbook(staff, known):
    response = preview(staff, csv_file(good_rows(), delimiter=";", bom=True))

    assert statuses(response) == {2: "new", 3: "update", 4: "new"}
    assert errors_of(response) == []


def test_empty_rows_are_skipped_and_errors_name_the_rows_people_see(staff, known):
    dewi = person(NIK="123", NAME="Dewi", PHONE="081234560009", KELURAHAN_CODE="", KELURAHAN="")
    rows = [person(), {}, {}, dewi]

    response = preview(staff, xlsx_file(rows))

    assert sorted(statuses(response)) == [2, 5]
    assert errors_of(response) == [(5, "NIK", str(validate_nik.message))]
    assert str(validate_nik.message) == "NIK harus terdiri dari tepat 16 angka."


def test_a_move_through_the_import_ends_the_old_posting_the_day_before(staff, known, staff_user):
    row = person(
        NIK="3375010101900002",
        NAME="Budi Santoso",
        PHONE="081234560002",
        SEX="L",
        KELURAHAN_CODE="33.75.01.1004",
        KELURAHAN="Sapuro Kebulen",
        START="01/07/2021",
        DECREE="800/099/DPMPPA/2021",
    )

    import_file(staff, csv_file([row]))

    old, new = known.assignments.order_by("start_date")
    assert old.end_date == datetime.date(2021, 6, 30)
    assert (new.kelurahan.name, new.start_date, new.end_date) == (
        "Sapuro Kebulen",
        datetime.date(2021, 7, 1),
        None,
    )
    assert Assignment.objects.current().count() == 1
    assert User.objects.get(pk=new.created_by_id) == staff_user

"""Every way of changing the register leaves a history row with the user and the old values."""

import datetime

import pytest
from django.urls import reverse

from assignments import services
from assignments.factories import AssignmentFactory
from briefings.factories import AttendanceFactory
from registry.factories import FacilitatorFactory, InstitutionFactory, KelurahanFactory
from registry.models import Facilitator, Institution
from tests.imports.helpers import csv_file, import_file, person

pytestmark = pytest.mark.django_db


def last_two(model, pk):
    """The newest history row of a record and the one before it."""
    newest, previous = model.history.filter(id=pk).order_by("-history_date", "-history_id")[:2]
    return newest, previous


def test_a_change_on_the_staff_page_records_the_user_and_the_old_value(client, staff_user):
    facilitator = FacilitatorFactory(phone="081200000001")
    client.force_login(staff_user)
    data = {
        "name": facilitator.name,
        "nik": facilitator.nik,
        "sex": facilitator.sex,
        "phone": "081299999999",
        "email": facilitator.email,
        "address": facilitator.address,
        "education": facilitator.education,
        "joined_on": facilitator.joined_on.isoformat(),
    }

    response = client.post(reverse("registry:facilitator-update", args=[facilitator.pk]), data)

    assert response.status_code == 302
    newest, previous = last_two(Facilitator, facilitator.pk)
    assert (newest.history_type, newest.history_user) == ("~", staff_user)
    assert (previous.phone, newest.phone) == ("081200000001", "081299999999")


def test_a_change_in_the_admin_records_the_user_and_the_old_value(client, administrator):
    institution = InstitutionFactory(chair="Pak Lama")
    client.force_login(administrator)
    url = reverse("admin:registry_institution_change", args=[institution.pk])
    data = {
        "kelurahan": institution.kelurahan.pk,
        "kind": institution.kind,
        "name": institution.name,
        "chair": "Bu Baru",
        "phone": institution.phone,
        "email": "",
        "address": "",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    newest, previous = last_two(Institution, institution.pk)
    assert (newest.history_user, previous.chair, newest.chair) == (
        administrator,
        "Pak Lama",
        "Bu Baru",
    )


def test_an_import_records_the_user_the_file_and_the_old_values(staff, staff_user):
    old = FacilitatorFactory(nik="3375010101900001", email="lama@contoh.id")

    import_file(staff, csv_file([person(EMAIL="siti@contoh.id")], name="daftar-2019.csv"))

    newest, previous = last_two(Facilitator, old.pk)
    assert newest.history_user == staff_user
    assert newest.history_change_reason == "Impor spreadsheet: daftar-2019.csv"
    assert (previous.email, newest.email) == ("lama@contoh.id", "siti@contoh.id")
    posting = old.assignments.get()
    created = posting.history.get()
    assert (created.history_type, created.history_user) == ("+", staff_user)
    assert created.history_change_reason == "Impor spreadsheet: daftar-2019.csv"


def test_the_posting_rules_record_who_acted_outside_a_request(staff_user):
    posting = AssignmentFactory(start_date=datetime.date(2019, 1, 2))

    services.assignment_move(
        facilitator=posting.facilitator,
        to_kelurahan=KelurahanFactory(),
        start_date=datetime.date(2021, 7, 1),
        by=staff_user,
    )

    ended = posting.history.order_by("-history_id").first()
    assert (ended.history_user, ended.end_date) == (staff_user, datetime.date(2021, 6, 30))
    assert ended.prev_record.end_date is None


def test_attendance_cannot_be_changed_in_the_admin_so_its_history_stays(client, administrator):
    """Attendance is recorded on the staff pages, through the attendance rules."""
    attendance = AttendanceFactory(status="hadir")
    client.force_login(administrator)
    url = reverse("admin:briefings_attendance_change", args=[attendance.pk])
    data = {
        "session": attendance.session.pk,
        "facilitator": attendance.facilitator.pk,
        "status": "sakit",
        "note": "Surat dokter",
    }

    assert client.post(url, data).status_code == 403

    attendance.refresh_from_db()
    assert attendance.status == "hadir"
    assert attendance.history.count() == 1


def test_a_deleted_institution_keeps_its_last_version(client, administrator):
    institution = InstitutionFactory(name="BKM Sejahtera")
    client.force_login(administrator)
    url = reverse("admin:registry_institution_delete", args=[institution.pk])

    client.post(url, {"post": "yes"})

    deleted = Institution.history.filter(id=institution.pk).latest("history_date")
    assert (deleted.history_type, deleted.name, deleted.history_user) == (
        "-",
        "BKM Sejahtera",
        administrator,
    )

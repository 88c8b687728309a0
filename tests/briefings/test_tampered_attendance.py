"""A tampered attendance form is refused as a whole, with a clear message,
and nothing of it is saved."""

import pytest
from django.urls import reverse

from briefings.factories import AttendanceFactory
from briefings.models import Attendance
from registry.factories import FacilitatorFactory
from tests.briefings.conftest import rows_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(briefing):
    """The attendance as saved before the tampered form arrives."""
    session = briefing.sessions.get()
    for person in briefing.invitees.all():
        AttendanceFactory(session=session, facilitator=person, status="izin")
    return session


def submit(staff, briefing, rows):
    url = reverse("briefings:briefing-attendance", args=[briefing.pk])
    return staff.post(url, rows_data(rows))


def unchanged(session) -> bool:
    return set(Attendance.objects.values_list("status", flat=True)) == {"izin"} and (
        Attendance.objects.count() == 4
    )


def all_present(briefing):
    return [(person.pk, "hadir", "") for person in briefing.invitees.order_by("name")]


def test_a_facilitator_who_was_not_invited_is_refused(staff, briefing, recorded):
    stranger = FacilitatorFactory(name="Eko Penyusup")

    response = submit(staff, briefing, [*all_present(briefing), (stranger.pk, "hadir", "")])

    content = response.content.decode()
    assert response.status_code == 200
    assert "Eko Penyusup tidak diundang ke pembekalan ini." in content
    assert "Tidak ada yang disimpan." in content
    assert unchanged(recorded)
    assert not Attendance.objects.filter(facilitator=stranger).exists()


def test_an_unknown_status_is_refused(staff, briefing, recorded):
    rows = all_present(briefing)
    rows[0] = (rows[0][0], "bolos", "")

    response = submit(staff, briefing, rows)

    content = response.content.decode()
    assert "Status kehadiran “bolos” tidak dikenal." in content
    assert "Tidak ada yang disimpan." in content
    assert unchanged(recorded)


def test_a_duplicate_row_is_refused(staff, briefing, recorded):
    rows = all_present(briefing)
    ani = rows[0][0]

    response = submit(staff, briefing, [*rows, (ani, "tidak_hadir", "")])

    content = response.content.decode()
    assert "Ani muncul lebih dari sekali dalam formulir." in content
    assert unchanged(recorded)


def test_a_facilitator_id_that_does_not_exist_is_refused(staff, briefing, recorded):
    response = submit(staff, briefing, [*all_present(briefing), (987654, "hadir", "")])

    content = response.content.decode()
    assert "Formulir memuat fasilitator yang tidak ada dalam registri (id 987654)." in content
    assert unchanged(recorded)


def test_a_row_without_a_facilitator_is_refused(staff, briefing, recorded):
    response = submit(staff, briefing, [*all_present(briefing), ("x", "hadir", "")])

    assert response.status_code == 200
    assert "Mohon perbaiki baris yang ditandai di bawah." in response.content.decode()
    assert unchanged(recorded)


def test_a_refused_form_comes_back_with_what_was_entered(staff, briefing, recorded):
    stranger = FacilitatorFactory(name="Eko Penyusup")
    rows = all_present(briefing)
    rows[1] = (rows[1][0], "sakit", "Demam")

    content = submit(staff, briefing, [*rows, (stranger.pk, "hadir", "")]).content.decode()

    assert 'name="rows-1-status" value="sakit" checked' in content
    assert 'value="Demam"' in content

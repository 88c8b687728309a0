"""Staff pages show "Riwayat perubahan"; the history pages are for staff and supervisors only."""

import pytest
from django.urls import reverse

from assignments.factories import AssignmentFactory
from briefings.factories import AttendanceFactory
from registry.factories import FacilitatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_facilitator(staff_user):
    facilitator = FacilitatorFactory(name="Rina Lestari", phone="081200000001")
    facilitator._history_user = staff_user
    facilitator.phone = "081299999999"
    facilitator.save()
    return facilitator


def test_the_facilitator_page_shows_its_last_changes(client, supervisor_user, changed_facilitator):
    client.force_login(supervisor_user)

    page = client.get(reverse("home:facilitator-detail", args=[changed_facilitator.pk]))

    html = page.content.decode()
    assert "Riwayat perubahan" in html
    assert "<del>081200000001</del> → <ins>081299999999</ins>" in html
    assert "Siti" in html  # the staff member who changed it
    assert reverse("audit:facilitator-history", args=[changed_facilitator.pk]) in html


def test_the_kelurahan_page_shows_its_postings_changes(client, staff_user):
    posting = AssignmentFactory(facilitator__name="Budi Santoso")
    client.force_login(staff_user)

    html = client.get(reverse("home:kelurahan-detail", args=[posting.kelurahan.code]))
    html = html.content.decode()

    assert "Riwayat perubahan" in html
    assert "Penugasan Budi Santoso: dibuat" in html


def test_the_full_history_page_lists_every_change(client, supervisor_user, changed_facilitator):
    client.force_login(supervisor_user)
    for n in range(12):
        changed_facilitator.address = f"Jalan {n}"
        changed_facilitator.save()

    url = reverse("audit:facilitator-history", args=[changed_facilitator.pk])
    response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["history_entries"]) == 14
    assert "Riwayat perubahan" in response.content.decode()


def test_the_briefing_history_shows_attendance_changes(client, staff_user):
    attendance = AttendanceFactory(facilitator__name="Ani", status="hadir")
    attendance.status = "sakit"
    attendance.save()
    client.force_login(staff_user)

    url = reverse("audit:briefing-history", args=[attendance.session.briefing.pk])
    html = client.get(url).content.decode()

    assert "Kehadiran Ani: diubah" in html
    assert "<del>Hadir</del> → <ins>Sakit</ins>" in html


@pytest.mark.parametrize("name", ["facilitator-history", "kelurahan-history", "briefing-history"])
def test_facilitators_are_refused_and_anonymous_visitors_sent_to_sign_in(client, facilitator, name):
    posting = AssignmentFactory(facilitator=facilitator)
    attendance = AttendanceFactory(facilitator=facilitator)
    args = {
        "facilitator-history": [facilitator.pk],
        "kelurahan-history": [posting.kelurahan.code],
        "briefing-history": [attendance.session.briefing.pk],
    }[name]
    url = reverse(f"audit:{name}", args=args)

    assert client.get(url).status_code == 302
    client.force_login(facilitator.user)
    assert client.get(url).status_code == 403


def test_the_admin_shows_the_history_of_a_record(client, administrator, changed_facilitator):
    client.force_login(administrator)
    url = reverse("admin:registry_facilitator_history", args=[changed_facilitator.pk])

    html = client.get(url).content.decode()

    assert "081200000001" in html and "081299999999" in html


def test_the_admin_history_cannot_restore_an_old_version(
    client, administrator, changed_facilitator
):
    client.force_login(administrator)
    first = changed_facilitator.history.earliest("history_date")
    url = reverse(
        "admin:registry_facilitator_simple_history", args=[changed_facilitator.pk, first.pk]
    )

    response = client.post(url, {"name": "Dipulihkan", "sex": "P"})

    assert response.status_code == 403
    changed_facilitator.refresh_from_db()
    assert changed_facilitator.phone == "081299999999"

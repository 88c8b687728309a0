"""Supervisors read the briefings and their totals; they change nothing."""

import pytest
from django.urls import reverse

from briefings.models import Attendance, Briefing
from tests.briefings.conftest import rows_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(client, supervisor_user):
    client.force_login(supervisor_user)
    return client


def test_a_supervisor_reads_the_list_and_the_briefing_without_write_links(supervisor, briefing):
    listing = supervisor.get(reverse("briefings:briefing-list")).content.decode()
    detail = supervisor.get(briefing.get_absolute_url()).content.decode()

    assert "Pembekalan Pemberdayaan Masyarakat" in listing
    assert reverse("briefings:briefing-create") not in listing
    assert "Ani" in detail and "Medono" in detail
    assert reverse("briefings:briefing-update", args=[briefing.pk]) not in detail
    assert reverse("briefings:briefing-attendance", args=[briefing.pk]) not in detail


@pytest.mark.parametrize(
    "name", ["briefing-create", "briefing-update", "briefing-attendance", "session-attendance"]
)
def test_a_supervisor_cannot_open_a_briefing_form(supervisor, briefing, name):
    kwargs = {
        "briefing-create": {},
        "session-attendance": {"pk": briefing.pk, "session_pk": briefing.sessions.get().pk},
    }.get(name, {"pk": briefing.pk})
    assert supervisor.get(reverse(f"briefings:{name}", kwargs=kwargs)).status_code == 403


def test_a_supervisor_cannot_record_attendance_by_posting(supervisor, briefing):
    rows = [(p.pk, "hadir", "") for p in briefing.invitees.all()]
    url = reverse("briefings:briefing-attendance", args=[briefing.pk])

    assert supervisor.post(url, rows_data(rows)).status_code == 403
    assert not Attendance.objects.exists()


def test_a_supervisor_cannot_plan_or_change_a_briefing_by_posting(supervisor, briefing):
    create = supervisor.post(reverse("briefings:briefing-create"), {"title": "Baru"})
    update = supervisor.post(
        reverse("briefings:briefing-update", args=[briefing.pk]), {"title": "Diubah"}
    )

    assert (create.status_code, update.status_code) == (403, 403)
    assert list(Briefing.objects.values_list("title", flat=True)) == [
        "Pembekalan Pemberdayaan Masyarakat"
    ]

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments import services
from assignments.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def kelurahan_on(response) -> list[str]:
    return [k.name for _kecamatan, rows in response.context["groups"] for k in rows]


def test_the_roster_lists_every_kelurahan_by_kecamatan_with_its_facilitator(
    client, supervisor_user, demo
):
    client.force_login(supervisor_user)
    response = client.get(reverse("assignments:roster"))
    content = response.content.decode()
    assert len(kelurahan_on(response)) == 27
    assert [k.name for k, _rows in response.context["groups"]] == [
        "Pekalongan Barat",
        "Pekalongan Timur",
        "Pekalongan Utara",
        "Pekalongan Selatan",
    ]
    assert "27 dari 27 kelurahan sudah memiliki fasilitator." in content
    for posting in Assignment.objects.current().select_related("facilitator"):
        assert posting.facilitator.name in content


def test_the_roster_can_show_only_kelurahan_without_a_facilitator(client, staff_user, demo):
    posting = Assignment.objects.current().select_related("kelurahan").first()
    posting.end_date = posting.start_date
    posting.save()
    client.force_login(staff_user)
    response = client.get(reverse("assignments:roster"), {"uncovered": "on"})
    assert kelurahan_on(response) == [posting.kelurahan.name]


def test_kelurahan_are_found_by_name_code_or_kecamatan(client, staff_user, demo):
    client.force_login(staff_user)
    url = reverse("home:kelurahan-list")
    assert kelurahan_on(client.get(url, {"q": "medono"})) == ["Medono"]
    assert kelurahan_on(client.get(url, {"q": "33.75.02.1012"})) == ["Kali Baros"]
    assert len(kelurahan_on(client.get(url, {"q": "Pekalongan Selatan"}))) == 6


def test_the_roster_is_kept_until_the_register_changes(client, staff_user, demo):
    client.force_login(staff_user)
    url = reverse("assignments:roster")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert len(again) < len(first)

    posting = Assignment.objects.current().select_related("facilitator").first()
    services.assignment_release(
        facilitator=posting.facilitator, end_date=datetime.date(2024, 6, 30), by=staff_user
    )
    content = client.get(url).content.decode()
    assert "26 dari 27 kelurahan sudah memiliki fasilitator." in content


def test_a_renamed_facilitator_shows_at_once(client, staff_user, demo):
    client.force_login(staff_user)
    url = reverse("assignments:roster")
    client.get(url)
    posting = Assignment.objects.current().select_related("facilitator").first()
    posting.facilitator.name = "Nama Baru Sekali"
    posting.facilitator.save()
    assert "Nama Baru Sekali" in client.get(url).content.decode()

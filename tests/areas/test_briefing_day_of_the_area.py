"""The briefing day of an area coordinator: the certificates, requests and check-ins
of the facilitators of their area, and nobody else's."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from briefings import certificates
from briefings.models import Certificate
from tests.areas.conftest import JAKARTA

pytestmark = pytest.mark.django_db


def test_a_coordinator_issues_and_sees_the_certificates_of_their_area_only(
    client, world, coordinator, staff_user
):
    client.force_login(coordinator)
    briefing = world.past_session.briefing
    url = reverse("briefings:certificates", args=[briefing.pk])

    client.post(url)

    # Present on 1 June 2023 and posted in Pekalongan Barat that day: Ani, and Citra
    # (in Tirto until the end of 2023). Eko, in reserve, was present too: the office's.
    holders = set(Certificate.objects.values_list("facilitator__name", flat=True))
    assert holders == {"Ani Baratsari", "Citra Pindahan"}
    certificates.certificates_issue(briefing=briefing, by=staff_user, now=world_now())
    eko = Certificate.objects.get(facilitator=world.reserve)
    page = client.get(url).content.decode()
    assert "Ani Baratsari" in page and "Cadanganwati" not in page
    withdraw = reverse("briefings:certificate-withdraw", args=[eko.pk])
    assert client.post(withdraw, {"reason": "Bukan wilayah saya"}).status_code == 404
    eko.refresh_from_db()
    assert eko.is_valid


def test_the_check_in_page_counts_the_areas_invitees(client, world, coordinator):
    future = world.future_session  # 10 April 2024, 08:00-15:00
    url = reverse("briefings:session-checkin", args=[future.briefing_id, future.pk])
    with time_machine.travel(datetime.datetime(2024, 4, 10, 9, tzinfo=JAKARTA), tick=False):
        client.force_login(coordinator)
        page = client.get(url).content.decode()
    # Invited from the area, as posted on 10 April: Ani and Budi (Citra moved to Utara).
    assert "0 dari 2 sudah check-in" in page
    assert "Timurjaya" not in page


def world_now():
    return timezone.now()

"""Searching the register by a whole NIK or phone number is limited per account
and every such search is recorded, found or not, without the number: the five
hidden digits of a phone (100,000 guesses) or a NIK over birth dates can no
longer be guessed in minutes by a supervisor or an area account."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from registry import services
from registry.factories import FacilitatorFactory
from registry.models import NumberSearch

pytestmark = pytest.mark.django_db

NIK = "3375014506900007"
PHONE = "081211112222"
NOON = datetime.datetime(2026, 12, 8, 5, 0, tzinfo=datetime.UTC)  # 12.00 WIB


@pytest.fixture
def rina(db):
    return FacilitatorFactory(name="Rina Lestari", nik=NIK, phone=PHONE)


def search(client, words):
    response = client.post(reverse("home:facilitator-list"), {"q": words}, follow=True)
    assert response.status_code == 200
    return response


def names(response) -> list[str]:
    return [f.name for f in response.context["page"]]


def test_every_whole_number_search_is_recorded_found_or_not(client, supervisor_user, rina):
    client.force_login(supervisor_user)
    search(client, PHONE)
    search(client, "081211112223")  # a guess that finds nobody
    search(client, NIK)
    search(client, "3375014506900008")
    search(client, "Rina")  # by name: neither limited nor recorded
    rows = list(NumberSearch.objects.order_by("at", "pk").values_list("user", "kind", "found"))
    assert rows == [
        (supervisor_user.pk, "phone", 1),
        (supervisor_user.pk, "phone", 0),
        (supervisor_user.pk, "nik", 1),
        (supervisor_user.pk, "nik", 0),
    ]


def test_guessing_a_phone_is_stopped_after_the_limit_with_a_clear_message(
    client, supervisor_user, staff_user, rina
):
    client.force_login(supervisor_user)
    with time_machine.travel(NOON, tick=False):
        for guess in range(services.NUMBER_SEARCH_LIMIT):
            search(client, f"0812111{guess:05d}")
        # The right number, once over the limit: refused, not searched (the whole
        # list shows, as with no search words), not kept for the next pages.
        FacilitatorFactory(name="Budi Santoso")
        response = search(client, PHONE)
        assert names(response) == ["Budi Santoso", "Rina Lestari"]
        assert client.session["facilitator_search"] == ""
        body = response.content.decode()
        assert "Anda sudah mencari dengan NIK atau nomor HP lengkap 20 kali" in body
        assert NumberSearch.objects.filter(refused=True).count() == 1
        # A name still finds her, and another account is not limited by this one.
        assert names(search(client, "Rina")) == ["Rina Lestari"]
        client.force_login(staff_user)
        assert names(search(client, PHONE)) == ["Rina Lestari"]

    client.force_login(supervisor_user)
    with time_machine.travel(NOON + datetime.timedelta(hours=1, seconds=1), tick=False):
        assert names(search(client, PHONE)) == ["Rina Lestari"]  # an hour later


def test_the_log_holds_no_number(client, supervisor_user, rina):
    client.force_login(supervisor_user)
    search(client, PHONE)
    row = NumberSearch.objects.values().get()
    assert not any(PHONE in str(value) or "1111" in str(value) for value in row.values())

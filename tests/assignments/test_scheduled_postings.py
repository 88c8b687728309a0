"""A posting that starts after today is scheduled, and says so; a facilitator who
will be inactive on the start day is not offered, and is refused on the form
itself, before the confirmation step."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from assignments.factories import AssignmentFactory
from assignments.models import Assignment
from registry.factories import FacilitatorFactory, KelurahanFactory
from registry.models import Deactivation

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def today():
    """8 December 2026, in Jakarta."""
    with time_machine.travel(datetime.datetime(2026, 12, 8, 9, 0, tzinfo=JAKARTA), tick=False):
        yield datetime.date(2026, 12, 8)


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def submit(client, action, data, confirmed=True):
    data = {**data, **({"confirmed": "1"} if confirmed else {})}
    return client.post(reverse(f"assignments:{action}"), data, follow=confirmed)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def offered(response, field="facilitator") -> list[str]:
    select = re.search(
        rf'<select name="{field}".*?</select>', response.content.decode(), re.S
    ).group()
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


@pytest.fixture
def rina():
    return FacilitatorFactory(name="Rina Lestari")


def post_data(facilitator, kelurahan, start):
    return {
        "facilitator": facilitator.pk,
        "kelurahan": kelurahan.code,
        "start_date": start,
        "decree_number": "800/1/2027",
    }


def test_a_posting_from_next_year_is_confirmed_and_reported_as_scheduled(staff, rina):
    data = post_data(rina, KelurahanFactory(name="Medono"), "2027-01-04")

    confirm = submit(staff, "post", data, confirmed=False).content.decode()
    assert "dijadwalkan" in confirm and "4 Januari 2027" in confirm

    done = submit(staff, "post", data)
    assert messages_of(done) == [
        "Rina Lestari dijadwalkan bertugas di Medono mulai 4 Januari 2027."
    ]
    assert Assignment.objects.get().start_date == datetime.date(2027, 1, 4)


@pytest.mark.parametrize("start", ["2026-12-08", "2026-12-01"])
def test_a_posting_from_today_or_earlier_is_in_force_now(staff, rina, start):
    done = submit(staff, "post", post_data(rina, KelurahanFactory(name="Medono"), start))
    assert messages_of(done) == ["Rina Lestari sekarang ditugaskan di Medono."]


def test_a_move_from_next_year_is_reported_as_scheduled(staff):
    posting = AssignmentFactory(
        facilitator__name="Budi", kelurahan__name="Kauman", start_date=datetime.date(2020, 1, 1)
    )
    target = KelurahanFactory(name="Klego")
    data = {
        "facilitator": posting.facilitator.pk,
        "to_kelurahan": target.code,
        "start_date": "2027-02-01",
        "decree_number": "SK-2",
    }
    confirm = submit(staff, "move", data, confirmed=False).content.decode()
    assert "dijadwalkan" in confirm
    done = submit(staff, "move", data)
    assert messages_of(done) == ["Budi dijadwalkan bertugas di Klego mulai 1 Februari 2027."]


def test_one_inactive_on_the_start_day_is_refused_before_the_confirmation(staff, rina):
    Deactivation.objects.create(
        facilitator=rina, start_date=datetime.date(2026, 12, 20), reason="Mengundurkan diri"
    )
    data = post_data(rina, KelurahanFactory(name="Medono"), "2027-01-04")

    response = submit(staff, "post", data, confirmed=False)

    page = response.content.decode()
    assert "Mohon konfirmasi" not in page  # no confirmation step
    assert "Fasilitator Rina Lestari tidak aktif pada 4 Januari 2027" in page
    assert not Assignment.objects.exists()
    # The form sent back knows the day: she is not offered for it.
    assert "Rina Lestari" not in offered(response)


def test_the_form_offers_those_active_on_the_start_day_it_knows(staff, rina):
    leaving = FacilitatorFactory(name="Sari Wulan")
    Deactivation.objects.create(
        facilitator=leaving, start_date=datetime.date(2026, 12, 20), reason="Mengundurkan diri"
    )
    url = reverse("assignments:post")
    assert offered(staff.get(url)) == ["Rina Lestari", "Sari Wulan"]  # today: both active
    assert offered(staff.get(url, {"start_date": "2027-01-04"})) == ["Rina Lestari"]

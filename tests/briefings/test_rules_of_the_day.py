"""Attendance is recorded only for sessions that have begun; planning ahead is
fine; no form can be made to build more rows than a briefing has."""

import datetime
import time

import pytest
import time_machine
from django.urls import reverse

from briefings.factories import BriefingFactory, BriefingSessionFactory
from briefings.forms import MAX_SESSIONS
from briefings.models import Attendance, Briefing
from tests.briefings.conftest import rows_data

pytestmark = pytest.mark.django_db

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
# 13 February 2019, 08:30 in Pekalongan; the session starts at 09:00.
BEFORE_THE_START = datetime.datetime(2019, 2, 13, 8, 30, tzinfo=JAKARTA)
AFTER_THE_START = datetime.datetime(2019, 2, 13, 9, 5, tzinfo=JAKARTA)


@pytest.fixture
def morning_briefing(invitees):
    briefing = BriefingFactory(title="Pembekalan")
    BriefingSessionFactory(
        briefing=briefing,
        date=datetime.date(2019, 2, 13),
        start_time=datetime.time(9),
        end_time=datetime.time(15),
    )
    briefing.invitees.set(invitees)
    return briefing


def attendance_url(briefing):
    return reverse("briefings:briefing-attendance", args=[briefing.pk])


def everyone_present(briefing):
    return rows_data([(p.pk, "hadir", "") for p in briefing.invitees.order_by("name")])


def test_attendance_before_the_session_starts_is_refused_with_a_message(staff, morning_briefing):
    with time_machine.travel(BEFORE_THE_START, tick=False):
        page = staff.get(attendance_url(morning_briefing)).content.decode()
        assert "Sesi ini belum dimulai" in page
        response = staff.post(attendance_url(morning_briefing), everyone_present(morning_briefing))

    assert response.status_code == 200
    assert "belum dimulai" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_once_the_session_has_begun_is_saved(staff, morning_briefing):
    with time_machine.travel(AFTER_THE_START, tick=False):
        page = staff.get(attendance_url(morning_briefing)).content.decode()
        assert "Sesi ini belum dimulai" not in page
        response = staff.post(attendance_url(morning_briefing), everyone_present(morning_briefing))

    assert response.status_code == 302
    assert Attendance.objects.filter(status="hadir").count() == 4


def test_a_future_session_can_still_be_planned(staff, invitees):
    with time_machine.travel(BEFORE_THE_START, tick=False):
        page = staff.get(reverse("briefings:briefing-create"))
        assert page.status_code == 200


def test_a_form_claiming_a_huge_number_of_rows_is_refused_at_once(staff, morning_briefing):
    data = {
        "title": "Bimtek",
        "topics": "",
        "organiser": "DPMPPA",
        "sessions-TOTAL_FORMS": "99999",
        "sessions-INITIAL_FORMS": "0",
        "speakers-TOTAL_FORMS": "99999",
        "speakers-INITIAL_FORMS": "0",
    }
    started = time.perf_counter()
    response = staff.post(reverse("briefings:briefing-create"), data)
    seconds = time.perf_counter() - started

    assert response.status_code == 200
    assert seconds < 2
    assert f"{MAX_SESSIONS}" in response.content.decode()
    assert Briefing.objects.count() == 1  # only the morning briefing


def test_an_attendance_form_claiming_more_rows_than_a_page_is_refused(staff, morning_briefing):
    data = everyone_present(morning_briefing)
    data["rows-TOTAL_FORMS"] = "99999"
    with time_machine.travel(AFTER_THE_START, tick=False):
        started = time.perf_counter()
        response = staff.post(attendance_url(morning_briefing), data)
        seconds = time.perf_counter() - started

    assert response.status_code == 200
    assert seconds < 2
    assert not Attendance.objects.exists()

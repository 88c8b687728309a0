"""The dashboard's attendance card: the last session that is over (after its end
time on its date, in Asia/Jakarta), never one still running."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from briefings.factories import AttendanceFactory, BriefingFactory, BriefingSessionFactory
from registry.factories import FacilitatorFactory

pytestmark = pytest.mark.django_db

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=JAKARTA)


@pytest.fixture
def two_briefings():
    """Yesterday's briefing (3 of 4 present) and today's, 09:00–12:00, where staff
    have so far recorded 2 of 6 present."""
    people = FacilitatorFactory.create_batch(6)
    yesterday = BriefingSessionFactory(
        briefing=BriefingFactory(title="Rapat Kemarin"),
        date=datetime.date(2026, 12, 7),
        start_time=datetime.time(9),
        end_time=datetime.time(12),
    )
    for person, status in zip(people, ["hadir", "hadir", "hadir", "izin"], strict=False):
        AttendanceFactory(session=yesterday, facilitator=person, status=status)
    today = BriefingSessionFactory(
        briefing=BriefingFactory(title="Rapat Hari Ini"),
        date=datetime.date(2026, 12, 8),
        start_time=datetime.time(9),
        end_time=datetime.time(12),
    )
    for person, status in zip(people, ["hadir", "hadir"] + ["tidak_hadir"] * 4, strict=True):
        AttendanceFactory(session=today, facilitator=person, status=status)


def card(client, user, moment) -> str:
    with time_machine.travel(moment, tick=False):
        client.force_login(user)
        return client.get(reverse("home:index")).content.decode()


@pytest.mark.parametrize("moment", [at(8, 8, 30), at(8, 10), at(8, 11, 59)])
def test_a_session_not_over_yet_is_not_the_last_attendance(
    client, staff_user, two_briefings, moment
):
    page = card(client, staff_user, moment)
    assert "3 dari 4 hadir · Rapat Kemarin" in page
    assert "75,0%" in page
    assert "2 dari 6 hadir" not in page


@pytest.mark.parametrize("moment", [at(8, 12), at(8, 18), at(9, 8)])
def test_once_it_has_ended_the_session_is_the_last_attendance(
    client, staff_user, two_briefings, moment
):
    page = card(client, staff_user, moment)
    assert "2 dari 6 hadir · Rapat Hari Ini" in page
    assert "33,3%" in page

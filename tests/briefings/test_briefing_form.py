"""Planning a briefing: its sessions and speakers on one form; a new one invites
everyone active on its first day (the invitees page changes who: test_invitees.py)."""

import datetime

import pytest
from django.urls import reverse

from briefings.factories import AttendanceFactory, SpeakerFactory
from briefings.models import Briefing
from tests.briefings.conftest import form_fields

pytestmark = pytest.mark.django_db

CREATE = reverse("briefings:briefing-create")


def update_url(briefing) -> str:
    return reverse("briefings:briefing-update", args=[briefing.pk])


def new_briefing_form(staff, **changes) -> dict:
    fields = form_fields(staff.get(CREATE), "briefing-form")
    fields.update(changes)
    return fields


def test_a_one_session_briefing_is_planned_on_one_form(staff, invitees):
    data = new_briefing_form(
        staff,
        title=["Pembekalan Pemberdayaan Masyarakat"],
        topics=["Tugas dan fungsi fasilitator kelurahan"],
        **{
            "sessions-0-date": ["2019-02-13"],
            "sessions-0-start_time": ["08:00"],
            "sessions-0-end_time": ["15:00"],
            "sessions-0-venue": ["Ruang Kalijaga, Setda Kota Pekalongan"],
            "speakers-0-name": ["Ir. Sri Wahyuni"],
            "speakers-0-institution": ["DPMPPA"],
            "speakers-0-topic": ["Peran fasilitator"],
            "speakers-1-name": ["Drs. Bambang"],
            "speakers-1-institution": ["BKD"],
            "speakers-2-name": ["Dra. Endang"],
            "speakers-2-institution": ["Bappeda"],
        },
    )

    response = staff.post(CREATE, data)

    briefing = Briefing.objects.get()
    assert response["Location"] == briefing.get_absolute_url()
    session = briefing.sessions.get()
    assert (session.date, session.start_time, session.venue) == (
        datetime.date(2019, 2, 13),
        datetime.time(8, 0),
        "Ruang Kalijaga, Setda Kota Pekalongan",
    )
    assert list(briefing.speakers.values_list("institution", flat=True)) == [
        "DPMPPA",
        "BKD",
        "Bappeda",
    ]
    assert set(briefing.invitees.all()) == set(invitees)
    assert briefing.organiser == "DPMPPA Kota Pekalongan"


def test_a_three_day_bimtek_gets_three_sessions(staff, invitees):
    sessions = {}
    for number, day in enumerate([6, 7, 8]):
        sessions |= {
            f"sessions-{number}-date": [f"2024-05-0{day}"],
            f"sessions-{number}-start_time": ["08:00"],
            f"sessions-{number}-end_time": ["16:00"],
            f"sessions-{number}-venue": ["Hotel Santika"],
        }
    data = new_briefing_form(staff, title=["Bimtek Pelaporan"], **sessions)

    staff.post(CREATE, data)

    days = Briefing.objects.get().sessions.values_list("date__day", flat=True)
    assert list(days) == [6, 7, 8]


def test_a_briefing_without_a_session_is_refused(staff, invitees):
    response = staff.post(CREATE, new_briefing_form(staff, title=["Tanpa sesi"]))

    assert "Pembekalan memerlukan sedikitnya satu sesi." in response.content.decode()
    assert not Briefing.objects.exists()


def test_a_session_that_ends_before_it_starts_is_refused(staff, invitees):
    data = new_briefing_form(
        staff,
        title=["Terbalik"],
        **{
            "sessions-0-date": ["2024-05-02"],
            "sessions-0-start_time": ["15:00"],
            "sessions-0-end_time": ["08:00"],
            "sessions-0-venue": ["Aula"],
        },
    )

    response = staff.post(CREATE, data)

    assert "Sesi harus selesai setelah dimulai." in response.content.decode()
    assert not Briefing.objects.exists()


def test_editing_saves_only_what_this_person_changed(staff, briefing):
    fields = form_fields(staff.get(update_url(briefing)), "briefing-form")
    # A colleague changes the topics meanwhile; this edit only renames the briefing.
    Briefing.objects.filter(pk=briefing.pk).update(topics="Materi baru dari rekan")
    fields["title"] = ["Pembekalan Fasilitator Kelurahan 2019"]

    response = staff.post(update_url(briefing), fields)

    briefing.refresh_from_db()
    assert response["Location"] == briefing.get_absolute_url()
    assert briefing.title == "Pembekalan Fasilitator Kelurahan 2019"
    assert briefing.topics == "Materi baru dari rekan"


def test_editing_adds_a_session_and_speakers_and_removes_one(staff, briefing):
    kept, dropped = SpeakerFactory(briefing=briefing), SpeakerFactory(briefing=briefing)
    fields = form_fields(staff.get(update_url(briefing)), "briefing-form")
    fields |= {
        "sessions-1-date": ["2019-02-14"],
        "sessions-1-start_time": ["08:00"],
        "sessions-1-end_time": ["12:00"],
        "sessions-1-venue": ["Ruang Kalijaga"],
        "speakers-1-DELETE": ["on"],
        "speakers-2-name": ["Dra. Endang"],
        "speakers-2-institution": ["Bappeda"],
    }

    staff.post(update_url(briefing), fields)

    assert briefing.sessions.count() == 2
    assert list(briefing.speakers.values_list("pk", flat=True))[:1] == [kept.pk]
    assert not briefing.speakers.filter(pk=dropped.pk).exists()
    assert briefing.speakers.filter(institution="Bappeda").exists()


def test_a_session_with_recorded_attendance_cannot_be_removed(staff, bimtek, invitees):
    first, _second = bimtek.sessions.all()
    AttendanceFactory(session=first, facilitator=invitees[0])
    fields = form_fields(staff.get(update_url(bimtek)), "briefing-form")
    fields["sessions-0-DELETE"] = ["on"]

    response = staff.post(update_url(bimtek), fields)

    assert (
        "Sesi 20 Maret 2019 sudah memiliki catatan kehadiran sehingga tidak dapat dihapus."
        in response.content.decode()
    )
    assert bimtek.sessions.count() == 2


def test_the_last_session_cannot_be_removed(staff, briefing):
    fields = form_fields(staff.get(update_url(briefing)), "briefing-form")
    fields["sessions-0-DELETE"] = ["on"]

    response = staff.post(update_url(briefing), fields)

    assert "Pembekalan memerlukan sedikitnya satu sesi." in response.content.decode()
    assert briefing.sessions.count() == 1

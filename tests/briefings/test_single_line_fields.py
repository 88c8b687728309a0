"""A line break in a one-line field (the organiser, the title, the venue, a
speaker) is refused by the form with a clear message; invitations of a briefing
that holds one from before are sent all the same, their mail headers and
calendar lines one line each."""

import datetime

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from briefings import invitations
from briefings.models import Briefing
from tests.briefings.conftest import at
from tests.briefings.test_invitations import addresses  # noqa: F401 (a fixture)
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db

REFUSED = "Hapus karakter kontrol"


@pytest.fixture(autouse=True)
def _a_week_before():
    with time_machine.travel(at(10) - datetime.timedelta(days=7), tick=False):
        yield


def edit_data(briefing, **changes):
    data = {
        "title": briefing.title,
        "topics": "Baris satu\r\nBaris dua",  # several lines: a text area, allowed
        "organiser": briefing.organiser,
        "letter_number": briefing.letter_number,
        "letter_date": "",
        "checkin_opens_minutes": briefing.checkin_opens_minutes,
        "certificate_share": briefing.certificate_share,
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


@pytest.mark.parametrize("field", ["organiser", "title", "letter_number"])
def test_a_line_break_in_a_one_line_field_is_refused(staff, day_briefing, field):
    before = Briefing.objects.values().get(pk=day_briefing.pk)
    response = staff.post(
        reverse("briefings:briefing-update", args=[day_briefing.pk]),
        edit_data(day_briefing, **{field: "DPMPPA\r\nBcc: semua@contoh.id"}),
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Briefing.objects.values().get(pk=day_briefing.pk) == before


@pytest.mark.usefixtures("addresses")
def test_a_stored_organiser_with_a_line_break_still_sends_safe_invitations(
    staff,
    day_briefing,
    django_capture_on_commit_callbacks,
):
    Briefing.objects.filter(pk=day_briefing.pk).update(
        organiser="DPMPPA\r\nBcc: semua@contoh.id", title="Rapat\nKoordinasi"
    )
    day_briefing.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("briefings:invitations", args=[day_briefing.pk]))
    assert response.status_code == 302
    assert run_queued_tasks() == 3
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert "Bcc" not in str(message.message()["Bcc"] or "")
        [(_name, content, _mimetype)] = message.attachments
        [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
        assert "\n" not in str(event["organizer"])


def test_the_calendar_of_a_briefing_holds_one_line_per_organiser(day_briefing):
    day_briefing.organiser = "DPMPPA\r\nKota Pekalongan"
    ical = invitations.invitation_calendar(
        day_briefing, list(day_briefing.sessions.all()), stamp=at(8)
    )
    [event] = icalendar.Calendar.from_ical(ical).walk("VEVENT")
    # The organiser names the sending address (RFC 5545's CAL-ADDRESS) in one line.
    assert str(event["organizer"]) == "mailto:faskel@localhost"
    assert event["organizer"].params["cn"] == "DPMPPA Kota Pekalongan"

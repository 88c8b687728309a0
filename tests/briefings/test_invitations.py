"""Invitations: one mail with a calendar file to each invitee with an address,
queued after the commit and sent by the worker; none on rollback; not twice
unless asked; and the office's letter with its number, invitees and signer."""

import datetime
import io

import icalendar
import pypdf
import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from briefings import invitations
from briefings.models import InvitationMail
from registry.models import ReportSettings
from tests.briefings.conftest import at
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _a_week_before():
    with time_machine.travel(at(10) - datetime.timedelta(days=7), tick=False):
        yield


@pytest.fixture
def addresses(day_briefing, invitees, facilitator):
    """Ani and Bayu have an address on their record, Ahmad on his account; Citra
    and Dodi have none."""
    ani, bayu, citra, dodi = invitees
    ani.email, bayu.email, citra.email, dodi.email = "ani@contoh.id", "bayu@contoh.id", "", ""
    for person in invitees:
        person.save(update_fields=["email"])
    facilitator.email = ""
    facilitator.save(update_fields=["email"])
    facilitator.user.email = "ahmad@contoh.id"
    facilitator.user.save(update_fields=["email"])
    return ["ahmad@contoh.id", "ani@contoh.id", "bayu@contoh.id"]


def send(staff, briefing, **data):
    return staff.post(reverse("briefings:invitations", args=[briefing.pk]), data)


def test_each_invitee_with_an_address_gets_one_mail_with_a_calendar_file(
    staff, staff_user, day_briefing, addresses, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(staff, day_briefing)

    assert response.status_code == 302
    assert mail.outbox == []  # queued: the worker sends
    assert run_queued_tasks() == 3
    assert sorted(m.to[0] for m in mail.outbox) == addresses
    for message in mail.outbox:
        assert message.subject == "Undangan: Rapat Koordinasi Fasilitator, 2 Mei 2024"
        assert "Aula DPMPPA" in message.body and "09.00–12.00 WIB" in message.body
        [(name, content, mimetype)] = message.attachments
        assert (name, mimetype) == ("undangan.ics", "text/calendar")
        calendar = icalendar.Calendar.from_ical(content)
        [event] = calendar.walk("VEVENT")
        assert str(event["summary"]) == "Rapat Koordinasi Fasilitator"
        assert str(event["location"]) == "Aula DPMPPA"
        assert event.decoded("dtstart") == at(9)
        assert event.decoded("dtend") == at(12)
    assert InvitationMail.objects.filter(briefing=day_briefing, queued_by=staff_user).count() == 3
    page = staff.get(reverse("briefings:invitations", args=[day_briefing.pk])).content.decode()
    assert 'data-testid="sent-to">3<' in page
    assert 'data-testid="with-address">3<' in page


def test_sending_again_sends_nothing_twice_unless_asked(
    staff, day_briefing, addresses, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(staff, day_briefing)
    with django_capture_on_commit_callbacks(execute=True):
        send(staff, day_briefing)
    assert run_queued_tasks() == 3

    with django_capture_on_commit_callbacks(execute=True):
        send(staff, day_briefing, again="1")
    assert run_queued_tasks() == 3
    assert len(mail.outbox) == 6
    assert InvitationMail.objects.count() == 6  # each sending recorded


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    staff_user, day_briefing, addresses, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        invitations.invitations_send(briefing=day_briefing, by=staff_user)
        raise RuntimeError("something later in the same change fails")

    assert not DBTaskResult.objects.exists()
    assert run_queued_tasks() == 0
    assert mail.outbox == []
    assert not InvitationMail.objects.exists()


def test_a_supervisor_cannot_send_invitations(client, supervisor_user, day_briefing, addresses):
    client.force_login(supervisor_user)
    assert send(client, day_briefing).status_code == 403
    assert not InvitationMail.objects.exists()


def test_the_letter_holds_its_number_the_invitees_and_the_signer(staff, day_briefing):
    settings_row = ReportSettings.load()
    settings_row.signer_name = "Drs. Contoh Penanda Tangan, M.Si."
    settings_row.signer_nip = "19700101 199503 1 001"
    settings_row.save()

    response = staff.get(reverse("briefings:invitation-letter-pdf", args=[day_briefing.pk]))

    assert response["Content-Type"] == "application/pdf"
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages]
    text = " ".join(" ".join(pages).split())
    assert "005/123/DPMPPA/2024" in text
    assert "Undangan" in text and "Kamis, 2 Mei 2024" in text
    for name in ["Ani", "Bayu", "Citra", "Dodi", "Ahmad Fasilitator"]:
        assert name in pages[-1]  # the attachment, on a page of its own
    assert "LAMPIRAN" in text.upper() and "DAFTAR UNDANGAN" in text.upper()
    assert "Drs. Contoh Penanda Tangan, M.Si." in text
    assert "NIP. 19700101 199503 1 001" in text
    page = staff.get(reverse("briefings:invitation-letter", args=[day_briefing.pk]))
    assert 'data-testid="letter-number">005/123/DPMPPA/2024<' in page.content.decode()


@pytest.mark.parametrize(
    ("sender", "organizer"),
    [
        ("faskel@pekalongankota.go.id", "mailto:faskel@pekalongankota.go.id"),
        ("DPMPPA <dpmppa@pekalongankota.go.id>", "mailto:dpmppa@pekalongankota.go.id"),
    ],
)
def test_the_calendar_names_its_organizer_by_an_address_as_rfc_5545_asks(
    settings, day_briefing, sender, organizer
):
    settings.DEFAULT_FROM_EMAIL = sender
    day_briefing.organiser = "DPMPPA Kota Pekalongan"

    content = invitations.invitation_calendar(
        day_briefing, list(day_briefing.sessions.all()), stamp=at(8)
    )

    calendar = icalendar.Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    assert isinstance(event["organizer"], icalendar.vCalAddress)
    assert str(event["organizer"]) == organizer  # a cal-address URI, not a bare name
    assert event["organizer"].params["CN"] == "DPMPPA Kota Pekalongan"
    assert f'ORGANIZER;CN="DPMPPA Kota Pekalongan":{organizer}' in content.replace("\r\n ", "")


def test_without_an_address_the_calendar_has_no_organizer(settings, day_briefing):
    settings.DEFAULT_FROM_EMAIL = ""
    content = invitations.invitation_calendar(
        day_briefing, list(day_briefing.sessions.all()), stamp=at(8)
    )

    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert "ORGANIZER" not in event and "ORGANIZER" not in content
    assert str(event["summary"]) == "Rapat Koordinasi Fasilitator"

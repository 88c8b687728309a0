"""Requests to be excused decided ahead of the day: staff of the facilitator's
area see them waiting on the dashboard and the briefing's page, accept them or
refuse them with a reason; the decision is kept (who, when, why, in the
history), mailed to the facilitator after the commit, and fills the attendance
form on the day. The supervisor reads only; another area sees nothing."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts import roles
from assignments.factories import AssignmentFactory
from briefings import absence
from registry.models import Kelurahan
from tests.briefings.conftest import at, form_fields
from tests.conftest import make_user
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db

WEEK_BEFORE = at(10) - datetime.timedelta(days=7)


@pytest.fixture(autouse=True)
def _a_week_before():
    with time_machine.travel(WEEK_BEFORE, tick=False):
        yield


@pytest.fixture
def session(day_briefing):
    return day_briefing.sessions.get()


@pytest.fixture
def asked(facilitator, session):
    """Ahmad (ahmad@contoh.id) asks to be excused (izin) a week before."""
    facilitator.email = "ahmad@contoh.id"
    facilitator.save(update_fields=["email"])
    return absence.absence_request_submit(
        session=session,
        facilitator=facilitator,
        kind="izin",
        reason="Mendampingi musrenbang kelurahan",
        by=facilitator.user,
    )


def decide(client, asked, decision, reason="", back=""):
    return client.post(
        reverse("briefings:absence-decide", args=[asked.pk]),
        {"decision": decision, "reason": reason, "next": back},
    )


def attendance_row(client, session, facilitator) -> tuple[dict, str]:
    """The facilitator's row of the form on the day: its fields, and the page."""
    with time_machine.travel(at(9, 5), tick=False):
        client.force_login(client.user)
        response = client.get(
            reverse("briefings:session-attendance", args=[session.briefing_id, session.pk])
        )
    fields = form_fields(response, "attendance-form")
    row = next(
        key.removesuffix("-facilitator")
        for key, value in fields.items()
        if key.endswith("-facilitator") and value == [str(facilitator.pk)]
    )
    return {name: fields.get(f"{row}-{name}") for name in ("status", "note")}, (
        response.content.decode()
    )


@pytest.fixture
def staff_client(staff_user):
    client = Client()
    client.force_login(staff_user)
    client.user = staff_user
    return client


def test_the_dashboard_lists_the_waiting_request_with_its_count(staff_client, asked):
    page = staff_client.get(reverse("home:index")).content.decode()

    assert 'data-testid="absence-inbox-count">1<' in page
    assert "Ahmad Fasilitator" in page and "Mendampingi musrenbang kelurahan" in page
    assert f'data-testid="accept-{asked.pk}"' in page


def test_accepting_ahead_records_who_and_when_and_mails_after_the_commit(
    staff_client, staff_user, asked, session, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(staff_client, asked, "accept", back=reverse("home:index"))

    assert response.status_code == 302 and response["Location"] == reverse("home:index")
    asked.refresh_from_db()
    assert (asked.state, asked.decided_by, asked.decided_at) == (
        "accepted",
        staff_user,
        WEEK_BEFORE,
    )
    assert run_queued_tasks() == 1
    [message] = mail.outbox
    assert message.to == ["ahmad@contoh.id"]
    assert message.subject == "Permohonan izin disetujui: Rapat Koordinasi Fasilitator, 2 Mei 2024"
    assert "DISETUJUI" in message.body and "Siti" in message.body
    # The dashboard's inbox is empty; the briefing's page and its history tell it.
    assert 'data-testid="absence-inbox-count">0<' in (
        staff_client.get(reverse("home:index")).content.decode()
    )
    detail = staff_client.get(session.briefing.get_absolute_url()).content.decode()
    assert f'data-testid="decision-{asked.pk}"' in detail and "Diterima" in detail
    assert "Permohonan izin/sakit Ahmad Fasilitator" in detail
    # On the day, the row comes filled with izin and the reason.
    row, page = attendance_row(staff_client, session, facilitator)
    assert row == {"status": ["izin"], "note": ["Mendampingi musrenbang kelurahan"]}
    assert "Disetujui sebelumnya: Izin" in page


def test_a_refusal_needs_a_reason_and_the_form_shows_it_refused(
    staff_client, asked, session, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(staff_client, asked, "refuse", reason="  ")
    asked.refresh_from_db()
    assert asked.state == "pending"
    page = staff_client.get(response["Location"]).content.decode()
    assert "Sebutkan alasan penolakan: fasilitator akan diberi tahu." in page

    with django_capture_on_commit_callbacks(execute=True):
        decide(staff_client, asked, "refuse", reason="Rapat ini wajib dihadiri")
    asked.refresh_from_db()
    assert (asked.state, asked.decision_reason) == ("rejected", "Rapat ini wajib dihadiri")
    assert run_queued_tasks() == 1
    assert "DITOLAK" in mail.outbox[0].body and "Rapat ini wajib dihadiri" in mail.outbox[0].body

    row, page = attendance_row(staff_client, session, facilitator)
    assert row["status"] is None  # nothing pre-filled
    assert "Permohonan Izin ditolak" in page and "Rapat ini wajib dihadiri" in page


def test_a_request_is_decided_once(staff_client, asked):
    decide(staff_client, asked, "accept")
    response = decide(staff_client, asked, "refuse", reason="Berubah pikiran")
    asked.refresh_from_db()
    assert asked.state == "accepted"
    page = staff_client.get(response["Location"]).content.decode()
    assert "Permohonan ini tidak lagi menunggu keputusan." in page


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    staff_user, asked, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        absence.absence_request_decide(request=asked, accept=True, by=staff_user)
        raise RuntimeError
    assert run_queued_tasks() == 0
    asked.refresh_from_db()
    assert asked.state == "pending"


@pytest.fixture
def areas(wilayah, facilitator):
    """Ahmad posted in Pekalongan Timur; its coordinator and the one of Barat."""
    AssignmentFactory(
        facilitator=facilitator,
        kelurahan=Kelurahan.objects.get(code="33.75.02.1004"),
        start_date=datetime.date(2024, 1, 1),
    )
    return {
        "timur": make_user("koor.timur", roles.AREA_COORDINATOR, area="33.75.02"),
        "barat": make_user("koor.barat", roles.AREA_COORDINATOR, area="33.75.01"),
    }


def test_the_coordinator_of_another_area_neither_sees_nor_decides_it(asked, areas):
    client = Client()
    client.force_login(areas["barat"])
    page = client.get(reverse("home:index")).content.decode()
    assert 'data-testid="absence-inbox-count">0<' in page and "Ahmad Fasilitator" not in page
    assert decide(client, asked, "accept").status_code == 404
    asked.refresh_from_db()
    assert asked.state == "pending"


def test_the_coordinator_of_its_area_decides_it(asked, areas):
    client = Client()
    client.force_login(areas["timur"])
    assert 'data-testid="absence-inbox-count">1<' in (
        client.get(reverse("home:index")).content.decode()
    )
    decide(client, asked, "accept")
    asked.refresh_from_db()
    assert (asked.state, asked.decided_by) == ("accepted", areas["timur"])


def test_the_supervisor_reads_the_inbox_but_cannot_decide(supervisor_user, asked):
    client = Client()
    client.force_login(supervisor_user)
    page = client.get(reverse("home:index")).content.decode()
    assert 'data-testid="absence-inbox-count">1<' in page
    assert f'data-testid="accept-{asked.pk}"' not in page
    assert decide(client, asked, "accept").status_code == 403
    with pytest.raises(PermissionDenied):
        absence.absence_request_decide(request=asked, accept=True, by=supervisor_user)
    asked.refresh_from_db()
    assert asked.state == "pending"


def test_a_decision_from_elsewhere_is_not_followed(staff_client, asked):
    response = decide(staff_client, asked, "accept", back="https://contoh.example/")
    assert response["Location"] == asked.session.briefing.get_absolute_url()


def test_the_facilitator_reads_the_refusal_and_its_reason_on_their_page(
    staff_client, asked, facilitator
):
    decide(staff_client, asked, "refuse", reason="Rapat ini wajib dihadiri")
    own = Client()
    own.force_login(facilitator.user)
    page = own.get(reverse("briefings:my-briefing", args=[asked.session.briefing_id]))
    text = page.content.decode()
    assert "Ditolak" in text
    assert 'data-testid="decision-reason">Rapat ini wajib dihadiri<' in text

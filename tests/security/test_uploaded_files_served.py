"""Files people uploaded are sent as downloads in a sandbox, never shown inline in
the register's origin: a PDF is kept as it was sent, its JavaScript included,
and opened inline it would run beside the signed-in pages. One helper
(activities.files.file_response) sends them all: activity files, contract
decrees, letters of excused-absence requests."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from activities import services
from activities.models import ActivityKind
from assignments.factories import AssignmentFactory
from briefings.factories import BriefingSessionFactory
from tests.activities.conftest import log, upload
from tests.test_permissions import url_for

pytestmark = pytest.mark.django_db

UPLOADED_FILE_PAGES = ["activities:attachment", "contracts:document", "briefings:absence-letter"]


@pytest.fixture
def world(staff_user, facilitator):
    posting = AssignmentFactory()
    session = BriefingSessionFactory()
    session.briefing.invitees.add(posting.facilitator)
    return posting, session


def assert_sent_as_a_sandboxed_download(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    policy = response["Content-Security-Policy"]
    assert policy.split(";")[0] == "sandbox"
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", UPLOADED_FILE_PAGES)
def test_every_uploaded_file_is_a_sandboxed_download(client, administrator, world, name):
    url = url_for(name, *world)
    client.force_login(administrator)
    assert_sent_as_a_sandboxed_download(client.get(url))


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('dari PDF');"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_with_javascript_is_downloaded_not_opened_inline(client, facilitator, db):
    with time_machine.travel(datetime.datetime(2024, 3, 15, 3, 0, tzinfo=datetime.UTC)):
        AssignmentFactory(facilitator=facilitator, start_date=datetime.date(2023, 1, 2))
        entry = log(
            facilitator,
            datetime.date(2024, 3, 12),
            ActivityKind.objects.get(name="Rapat/musyawarah"),
        )
        data = pdf_with_javascript()
        assert b"/JavaScript" in data
        attachment = services.attachment_add(
            entry=entry,
            upload=upload(name="notulen.pdf", data=data, content_type="application/pdf"),
            caption="Notulen",
            by=facilitator.user,
        )
        client.force_login(facilitator.user)
        response = client.get(reverse("activities:attachment", args=[attachment.pk]))
    assert_sent_as_a_sandboxed_download(response)
    assert response["Content-Type"] == "application/pdf"

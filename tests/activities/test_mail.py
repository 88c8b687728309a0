"""Mail about a report: the right facilitator, once, queued after the commit and sent by
the worker; nothing on rollback."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from activities import services
from tests.activities.conftest import MARCH, log
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(today, posting, kind):
    facilitator = posting.facilitator
    log(facilitator, datetime.date(2024, 3, 4), kind)
    report = services.report_save(
        facilitator=facilitator, month=MARCH, problems="", plan="", summary="", by=facilitator.user
    )
    return services.report_submit(report=report, by=facilitator.user)


def test_return_verify_and_approve_each_mail_the_facilitator_once(
    report, staff_user, supervisor_user, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://faskel.pekalongankota.go.id/"
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, comment="Foto kurang jelas", by=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, by=report.facilitator.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_verify(report=report, by=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report=report, by=supervisor_user)

    assert mail.outbox == []  # queued, not sent by the request
    assert DBTaskResult.objects.ready().count() == 3
    assert run_queued_tasks() == 3
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ahmad@contoh.id"], "Laporan bulanan Maret 2024 dikembalikan untuk diperbaiki"),
        (["ahmad@contoh.id"], "Laporan bulanan Maret 2024 sudah diverifikasi"),
        (["ahmad@contoh.id"], "Laporan bulanan Maret 2024 sudah disetujui"),
    ]
    assert "Foto kurang jelas" in mail.outbox[0].body
    # Each with a direct link to the report's page (the site's address from SITE_URL).
    link = "https://faskel.pekalongankota.go.id/me/reports/2024/3/"
    assert all(link in message.body for message in mail.outbox)
    assert run_queued_tasks() == 0  # each mail once


def test_the_mail_is_queued_only_when_the_change_commits(
    report, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.report_verify(report=report, by=staff_user)
        assert not DBTaskResult.objects.exists()  # nothing queued inside the transaction
    # The commit: the callback queued the mail.
    assert len(callbacks) >= 1
    assert DBTaskResult.objects.ready().count() == 1
    assert mail.outbox == []
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["ahmad@contoh.id"]]


def test_no_mail_is_sent_when_the_transaction_rolls_back(
    report, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.report_verify(report=report, by=staff_user)
                raise RuntimeError("the request failed after the change")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not DBTaskResult.objects.exists()
    assert run_queued_tasks() == 0
    assert mail.outbox == []
    report.refresh_from_db()
    assert report.state == "submitted"


def test_a_facilitator_without_an_address_gets_no_mail(
    report, staff_user, django_capture_on_commit_callbacks
):
    report.facilitator.email = ""
    report.facilitator.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.report_verify(report=report, by=staff_user)
    assert run_queued_tasks() == 0
    assert mail.outbox == []

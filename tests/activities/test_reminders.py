"""send_report_reminders: three days before the deadline, to those who have not submitted."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from activities import services
from activities.models import ReportingSettings
from assignments.factories import AssignmentFactory
from registry.factories import FacilitatorFactory
from tests.activities.conftest import log
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db


def remind(day: str) -> str:
    """The daily command, then the worker that sends what it queued."""
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_report_reminders", date=day, stdout=out)
    assert mail.outbox == []  # the command only queues them
    run_queued_tasks()
    return out.getvalue()


@pytest.fixture
def february(posting, kind):
    """Ahmad submitted February; Budi did not; Citra neither, and has no e-mail; Dodi waits."""
    import time_machine

    with time_machine.travel(datetime.datetime(2024, 3, 1, 3, tzinfo=datetime.UTC), tick=False):
        log(posting.facilitator, datetime.date(2024, 2, 20), kind)
        report = services.report_save(
            facilitator=posting.facilitator,
            month=datetime.date(2024, 2, 1),
            problems="",
            plan="",
            summary="",
            by=posting.facilitator.user,
        )
        services.report_submit(report=report, by=posting.facilitator.user)
    AssignmentFactory(facilitator__name="Budi", facilitator__email="budi@contoh.id")
    AssignmentFactory(facilitator__name="Citra", facilitator__email="")
    FacilitatorFactory(name="Dodi", email="dodi@contoh.id")


def test_reminders_go_to_posted_facilitators_who_have_not_submitted(february):
    output = remind("2024-03-02")  # the deadline is 5 March
    assert [m.to for m in mail.outbox] == [["budi@contoh.id"]]
    assert mail.outbox[0].subject == (
        "Pengingat: laporan bulanan Februari 2024 paling lambat 5 Maret 2024"
    )
    assert "Reminders queued for 02/2024: 1." in output
    assert "Skipped, no e-mail address (1):" in output and "Citra" in output


def test_no_reminders_on_other_days(february):
    assert "No reminders today" in remind("2024-03-03")
    assert mail.outbox == []


def test_the_deadline_day_set_by_the_administrator_counts(february):
    ReportingSettings.objects.create(deadline_day=10)
    remind("2024-03-02")
    assert mail.outbox == []
    mail.outbox.clear()
    remind("2024-03-07")
    assert [m.to for m in mail.outbox] == [["budi@contoh.id"]]

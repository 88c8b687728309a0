"""send_report_reminders: each facilitator whose report of the month is not in hears of
it three days before the deadline, on it and after it, once each, in the words of
their report's state; staff and the area's coordinator get a digest of their area.
What cannot be sent waits, with why, and goes with a later run."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from accounts import roles
from activities import services
from activities.models import ReportingSettings
from assignments.factories import AssignmentFactory
from outbox.models import Reminder
from registry.factories import FacilitatorFactory
from tests.activities.conftest import log
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
FEBRUARY = datetime.date(2024, 2, 1)  # a leap year: its last day is the 29th


def remind(day: str) -> str:
    """The daily command, run on the day (07:00 in Jakarta)."""
    out = io.StringIO()
    moment = datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(7), JAKARTA)
    with time_machine.travel(moment, tick=False):
        call_command("send_report_reminders", stdout=out)
    return out.getvalue()


def sent_to() -> list[list[str]]:
    return sorted(m.to for m in mail.outbox)


@pytest.fixture
def february(posting, kind, settings):
    """Ahmad submitted February; Budi did not; Citra neither, and has no e-mail; Dodi
    waits in reserve; Eko's report was returned with a comment."""
    settings.SITE_URL = "https://faskel.pekalongankota.go.id"
    with time_machine.travel(datetime.datetime(2024, 3, 1, 3, tzinfo=datetime.UTC), tick=False):
        log(posting.facilitator, datetime.date(2024, 2, 20), kind)
        report = services.report_save(
            facilitator=posting.facilitator,
            month=FEBRUARY,
            problems="",
            plan="",
            summary="",
            by=posting.facilitator.user,
        )
        services.report_submit(report=report, by=posting.facilitator.user)
    AssignmentFactory(facilitator__name="Budi", facilitator__email="budi@contoh.id")
    AssignmentFactory(facilitator__name="Citra", facilitator__email="", facilitator__phone="")
    FacilitatorFactory(name="Dodi", email="dodi@contoh.id")
    eko = AssignmentFactory(
        facilitator__name="Eko",
        facilitator__email="eko@contoh.id",
        facilitator__user=make_user("eko.faskel", roles.FACILITATOR),
        start_date=datetime.date(2023, 1, 2),
    ).facilitator
    with time_machine.travel(datetime.datetime(2024, 3, 1, 3, tzinfo=datetime.UTC), tick=False):
        log(eko, datetime.date(2024, 2, 21), kind)
        report = services.report_save(
            facilitator=eko, month=FEBRUARY, problems="", plan="", summary="", by=eko.user
        )
        services.report_submit(report=report, by=eko.user)
        reviewer = make_user("rina.staf", roles.STAFF)
        services.report_return(report=report, comment="Foto rapat belum dilampirkan.", by=reviewer)
    mail.outbox.clear()


def test_three_days_before_the_deadline_those_not_submitted_are_reminded(february):
    output = remind("2024-03-02")  # the deadline is 5 March
    assert sent_to() == [["budi@contoh.id"], ["eko@contoh.id"]]
    budi = next(m for m in mail.outbox if m.to == ["budi@contoh.id"])
    assert budi.subject == "Pengingat: laporan bulanan Februari 2024 paling lambat 5 Maret 2024"
    assert "belum dibuat dan belum dikirim" in budi.body
    assert "Batas pengirimannya Selasa, 5 Maret 2024." in budi.body
    # A direct, absolute link to the report's page.
    assert "https://faskel.pekalongankota.go.id/me/reports/2024/2/" in budi.body
    assert "Sent: 2." in output
    assert "Not sent, tried again by the next run (1):" in output
    assert "Citra" in output and "Tidak ada alamat e-mail" in output


def test_a_returned_report_is_said_to_be_returned_with_the_comment(february):
    remind("2024-03-02")
    eko = next(m for m in mail.outbox if m.to == ["eko@contoh.id"])
    assert eko.subject == "Laporan bulanan Februari 2024 dikembalikan: perbaiki dan kirim kembali"
    assert "dikembalikan oleh pemeriksa dan harus diperbaiki lalu dikirim kembali" in eko.body
    assert "Foto rapat belum dilampirkan." in eko.body
    assert "belum dikirim." not in eko.body


def test_running_twice_a_day_sends_once(february):
    remind("2024-03-02")
    output = remind("2024-03-02")
    assert sent_to() == [["budi@contoh.id"], ["eko@contoh.id"]]
    assert "Sent: 0." in output
    assert Reminder.objects.filter(state=Reminder.State.SENT).count() == 2


def test_on_the_deadline_and_after_it_each_is_reminded_again_once(february):
    for day in ["2024-03-02", "2024-03-03", "2024-03-04"]:
        remind(day)
    assert len(mail.outbox) == 2  # the 3rd and 4th: nothing new
    mail.outbox.clear()
    remind("2024-03-05")
    on_the_day = [m for m in mail.outbox if m.to == ["budi@contoh.id"]]
    assert "Hari ini, Selasa, 5 Maret 2024, batas pengirimannya." in on_the_day[0].body
    mail.outbox.clear()
    remind("2024-03-06")
    remind("2024-03-07")
    late = [m for m in mail.outbox if m.to == ["budi@contoh.id"]]
    assert [m.subject for m in late] == [
        "Terlambat: laporan bulanan Februari 2024 belum dikirim (batas 5 Maret 2024)"
    ]
    assert "sudah lewat" in late[0].body


def test_before_the_months_last_day_nothing_goes_out(february):
    ReportingSettings.objects.create(deadline_day=1)  # three days before: 27 February
    remind("2024-02-27")
    remind("2024-02-28")
    # January's late reports are reminded of; February's not yet.
    assert not Reminder.objects.filter(period=FEBRUARY).exists()
    assert all("Januari 2024" in m.subject for m in mail.outbox)
    mail.outbox.clear()
    remind("2024-02-29")  # the last day of February: its report can be sent
    assert sorted(m.to for m in mail.outbox if "Februari 2024" in m.subject) == [
        ["budi@contoh.id"],
        ["eko@contoh.id"],
    ]
    assert Reminder.objects.get(facilitator__name="Budi", period=FEBRUARY).stage == "before"


def test_no_address_is_listed_and_sent_by_a_later_run_once_there_is_one(february):
    remind("2024-03-02")
    citra = Reminder.objects.get(facilitator__name="Citra")
    assert (citra.state, citra.reason) == (Reminder.State.PENDING, Reminder.Reason.NO_ADDRESS)
    citra.facilitator.email = "citra@contoh.id"
    citra.facilitator.save(update_fields=["email"])
    mail.outbox.clear()
    output = remind("2024-03-03")
    assert sent_to() == [["citra@contoh.id"]]
    assert "Sent: 1." in output
    citra.refresh_from_db()
    assert citra.state == Reminder.State.SENT


def test_a_mail_server_failure_is_not_recorded_as_sent(february, settings):
    settings.EMAIL_BACKEND = "tests.outbox.backends.RefusingBackend"
    output = remind("2024-03-02")
    assert not Reminder.objects.filter(state=Reminder.State.SENT).exists()
    budi = Reminder.objects.get(facilitator__name="Budi")
    assert budi.reason == Reminder.Reason.FAILED
    assert "SMTPServerDisconnected" in budi.error
    assert "Pengiriman gagal" in output
    settings.EMAIL_BACKEND = "tests.outbox.backends.SilentBackend"
    remind("2024-03-03")
    budi.refresh_from_db()
    assert (budi.state, budi.reason) == (Reminder.State.PENDING, Reminder.Reason.NOBODY)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    remind("2024-03-04")
    assert ["budi@contoh.id"] in sent_to()


def test_a_report_sent_meanwhile_is_not_reminded(february, kind, settings):
    settings.EMAIL_BACKEND = "tests.outbox.backends.RefusingBackend"
    remind("2024-03-02")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    budi = Reminder.objects.get(facilitator__name="Budi").facilitator
    budi.user = make_user("budi.faskel", roles.FACILITATOR)
    budi.save(update_fields=["user"])
    with time_machine.travel(datetime.datetime(2024, 3, 3, 3, tzinfo=datetime.UTC), tick=False):
        log(budi, datetime.date(2024, 2, 20), kind)
        report = services.report_save(
            facilitator=budi, month=FEBRUARY, problems="", plan="", summary="", by=budi.user
        )
        services.report_submit(report=report, by=budi.user)
    mail.outbox.clear()
    remind("2024-03-03")
    assert ["budi@contoh.id"] not in sent_to()

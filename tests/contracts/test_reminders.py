"""send_contract_reminders: staff hear of a contract's end 60, 30 and 7 days before
it, each reminder once, day after day; nothing is sent when the run rolls back."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from contracts import services
from contracts.models import ContractReminder
from tests.conftest import make_user
from tests.contracts.conftest import make_contract
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
END = datetime.date(2025, 3, 31)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the command as cron does; its mail is queued when its transaction commits,
    and the worker sends it."""

    def run() -> str:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_contract_reminders", stdout=out)
        run_queued_tasks()
        return out.getvalue()

    return run


@pytest.fixture
def ending(posting, staff_user):
    staff_user.email = "siti@dpmppa.example.id"
    staff_user.save(update_fields=["email"])
    from accounts import roles

    make_user("rudi.staf", roles.STAFF, email="rudi@dpmppa.example.id")
    make_user("kabid", roles.SUPERVISOR, email="kabid@dpmppa.example.id")  # reads only
    return make_contract(
        posting.facilitator, datetime.date(2024, 4, 1), END, by=staff_user, number="SK-7/2024"
    )


def test_reminders_go_out_60_30_and_7_days_before_the_end_once_each(ending, remind):
    sent_on = {}
    day = datetime.date(2025, 1, 20)
    while day <= END + datetime.timedelta(days=3):
        noon = datetime.datetime.combine(day, datetime.time(7), JAKARTA)
        with time_machine.travel(noon, tick=False):
            before = len(mail.outbox)
            remind()
            remind()  # a second run the same day sends nothing more
            if len(mail.outbox) > before:
                sent_on[day] = sorted(m.to[0] for m in mail.outbox[before:])
        day += datetime.timedelta(days=1)
    staff = ["rudi@dpmppa.example.id", "siti@dpmppa.example.id"]
    assert sent_on == {
        datetime.date(2025, 1, 30): staff,  # 60 days before 31 March
        datetime.date(2025, 3, 1): staff,  # 30 days
        datetime.date(2025, 3, 24): staff,  # 7 days
    }
    assert mail.outbox[0].subject == "Pengingat: 1 kontrak fasilitator segera berakhir"
    assert "Ahmad Fasilitator: SK-7/2024, berakhir pada 31 Maret 2025 (tinggal 60 hari)" in (
        mail.outbox[0].body
    )
    assert sorted(ContractReminder.objects.values_list("days_before", flat=True)) == [7, 30, 60]


def test_a_missed_day_is_caught_up_the_next_day(ending, remind):
    with time_machine.travel(datetime.datetime(2025, 1, 31, 7, tzinfo=JAKARTA), tick=False):
        output = remind()
    assert "SK-7/2024, ends 31/03/2025 (60-day reminder)" in output
    assert len(mail.outbox) == 2


def test_a_contract_made_late_gets_only_the_reminders_still_ahead(posting, staff_user, remind):
    staff_user.email = "siti@dpmppa.example.id"
    staff_user.save(update_fields=["email"])
    make_contract(posting.facilitator, datetime.date(2024, 4, 1), END, by=staff_user)
    with time_machine.travel(datetime.datetime(2025, 3, 20, 7, tzinfo=JAKARTA), tick=False):
        remind()
    assert list(ContractReminder.objects.values_list("days_before", flat=True)) == [30]


def test_nothing_is_mailed_when_the_run_rolls_back(ending, django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        time_machine.travel(datetime.datetime(2025, 1, 30, 7, tzinfo=JAKARTA), tick=False),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        services.contract_reminders_send(day=datetime.date(2025, 1, 30))
        transaction.set_rollback(True)
    assert run_queued_tasks() == 0
    assert mail.outbox == []
    assert not ContractReminder.objects.exists()

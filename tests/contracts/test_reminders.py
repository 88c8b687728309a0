"""send_contract_reminders: staff hear of a contract's end 60, 30 and 7 days before
it, each reminder once, day after day, through the outbox; nothing is planned when
the run rolls back, and nothing is recorded as sent that nobody received."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from contracts import services
from outbox.models import Reminder
from tests.conftest import make_user
from tests.contracts.conftest import make_contract

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
END = datetime.date(2025, 3, 31)


@pytest.fixture
def remind():
    """Run the command as cron does: it plans, then sends (after the plan committed)."""

    def run() -> str:
        out = io.StringIO()
        call_command("send_contract_reminders", stdout=out)
        return out.getvalue()

    return run


def sent_steps() -> list[str]:
    return sorted(
        Reminder.objects.filter(kind="contract", state="sent").values_list("stage", flat=True)
    )


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
                sent_on[day] = [sorted(m.to) for m in mail.outbox[before:]]
        day += datetime.timedelta(days=1)
    staff = [["rudi@dpmppa.example.id", "siti@dpmppa.example.id"]]  # one message to both
    assert sent_on == {
        datetime.date(2025, 1, 30): staff,  # 60 days before 31 March
        datetime.date(2025, 3, 1): staff,  # 30 days
        datetime.date(2025, 3, 24): staff,  # 7 days
    }
    assert mail.outbox[0].subject == "Pengingat: 1 kontrak fasilitator segera berakhir"
    assert "Ahmad Fasilitator: SK-7/2024, berakhir pada 31 Maret 2025 (tinggal 60 hari)" in (
        mail.outbox[0].body
    )
    assert sent_steps() == ["30", "60", "7"]
    # A direct, absolute link to the contract's page.
    assert f"http://127.0.0.1:8000{ending.get_absolute_url()}" in mail.outbox[0].body


def test_a_missed_day_is_caught_up_the_next_day(ending, remind):
    with time_machine.travel(datetime.datetime(2025, 1, 31, 7, tzinfo=JAKARTA), tick=False):
        output = remind()
    assert "Sent: 1." in output and "Ahmad Fasilitator" in output
    assert len(mail.outbox) == 1


def test_a_contract_made_late_gets_only_the_reminders_still_ahead(posting, staff_user, remind):
    staff_user.email = "siti@dpmppa.example.id"
    staff_user.save(update_fields=["email"])
    make_contract(posting.facilitator, datetime.date(2024, 4, 1), END, by=staff_user)
    with time_machine.travel(datetime.datetime(2025, 3, 20, 7, tzinfo=JAKARTA), tick=False):
        remind()
    assert sent_steps() == ["30"]


def test_nothing_is_mailed_when_the_run_rolls_back(ending):
    from django.db import transaction

    day = datetime.date(2025, 1, 30)
    with transaction.atomic():
        services.contract_reminders_plan(day=day)
        # Sending waits for the plan's commit: never inside its transaction.
        with pytest.raises(RuntimeError):
            services.contract_reminders_deliver(day=day)
        transaction.set_rollback(True)
    assert services.contract_reminders_deliver(day=day) == []
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_without_a_staff_address_nothing_is_recorded_as_sent_until_there_is_one(
    posting, staff_user, remind, client
):
    """The demo's case: no staff member has an address. The reminder waits, listed,
    and goes once an address is set (before, it was stored as sent and never sent)."""
    contract = make_contract(posting.facilitator, datetime.date(2024, 4, 1), END, by=staff_user)
    with time_machine.travel(datetime.datetime(2025, 1, 30, 7, tzinfo=JAKARTA), tick=False):
        output = remind()
    assert mail.outbox == []
    assert "Not sent, tried again by the next run (1):" in output
    assert "Tidak ada alamat e-mail" in output
    assert sent_steps() == []
    # Staff see it waiting on the dashboard, with the contract's page.
    client.force_login(staff_user)
    page = client.get(reverse("home:index")).content.decode()
    card = page[page.index('data-testid="unsent-reminders"') :].split("</section>")[0]
    assert "Kontrak berakhir" in card and "60 hari sebelum berakhir" in card
    assert "Tidak ada alamat e-mail" in card
    assert f'href="{contract.get_absolute_url()}"' in card
    staff_user.email = "siti@dpmppa.example.id"
    staff_user.save(update_fields=["email"])
    with time_machine.travel(datetime.datetime(2025, 2, 2, 7, tzinfo=JAKARTA), tick=False):
        remind()
        remind()
    assert [m.to for m in mail.outbox] == [["siti@dpmppa.example.id"]]
    assert sent_steps() == ["60"]


def test_a_mail_server_failure_is_not_recorded_as_sent(ending, remind, settings):
    settings.EMAIL_BACKEND = "tests.outbox.backends.RefusingBackend"
    with time_machine.travel(datetime.datetime(2025, 1, 30, 7, tzinfo=JAKARTA), tick=False):
        output = remind()
    assert sent_steps() == []
    assert "SMTPServerDisconnected" in output

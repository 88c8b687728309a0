"""The upgrade moves the contract reminders already recorded into the outbox as sent,
so the first run after it sends none of them again."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from outbox.models import Reminder
from tests.contracts.conftest import make_contract

BEFORE = [("contracts", "0003_dated_rates_signers_issued_lists"), ("outbox", "0001_reminders")]
AFTER = [("contracts", "0004_reminders_into_the_outbox")]


@pytest.fixture
def before_the_outbox(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


def test_recorded_reminders_become_sent_and_are_not_sent_again(
    before_the_outbox, posting, staff_user
):
    staff_user.email = "siti@dpmppa.example.id"
    staff_user.save(update_fields=["email"])
    contract = make_contract(
        posting.facilitator, datetime.date(2024, 4, 1), datetime.date(2025, 3, 31), by=staff_user
    )
    before_the_outbox.migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    old.get_model("contracts", "ContractReminder").objects.create(
        contract_id=contract.pk, days_before=60
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    moved = Reminder.objects.get()
    assert (moved.kind, moved.facilitator_id, moved.period, moved.stage, moved.state) == (
        "contract",
        posting.facilitator.pk,
        datetime.date(2025, 3, 31),
        "60",
        "sent",
    )
    assert moved.link == contract.get_absolute_url()
    with time_machine.travel(datetime.datetime(2025, 2, 1, 0, tzinfo=datetime.UTC)):
        call_command("send_contract_reminders", stdout=io.StringIO())
    assert mail.outbox == []

"""Migration 0003 turns the one undated settings row into the first dated tax rate
and signers, so the months computed before keep their rate and signers."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from contracts.models import HonorariumSigners, TaxRate

pytestmark = pytest.mark.django_db

BEFORE = [("contracts", "0002_no_overlapping_contracts_and_criteria")]
AFTER = [("contracts", "0003_dated_rates_signers_issued_lists")]


@pytest.fixture
def before_dating(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield MigrationExecutor(connection).loader.project_state(BEFORE).apps
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


def migrate_forward():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)


def test_the_settings_row_becomes_the_first_dated_rate_and_signers(before_dating):
    Settings = before_dating.get_model("contracts", "HonorariumSettings")
    Settings.objects.create(
        pk=1,
        tax_rate=Decimal("2.50"),
        tax_rate_without_npwp=Decimal("3.00"),
        treasurer_name="Bendahara Lama",
        treasurer_nip="19850917 201001 1 012",
    )

    migrate_forward()

    rates = TaxRate.of_month(datetime.date(2024, 3, 1))
    assert (rates.rate_with_npwp, rates.rate_without_npwp) == (Decimal("2.50"), Decimal("3.00"))
    assert rates.valid_from == datetime.date(1945, 9, 1)
    signers = HonorariumSigners.on(datetime.date(2024, 4, 2))
    assert (signers.treasurer_name, signers.treasurer_nip) == (
        "Bendahara Lama",
        "19850917 201001 1 012",
    )
    assert signers.treasurer_position == "Bendahara Pengeluaran"


def test_without_a_settings_row_the_defaults_stay_in_force(before_dating):
    migrate_forward()

    assert not TaxRate.objects.exists()
    rates = TaxRate.of_month(datetime.date(2024, 3, 1))
    assert (rates.rate_with_npwp, rates.rate_without_npwp) == (Decimal(5), Decimal(6))

"""A contract's honorarium in its history reads as every page writes an amount:
Rp 2.750.000, on the facilitator's history and on the contract's own."""

import datetime

import pytest
from django.urls import reverse

from contracts import services
from tests.contracts.conftest import make_contract

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["audit:facilitator-history", "contracts:history"])
def test_the_honorarium_in_the_history_is_written_in_rupiah(client, posting, staff_user, page):
    contract = make_contract(
        posting.facilitator,
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
        honorarium=2_500_000,
        by=staff_user,
    )
    services.contract_update(
        contract=contract, changes={"monthly_honorarium": 2_750_000}, by=staff_user
    )
    client.force_login(staff_user)
    pk = posting.facilitator.pk if page.startswith("audit") else contract.pk
    html = client.get(reverse(page, args=[pk])).text
    assert "Rp 2.500.000" in html and "Rp 2.750.000" in html
    assert "2500000" not in html and "2750000" not in html

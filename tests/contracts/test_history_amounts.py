"""A contract's honorarium in its history reads as the documents write an amount:
2.750.000 under "Monthly honorarium (Rp)", on the facilitator's history and on the
contract's own; an evaluation's final score as a decimal with a comma."""

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
    assert "Honorarium per bulan (Rp)" in html
    assert "2.500.000" in html and "2.750.000" in html
    assert "2500000" not in html and "2750000" not in html and "Rp 2." not in html


def test_the_final_score_in_the_history_has_a_decimal_comma(
    client, posting, staff_user, supervisor_user, criteria
):
    contract = make_contract(
        posting.facilitator, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), by=staff_user
    )
    services.evaluation_save(
        contract=contract,
        scores={c.pk: 78 for c in criteria},
        recommendation="renew",
        day=datetime.date(2025, 1, 10),
        by=supervisor_user,
    )
    client.force_login(staff_user)
    html = client.get(reverse("contracts:history", args=[contract.pk])).text
    assert "78,00" in html and "78.00" not in html

"""A contract whose evaluation says "do not renew" is not renewed: only someone with
the permission to decide otherwise (`contracts.override_renewal`, of no role by
default) renews it, with a reason the new contract's history shows and the scanned
decree that decided it. Every way in goes through `services.contract_renew`."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from contracts import services
from contracts.models import Contract
from tests.contracts.conftest import make_contract, pdf_upload

pytestmark = pytest.mark.django_db

D = datetime.date
FORM = {
    "number": "800/002/DPMPPA/2025",
    "signed_on": "2024-12-20",
    "signed_by": "Kepala Dinas",
    "start_date": "2025-01-01",
    "end_date": "2025-12-31",
    "monthly_honorarium": "3100000",
}
REASON = "Keputusan Kepala Dinas: kinerja membaik setelah pembinaan bulan November."


def evaluated(posting, staff_user, supervisor_user, criteria, recommendation):
    contract = make_contract(posting.facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user)
    services.evaluation_save(
        contract=contract,
        scores={criterion.pk: 40 for criterion in criteria},
        recommendation=recommendation,
        day=D(2024, 12, 10),
        by=supervisor_user,
    )
    return contract


@pytest.fixture
def not_to_renew(posting, staff_user, supervisor_user, criteria):
    return evaluated(posting, staff_user, supervisor_user, criteria, "no_renewal")


@pytest.fixture
def head_of_office(staff_user):
    """A staff account the administrator allowed to override the evaluation."""
    staff_user.user_permissions.add(Permission.objects.get(codename="override_renewal"))
    return type(staff_user).objects.get(pk=staff_user.pk)  # permissions read afresh


def test_the_page_warns_and_offers_no_renewal_to_staff_without_the_permission(
    client, staff_user, not_to_renew
):
    client.force_login(staff_user)
    page = client.get(reverse("contracts:renew", args=[not_to_renew.pk])).text
    assert "Penilaian kontrak ini merekomendasikan tidak diperpanjang." in page
    assert 'name="number"' not in page  # no renewal form
    response = client.post(
        reverse("contracts:renew", args=[not_to_renew.pk]),
        {**FORM, "upload": pdf_upload(), "override_reason": REASON},
    )
    assert response.status_code == 200
    assert not Contract.objects.filter(previous=not_to_renew).exists()


def test_the_service_refuses_it_from_any_way_in(staff_user, not_to_renew):
    with pytest.raises(ValidationError) as refused:
        services.contract_renew(
            contract=not_to_renew,
            number="X",
            signed_on=D(2024, 12, 20),
            start_date=D(2025, 1, 1),
            end_date=D(2025, 12, 31),
            monthly_honorarium=3_100_000,
            document=pdf_upload(),
            override_reason=REASON,
            by=staff_user,
        )
    assert refused.value.messages == [str(services.RENEWAL_NOT_RECOMMENDED)]
    assert not Contract.objects.filter(previous=not_to_renew).exists()


def test_an_override_needs_a_reason_and_the_scanned_decree(client, head_of_office, not_to_renew):
    client.force_login(head_of_office)
    url = reverse("contracts:renew", args=[not_to_renew.pk])
    page = client.get(url).text
    assert "Alasan diperpanjang meski penilaian tidak merekomendasikan" in page
    without_reason = client.post(url, {**FORM, "upload": pdf_upload()})
    without_scan = client.post(url, {**FORM, "override_reason": REASON})
    assert without_reason.status_code == without_scan.status_code == 200
    assert not Contract.objects.filter(previous=not_to_renew).exists()
    with pytest.raises(ValidationError) as refused:
        services.contract_renew(
            contract=not_to_renew,
            number="X",
            signed_on=D(2024, 12, 20),
            start_date=D(2025, 1, 1),
            end_date=D(2025, 12, 31),
            monthly_honorarium=3_100_000,
            override_reason=REASON,
            by=head_of_office,
        )
    assert refused.value.messages == [str(services.OVERRIDE_DECREE_MISSING)]


def test_an_override_with_its_reason_renews_and_the_history_shows_the_reason(
    client, head_of_office, not_to_renew
):
    client.force_login(head_of_office)
    response = client.post(
        reverse("contracts:renew", args=[not_to_renew.pk]),
        {**FORM, "upload": pdf_upload(), "override_reason": REASON},
    )
    renewal = Contract.objects.get(previous=not_to_renew)
    assert response.status_code == 302
    assert renewal.renewed_against_evaluation == REASON
    assert renewal.document
    history = client.get(reverse("contracts:history", args=[renewal.pk])).text
    assert "Diperpanjang meski penilaian tidak merekomendasikan, karena" in history
    assert REASON in history


def test_a_recommended_renewal_needs_no_reason(
    client, posting, staff_user, supervisor_user, criteria
):
    contract = evaluated(posting, staff_user, supervisor_user, criteria, "renew")
    client.force_login(staff_user)
    page = client.get(reverse("contracts:renew", args=[contract.pk])).text
    assert "override_reason" not in page
    client.post(reverse("contracts:renew", args=[contract.pk]), FORM)
    assert Contract.objects.get(previous=contract).renewed_against_evaluation == ""


def test_no_role_has_the_override_by_default(staff_user, supervisor_user):
    assert not staff_user.has_perm(services.OVERRIDE_RENEWAL)
    assert not supervisor_user.has_perm(services.OVERRIDE_RENEWAL)


def test_the_admin_adds_no_contract_and_so_renews_none(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("admin:contracts_contract_add")).status_code == 403

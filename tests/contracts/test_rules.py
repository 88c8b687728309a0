"""Contracts of one facilitator never overlap: refused by the model with a clear
message, and by the database itself on PostgreSQL; a posting outside any contract
is shown as a warning."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from assignments.factories import AssignmentFactory
from contracts import services
from contracts.models import Contract
from tests.contracts.conftest import make_contract, pdf_upload

pytestmark = pytest.mark.django_db

D = datetime.date


def test_an_overlapping_contract_is_refused_with_a_clear_message(posting, staff_user):
    make_contract(posting.facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user, number="SK-1")
    with pytest.raises(ValidationError) as refused:
        make_contract(posting.facilitator, D(2024, 12, 1), D(2025, 11, 30), by=staff_user)
    assert refused.value.messages == [
        "Ahmad Fasilitator sudah memiliki kontrak SK-1 dari 1 Januari 2024 sampai "
        "31 Desember 2024: kontrak satu fasilitator tidak boleh bertumpang tindih."
    ]
    assert Contract.objects.count() == 1


def test_the_next_contract_may_start_the_day_after_the_last_ends(posting, staff_user):
    make_contract(posting.facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user)
    make_contract(posting.facilitator, D(2025, 1, 1), D(2025, 12, 31), by=staff_user)
    assert Contract.objects.count() == 2


def test_another_facilitators_contracts_do_not_count(posting, other_facilitator, staff_user):
    make_contract(posting.facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user)
    make_contract(other_facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user)
    assert Contract.objects.count() == 2


def test_the_model_refuses_an_overlap_written_past_the_service(posting, staff_user):
    make_contract(posting.facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user)
    contract = Contract(
        facilitator=posting.facilitator,
        number="SK-2",
        signed_on=D(2024, 5, 1),
        start_date=D(2024, 6, 1),
        end_date=D(2024, 6, 30),
        monthly_honorarium=1,
    )
    with pytest.raises(ValidationError, match="tidak boleh bertumpang tindih"):
        contract.full_clean()


@pytest.mark.postgresql
def test_the_database_refuses_an_overlap_that_skipped_validation(posting, staff_user):
    make_contract(posting.facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user)
    with (
        pytest.raises(IntegrityError, match="contract_no_overlap_per_facilitator"),
        transaction.atomic(),
    ):
        Contract.objects.create(
            facilitator=posting.facilitator,
            number="SK-2",
            signed_on=D(2024, 5, 1),
            start_date=D(2024, 12, 31),
            end_date=D(2025, 6, 30),
            monthly_honorarium=1,
        )
    assert Contract.objects.count() == 1


def test_the_database_refuses_an_end_before_the_start(posting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.create(
            facilitator=posting.facilitator,
            number="SK-3",
            signed_on=D(2024, 5, 1),
            start_date=D(2024, 6, 1),
            end_date=D(2024, 5, 31),
            monthly_honorarium=1,
        )


def test_a_decree_names_only_a_posting_of_its_own_facilitator(
    posting, other_facilitator, staff_user
):
    with pytest.raises(ValidationError, match="salah satu penugasan fasilitator ini"):
        make_contract(
            other_facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user, posting=posting
        )


def test_the_scanned_document_must_be_a_pdf(posting, staff_user):
    with pytest.raises(ValidationError, match="bukan dokumen PDF"):
        make_contract(
            posting.facilitator,
            D(2024, 1, 1),
            D(2024, 12, 31),
            by=staff_user,
            document=pdf_upload("sk.pdf", b"MZ\x90\x00 a renamed program"),
        )
    assert not Contract.objects.exists()


def test_a_posting_outside_any_contract_warns_on_the_facilitators_page(client, posting, staff_user):
    # Posted since 2 January 2023; contracts cover only 2024.
    make_contract(posting.facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user)
    client.force_login(staff_user)
    page = client.get(reverse("home:facilitator-detail", args=[posting.facilitator.pk])).text
    assert "Bertugas di luar kontrak:" in page
    assert "penugasan ke Kergon, 2 Jan 2023 – 31 Des 2023" in page
    # ... and from 2025 up to today.
    assert "penugasan ke Kergon, 1 Jan 2025 –" in page


def test_a_posting_inside_its_contracts_does_not_warn(client, staff_user):
    posting = AssignmentFactory(start_date=D(2024, 3, 1), end_date=D(2024, 9, 30))
    make_contract(posting.facilitator, D(2024, 1, 1), D(2024, 6, 30), by=staff_user)
    make_contract(posting.facilitator, D(2024, 7, 1), D(2024, 12, 31), by=staff_user)
    client.force_login(staff_user)
    page = client.get(reverse("home:facilitator-detail", args=[posting.facilitator.pk])).text
    assert 'data-testid="uncovered-posting"' not in page
    assert page.count('data-testid="contract"') == 2


def test_the_dashboard_lists_contracts_ending_soon_and_the_posted_without_one(
    client, staff_user, posting
):
    import time_machine

    covered = AssignmentFactory(facilitator__name="Budi Berkontrak")
    with time_machine.travel(D(2024, 11, 15), tick=False):
        make_contract(covered.facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user)
        client.force_login(staff_user)
        page = client.get(reverse("home:index")).text
    ending = page.split('data-testid="contracts-ending"')[1].split("</section>")[0]
    without = page.split('data-testid="posted-without-contract"')[1].split("</section>")[0]
    assert "Budi Berkontrak" in ending and "berakhir 31 Des 2024" in ending
    assert "Ahmad Fasilitator" in without and "Budi Berkontrak" not in without


def test_staff_add_a_contract_with_its_scanned_decree_on_the_page(client, posting, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("contracts:create") + f"?facilitator={posting.facilitator.pk}",
        {
            "facilitator": posting.facilitator.pk,
            "kind": "sk",
            "number": "800/001/DPMPPA/2024",
            "signed_on": "2023-12-20",
            "signed_by": "Kepala Dinas",
            "start_date": "2024-01-01",
            "end_date": "2024-12-31",
            "monthly_honorarium": "2750000",
            "posting": posting.pk,
            "upload": pdf_upload(),
        },
    )
    contract = Contract.objects.get()
    assert response.status_code == 302 and response["Location"] == contract.get_absolute_url()
    assert (contract.posting, contract.monthly_honorarium) == (posting, 2_750_000)
    assert contract.document.read().startswith(b"%PDF-")
    assert contract.history.get().history_user == staff_user


def test_the_form_shows_the_overlap_and_saves_nothing(client, posting, staff_user):
    make_contract(posting.facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user)
    client.force_login(staff_user)
    response = client.post(
        reverse("contracts:create"),
        {
            "facilitator": posting.facilitator.pk,
            "kind": "sk",
            "number": "SK-dobel",
            "signed_on": "2024-05-01",
            "signed_by": "Kepala Dinas",
            "start_date": "2024-06-01",
            "end_date": "2025-05-31",
            "monthly_honorarium": "2750000",
        },
    )
    assert response.status_code == 200
    assert "tidak boleh bertumpang tindih" in response.text
    assert Contract.objects.count() == 1


def test_renewal_creates_the_next_contract_from_the_previous_one(client, posting, staff_user):
    old = make_contract(
        posting.facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user, posting=posting
    )
    client.force_login(staff_user)
    form = client.get(reverse("contracts:renew", args=[old.pk])).text
    assert 'value="2025-01-01"' in form and 'value="2025-12-31"' in form
    assert 'value="3100000"' in form
    client.post(
        reverse("contracts:renew", args=[old.pk]),
        {
            "number": "800/002/DPMPPA/2025",
            "signed_on": "2024-12-20",
            "signed_by": "Kepala Dinas",
            "start_date": "2025-01-01",
            "end_date": "2025-12-31",
            "monthly_honorarium": "3200000",
        },
    )
    new = Contract.objects.get(previous=old)
    assert (new.start_date, new.end_date, new.monthly_honorarium, new.posting) == (
        D(2025, 1, 1),
        D(2025, 12, 31),
        3_200_000,
        posting,
    )
    with pytest.raises(ValidationError, match="sudah diperpanjang"):
        services.contract_renew(
            contract=old,
            number="lagi",
            signed_on=D(2025, 1, 1),
            start_date=D(2026, 1, 1),
            end_date=D(2026, 12, 31),
            monthly_honorarium=1,
            by=staff_user,
        )


@pytest.mark.parametrize("chosen", ["", "abc", "٣", "99999999999999999999", "1 OR 1=1"])
def test_the_add_page_answers_404_for_a_facilitator_that_is_not_one(client, staff_user, chosen):
    client.force_login(staff_user)
    response = client.get(reverse("contracts:create"), {"facilitator": chosen})
    assert response.status_code == 404

"""The contract cycle seen from an area: the camat of Pekalongan Barat reads the
contracts and evaluations of the facilitators posted there during each contract's
period, the dashboard's and the facilitator page's panels of the area, and never the
office's payroll (payment details, the honorarium list) nor any of its writes.

The world (tests/areas/conftest.py, 15 March 2024): Ani's contracts of 2023 and
2024, Citra's of 2023 (in Tirto then, in Utara since) are the area's; Dedi's (Timur),
Eko's (the reserve), Budi's of 2018 (before he was posted) and Citra's of 2024 are
not.
"""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import roles
from contracts import services
from contracts.models import Contract, Evaluation, HonorariumListDownload, PaymentDetails
from registry.masking import mask_account
from registry.models import Disclosure
from tests.areas.conftest import BARAT, TIMUR, UTARA, D
from tests.conftest import make_user
from tests.reports.read import csv_table, pdf_text, xlsx_sheet

pytestmark = pytest.mark.django_db

ANI_2023, ANI_2024, CITRA_2023 = "800/101/DPMPPA/2023", "800/102/DPMPPA/2024", "800/301/DPMPPA/2023"
DEDI_2023, DEDI_2024 = "800/441/DPMPPA/2023", "800/442/DPMPPA/2024"
EKO_2024, BUDI_2018, CITRA_2024 = (
    "800/551/DPMPPA/2024",
    "800/218/DPMPPA/2018",
    "800/302/DPMPPA/2024",
)
OUTSIDE = [DEDI_2023, DEDI_2024, EKO_2024, BUDI_2018, CITRA_2024]
PAYROLL_PAGES = [
    *[f"contracts:honorarium{form}" for form in ("", "-pdf", "-xlsx", "-csv")],
]


def grant(user, *codes: str):
    """Permissions given to the account itself, beside its role's (a mistake the
    office's rules must survive)."""
    for code in codes:
        app, codename = code.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return type(user).objects.get(pk=user.pk)  # no stale permission cache


def numbers_on(text: str) -> set[str]:
    every = [ANI_2023, ANI_2024, CITRA_2023, *OUTSIDE]
    return {number for number in every if number in text}


def test_the_camat_lists_the_contracts_of_their_area_only(client, world, camat):
    client.force_login(camat)
    page = client.get(reverse("contracts:list"))
    assert page.status_code == 200
    assert page.text.count('data-testid="contract-row"') == 3
    assert numbers_on(page.text) == {ANI_2023, ANI_2024, CITRA_2023}
    current = client.get(reverse("contracts:list"), {"state": "current"}).text
    assert numbers_on(current) == {ANI_2024}
    # The office's payroll is not offered.
    assert reverse("contracts:honorarium") not in page.text


def test_the_office_lists_every_contract(client, world, supervisor_user):
    client.force_login(supervisor_user)
    page = client.get(reverse("contracts:list")).text
    assert numbers_on(page) == {ANI_2023, ANI_2024, CITRA_2023, *OUTSIDE}
    assert reverse("contracts:honorarium") in page


def test_a_contract_stays_with_the_area_its_facilitator_served_in_under_it(client, world, camat):
    client.force_login(camat)
    citra_2023, ani_2023 = world.contracts.inside[2], world.contracts.inside[0]
    page = client.get(citra_2023.get_absolute_url())
    assert page.status_code == 200
    assert "Citra Pindahan" in page.text
    # She has left the area: her name is not a link to a page that would answer 404,
    # and her renewal, of her time in Utara, is said to be outside the area, unnamed.
    assert world.moved.get_absolute_url() not in page.text
    assert CITRA_2024 not in page.text
    assert "kontrak di luar wilayah Anda" in page.text
    # Ani's 2023 contract links its renewal, the area's too.
    assert (
        world.contracts.inside[1].get_absolute_url() in client.get(ani_2023.get_absolute_url()).text
    )
    for contract in world.contracts.outside:
        assert client.get(contract.get_absolute_url()).status_code == 404
        assert client.get(reverse("contracts:history", args=[contract.pk])).status_code == 404


def test_the_decree_of_a_contract_of_the_area_is_sent_and_no_other(client, world, camat):
    client.force_login(camat)
    ani = client.get(reverse("contracts:document", args=[world.contracts.inside[1].pk]))
    assert ani.status_code == 200
    assert ani["Content-Type"] == "application/pdf"
    for contract in world.contracts.outside:
        response = client.get(reverse("contracts:document", args=[contract.pk]))
        assert response.status_code == 404


def recap(client, fmt: str = "", **query):
    suffix = f"-{fmt}" if fmt else ""
    return client.get(reverse(f"contracts:evaluation-recap{suffix}"), query)


def test_an_empty_filter_on_the_evaluation_recap_is_the_whole_area_in_every_form(
    client, world, camat
):
    """No period given: this year's contracts (2024) of the area, never the city's."""
    client.force_login(camat)
    page = recap(client)
    assert numbers_on(page.text) == {ANI_2024}
    assert "Wilayah" in page.text and "Kecamatan Pekalongan Barat" in page.text

    table = csv_table(recap(client, "csv"))
    assert [row[1:3] for row in table[1:]] == [["Ani Baratsari", ANI_2024]]

    sheet = xlsx_sheet(recap(client, "xlsx"))
    cells = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert numbers_on(cells) == {ANI_2024}
    assert "Wilayah: Kecamatan Pekalongan Barat" in cells

    text = pdf_text(recap(client, "pdf"))
    assert numbers_on(text) == {ANI_2024}
    assert "Wilayah : Kecamatan Pekalongan Barat" in text
    assert "Kontrak 1" in text  # the total counts the area's contracts

    screen = client.get(reverse("contracts:evaluations")).text
    assert screen.count('data-testid="evaluation-row"') == 1
    assert numbers_on(screen) == {ANI_2024}


def test_the_recap_of_a_past_period_keeps_who_served_in_the_area_then(client, world, camat):
    client.force_login(camat)
    period = {"start": "2023-01-01", "end": "2023-12-31"}
    table = csv_table(recap(client, "csv", **period))
    assert [row[1:3] for row in table[1:]] == [
        ["Ani Baratsari", ANI_2023],
        ["Citra Pindahan", CITRA_2023],
    ]
    text = pdf_text(recap(client, "pdf", **period))
    # Totals over the area: two contracts, both evaluated and recommended, Ani's renewed.
    for label, number in [
        ("Kontrak", 2),
        ("Yang dinilai", 2),
        ("Direkomendasikan diperpanjang", 2),
        ("Diperpanjang", 2),
    ]:
        assert f"{label} {number}" in text
    assert DEDI_2023 not in text


def test_the_recaps_kecamatan_filter_is_where_each_contracts_facilitator_served(
    client, world, camat, supervisor_user
):
    """2023: Ani and Citra served in Barat (Citra moved to Utara in 2024), Dedi in Timur."""
    period = {"start": "2023-01-01", "end": "2023-12-31"}
    client.force_login(supervisor_user)
    for code, numbers in [
        (BARAT, [ANI_2023, CITRA_2023]),
        (TIMUR, [DEDI_2023]),
        (UTARA, []),
    ]:
        table = csv_table(recap(client, "csv", **period, kecamatan=code))
        assert [row[2] for row in table[1:]] == numbers
    # The camat: their own kecamatan is their whole area; another is not a choice.
    client.force_login(camat)
    page = recap(client, **period, kecamatan=BARAT).text
    # Ani's renewal is named, Citra's (of her time in Utara) is not.
    assert numbers_on(page) == {ANI_2023, CITRA_2023, ANI_2024}
    assert "Kecamatan Pekalongan Barat" in page
    for fmt in ["", "pdf", "xlsx", "csv"]:
        assert recap(client, fmt, **period, kecamatan=TIMUR).status_code == 400


def test_evaluation_sheets_outside_the_area_answer_404(client, world, camat):
    client.force_login(camat)
    for evaluation in world.contracts.inside_evaluations:
        for name in ("contracts:evaluation-sheet", "contracts:evaluation-sheet-pdf"):
            assert client.get(reverse(name, args=[evaluation.pk])).status_code == 200
    for evaluation in world.contracts.outside_evaluations:
        for name in ("contracts:evaluation-sheet", "contracts:evaluation-sheet-pdf"):
            assert client.get(reverse(name, args=[evaluation.pk])).status_code == 404


def test_the_dashboard_shows_the_areas_contract_panels(client, world, camat, supervisor_user):
    client.force_login(camat)
    page = client.get(reverse("home:index")).text
    ending = page.split('data-testid="contracts-ending"')[1].split("</section>")[0]
    assert numbers_on(ending) == {ANI_2024}
    without = page.split('data-testid="posted-without-contract"')[1].split("</section>")[0]
    assert "Budi Baratjaya" in without
    assert "Citra Pindahan" not in without  # posted in Utara now, without a contract

    client.force_login(supervisor_user)
    page = client.get(reverse("home:index")).text
    ending = page.split('data-testid="contracts-ending"')[1].split("</section>")[0]
    assert numbers_on(ending) == {ANI_2024, DEDI_2024}
    assert "Citra Pindahan" in page.split('data-testid="posted-without-contract"')[1]


def test_the_facilitator_page_shows_the_areas_contracts_and_no_payment_details(
    client, world, camat
):
    client.force_login(camat)
    budi = client.get(world.inside_too.get_absolute_url()).text
    assert BUDI_2018 not in budi  # his contract before he was posted is the office's
    # His posting in the area has no contract: the gap is the area's to know.
    assert 'data-testid="uncovered-posting"' in budi
    ani = client.get(world.inside.get_absolute_url()).text
    assert numbers_on(ani) == {ANI_2023, ANI_2024}
    assert "Data pembayaran" not in ani
    assert 'data-testid="payment-details"' not in ani
    assert "0011" not in ani  # her account number, even masked
    assert reverse("contracts:payment", args=[world.inside.pk]) not in ani


def test_the_payroll_is_refused_to_an_area_account_even_when_granted_to_it(client, world, camat):
    """Typed by hand, and with the permissions given to the account itself."""
    assert not camat.has_perm(roles.VIEW_HONORARIUM_LIST)
    assert not camat.has_perm(roles.VIEW_PAYMENT_DETAILS)
    granted = grant(
        camat, roles.VIEW_HONORARIUM_LIST, roles.VIEW_PAYMENT_DETAILS, roles.MANAGE_PAYMENT_DETAILS
    )
    assert granted.has_perm(roles.VIEW_HONORARIUM_LIST)
    for user in (camat, granted):
        client.force_login(user)
        for name in PAYROLL_PAGES:
            for query in ({}, {"month": "2024-02"}):
                response = client.get(reverse(name), query)
                assert response.status_code == 403, name
                assert "9876500011" not in response.content.decode()
        for facilitator in (world.inside, world.outside):
            form = reverse("contracts:payment", args=[facilitator.pk])
            reveal = reverse("contracts:payment-reveal", args=[facilitator.pk])
            assert client.get(form).status_code == 403
            assert client.post(form, {"bank_name": "Bank Lain"}).status_code == 403
            assert client.post(reveal).status_code == 403
        page = client.get(world.inside.get_absolute_url()).text
        assert 'data-testid="payment-details"' not in page
    assert not HonorariumListDownload.objects.exists()
    assert not Disclosure.objects.filter(data=Disclosure.Data.PAYMENT).exists()
    assert list(PaymentDetails.objects.values_list("account_number", flat=True).order_by("pk")) == [
        "9876500011",
        "9876500044",
    ]


def test_contract_writes_stay_with_the_office_even_for_a_coordinator_granted_them(
    client, world, coordinator
):
    coordinator = grant(
        coordinator,
        roles.MANAGE_CONTRACTS,
        "contracts.change_contract",
        roles.EVALUATE,
        roles.MANAGE_PAYMENT_DETAILS,
    )
    assert coordinator.has_perms([roles.MANAGE_CONTRACTS, roles.EVALUATE])
    client.force_login(coordinator)
    ani_2024 = world.contracts.inside[1]
    before = list(Contract.objects.values_list("pk", "number", "end_date", "previous_id"))
    evaluations = list(Evaluation.objects.values_list("pk", "recommendation", "final_score"))
    contract_form = {
        "kind": "sk",
        "number": "800/999/DPMPPA/2024",
        "signed_on": "2024-03-15",
        "signed_by": "Camat",
        "start_date": "2024-05-01",
        "end_date": "2025-04-30",
        "monthly_honorarium": "9000000",
        "facilitator": world.inside.pk,
    }
    for url in (
        reverse("contracts:create") + f"?facilitator={world.inside.pk}",
        reverse("contracts:update", args=[ani_2024.pk]),
        reverse("contracts:renew", args=[ani_2024.pk]),
        reverse("contracts:evaluate", args=[ani_2024.pk]),
        reverse("contracts:renew-recommended"),
    ):
        assert client.get(url).status_code in (403, 405), url
        post = {**contract_form, "recommendation": "no_renewal", "period_start": "2023-01-01"}
        assert client.post(url, post).status_code == 403, url
    page = client.get(ani_2024.get_absolute_url()).text
    assert reverse("contracts:update", args=[ani_2024.pk]) not in page
    assert reverse("contracts:evaluate", args=[ani_2024.pk]) not in page
    assert list(Contract.objects.values_list("pk", "number", "end_date", "previous_id")) == before
    assert list(Evaluation.objects.values_list("pk", "recommendation", "final_score")) == (
        evaluations
    )


def test_the_services_refuse_an_area_account_from_any_way_in(world, coordinator):
    """A command or an import calling the services with an area account's name."""
    ani_2024 = world.contracts.inside[1]
    writes = [
        lambda: services.contract_create(
            facilitator=world.inside,
            number="800/999/DPMPPA/2024",
            signed_on=D(2024, 3, 15),
            start_date=D(2024, 5, 1),
            end_date=D(2025, 4, 30),
            monthly_honorarium=1,
            by=coordinator,
        ),
        lambda: services.contract_update(
            contract=ani_2024, changes={"monthly_honorarium": 1}, by=coordinator
        ),
        lambda: services.contract_renew(
            contract=ani_2024,
            number="800/999/DPMPPA/2024",
            signed_on=D(2024, 3, 15),
            start_date=D(2024, 5, 1),
            end_date=D(2025, 4, 30),
            monthly_honorarium=1,
            by=coordinator,
        ),
        lambda: services.contracts_renew_recommended(
            period_start=D(2023, 1, 1),
            period_end=D(2023, 12, 31),
            number="800/999/DPMPPA/2024",
            signed_on=D(2024, 3, 15),
            signed_by="Camat",
            by=coordinator,
        ),
        lambda: services.evaluation_save(
            contract=ani_2024,
            scores={},
            recommendation="no_renewal",
            day=D(2024, 3, 15),
            by=coordinator,
        ),
        lambda: services.payment_details_save(
            facilitator=world.inside,
            bank_name="Bank Lain",
            account_number="1112223334",
            account_holder="Orang Lain",
            by=coordinator,
        ),
        lambda: services.honorarium_list_opened(
            month=D(2024, 2, 1), form="csv", facilitators=[world.inside], by=coordinator
        ),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    assert Contract.objects.count() == 8
    assert ani_2024.monthly_honorarium == Contract.objects.get(pk=ani_2024.pk).monthly_honorarium
    assert PaymentDetails.objects.get(facilitator=world.inside).account_number == "9876500011"
    assert not HonorariumListDownload.objects.exists()


def test_contract_reminders_never_go_to_an_account_with_an_area(world, staff_user):
    """The reminders name the whole city's facilitators: an area account in the staff's
    group by mistake gets none."""
    staff_user.email = "staf@contoh.id"
    staff_user.save(update_fields=["email"])
    make_user("camat.bingung", roles.STAFF, area="33.75.01", email="camat@contoh.id")
    planned = services.contract_reminders_plan(day=D(2024, 3, 15))
    assert len(planned) == 2
    outcomes = services.contract_reminders_deliver(day=D(2024, 3, 15))
    assert [outcome.sent for outcome in outcomes] == [True, True]
    bodies = " ".join(message.body for message in mail.outbox)
    assert ANI_2024 in bodies and DEDI_2024 in bodies
    assert {address for message in mail.outbox for address in message.to} == {"staf@contoh.id"}


def history_section(response) -> str:
    """The "Riwayat perubahan" section of a page."""
    assert response.status_code == 200
    return response.text.split('id="change-history-heading"')[1].split("</section>")[0]


def test_the_facilitators_history_tells_their_contracts_evaluations_and_payment_details(
    client, world, supervisor_user
):
    client.force_login(supervisor_user)
    history = history_section(
        client.get(reverse("audit:facilitator-history", args=[world.inside.pk]))
    )
    assert f"Kontrak {ANI_2023}: dibuat" in history
    assert f"Kontrak {ANI_2024}: dibuat" in history
    assert f"Penilaian kontrak {ANI_2023}: dibuat" in history
    assert "Rekomendasi" in history  # the evaluation's own fields
    assert "Data pembayaran: dibuat" in history
    assert mask_account("9876500011") in history
    assert "9876500011" not in history  # the payroll's numbers masked, as everywhere
    # The facilitator's page shows the newest of the same rows.
    page = history_section(client.get(world.inside.get_absolute_url()))
    assert f"Kontrak {ANI_2024}: dibuat" in page
    assert "9876500011" not in page


def test_an_area_reads_the_contract_history_of_its_area_and_never_the_payroll(client, world, camat):
    client.force_login(camat)
    ani = history_section(client.get(reverse("audit:facilitator-history", args=[world.inside.pk])))
    assert numbers_on(ani) == {ANI_2023, ANI_2024}
    assert f"Penilaian kontrak {ANI_2023}" in ani
    assert "Data pembayaran" not in ani and "0011" not in ani
    # Budi's contract from before he was posted in the area is the office's alone.
    budi = client.get(reverse("audit:facilitator-history", args=[world.inside_too.pk]))
    assert BUDI_2018 not in history_section(budi)
    # Given the payroll's permission by hand, an area still reads no payment details.
    client.force_login(grant(camat, roles.VIEW_PAYMENT_DETAILS))
    ani = history_section(client.get(reverse("audit:facilitator-history", args=[world.inside.pk])))
    assert "Data pembayaran" not in ani and "0011" not in ani


def test_a_reader_of_the_register_without_contracts_sees_no_contract_history(client, world):
    reader = grant(make_user("pembaca.register"), roles.VIEW_REGISTER)
    client.force_login(reader)
    for url in (
        reverse("audit:facilitator-history", args=[world.inside.pk]),
        world.inside.get_absolute_url(),
    ):
        history = history_section(client.get(url))
        assert numbers_on(history) == set()
        assert "Kontrak" not in history and "Data pembayaran" not in history

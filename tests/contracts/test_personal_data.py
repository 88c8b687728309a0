"""Payment details are personal data: masked in every list, whole only on the
staff's honorarium list (masked on the supervisor's), in the staff form and on a
recorded reveal; never in a URL or a
log; their document and pages closed to anyone else."""

import datetime
import logging
import re

import pytest
from django.urls import reverse

from contracts.models import PaymentDetails
from registry.models import Disclosure
from tests.conftest import make_user
from tests.contracts.conftest import ACCOUNT, make_contract, pdf_upload
from tests.reports.read import csv_table, pdf_pages, xlsx_sheet

pytestmark = pytest.mark.django_db

NPWP = "123456789012345"


@pytest.fixture
def on_file(posting, payment, staff_user, supervisor_user, criteria):
    from contracts import services

    contract = make_contract(
        posting.facilitator,
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
        by=staff_user,
        document=pdf_upload(),
    )
    services.evaluation_save(
        contract=contract,
        scores={c.pk: 80 for c in criteria},
        recommendation="renew",
        day=datetime.date(2025, 1, 5),
        by=supervisor_user,
    )
    return contract


def pages_without_the_whole_number(posting, contract) -> list[str]:
    facilitator = posting.facilitator
    return [
        reverse("home:index"),
        reverse("home:facilitator-list"),
        reverse("home:facilitator-detail", args=[facilitator.pk]),
        reverse("audit:facilitator-history", args=[facilitator.pk]),
        reverse("contracts:list"),
        reverse("contracts:detail", args=[contract.pk]),
        reverse("contracts:history", args=[contract.pk]),
        reverse("contracts:evaluations") + "?start=2024-01-01&end=2024-12-31",
        reverse("contracts:evaluation-recap") + "?start=2024-01-01&end=2024-12-31",
        reverse("contracts:evaluation-sheet", args=[contract.evaluation.pk]),
        reverse("admin:contracts_paymentdetails_changelist"),
        reverse("admin:contracts_paymentdetails_change", args=[facilitator.payment_details.pk]),
    ]


def test_no_list_or_page_shows_the_whole_account_number_or_npwp(
    client, staff_user, administrator, posting, on_file
):
    for user in [staff_user, administrator]:
        client.force_login(user)
        for url in pages_without_the_whole_number(posting, on_file):
            response = client.get(url)
            assert response.status_code == 200, url
            assert ACCOUNT not in response.text, url
            assert NPWP not in response.text, url
    client.force_login(staff_user)
    page = client.get(reverse("home:facilitator-detail", args=[posting.facilitator.pk])).text
    assert "•••••••••0123" in page  # masked: the last four digits
    assert not Disclosure.objects.filter(data=Disclosure.Data.PAYMENT).exists()


def test_the_history_of_payment_details_is_masked(client, staff_user, payment):
    from contracts import services

    services.payment_details_save(
        facilitator=payment.facilitator,
        bank_name="Bank BRI",
        account_number="5550001112223",
        account_holder="Ahmad",
        npwp="",
        by=staff_user,
    )
    client.force_login(staff_user)
    page = client.get(reverse("contracts:payment", args=[payment.facilitator.pk])).text
    history = page.split('id="change-history-heading"')[1]
    assert "Bank BRI" in history and "•••••••••2223" in history and "•••••••••0123" in history
    assert "5550001112223" not in history and ACCOUNT not in history


def test_staff_see_it_whole_only_by_asking_and_each_time_is_recorded(
    client, staff_user, posting, payment
):
    client.force_login(staff_user)
    url = reverse("contracts:payment-reveal", args=[posting.facilitator.pk])
    assert client.get(url).status_code == 405  # never by a link that could be logged
    response = client.post(url)
    assert f'data-testid="account-number">{ACCOUNT}<' in response.text
    form = client.get(reverse("contracts:payment", args=[posting.facilitator.pk])).text
    assert f'value="{ACCOUNT}"' in form
    assert list(
        Disclosure.objects.filter(data=Disclosure.Data.PAYMENT)
        .order_by("at", "pk")
        .values_list("user", "facilitator", "via")
    ) == [
        (staff_user.pk, posting.facilitator.pk, Disclosure.Via.PAYMENT_REVEAL),
        (staff_user.pk, posting.facilitator.pk, Disclosure.Via.PAYMENT_FORM),
    ]


def test_staff_keep_the_details_and_a_bad_number_changes_nothing(client, staff_user, payment):
    client.force_login(staff_user)
    url = reverse("contracts:payment", args=[payment.facilitator.pk])
    response = client.post(
        url,
        {
            "bank_name": "Bank Jateng",
            "account_number": "12-34",
            "account_holder": "Ahmad",
            "npwp": "",
        },
    )
    assert response.status_code == 200
    assert "Nomor rekening terdiri atas 5 sampai 20 angka" in response.text
    assert PaymentDetails.objects.get().account_number == ACCOUNT
    response = client.post(
        url,
        {
            "bank_name": "Bank Jateng",
            "account_number": "9876543210",
            "account_holder": "Ahmad",
            "npwp": "",
        },
    )
    assert response.status_code == 302
    assert PaymentDetails.objects.get().account_number == "9876543210"
    assert PaymentDetails.history.first().history_user == staff_user


def test_no_account_number_reaches_a_url_or_a_log(
    client, staff_user, supervisor_user, posting, on_file, caplog
):
    caplog.set_level(logging.DEBUG)
    urls = []
    for user in [staff_user, supervisor_user]:
        client.force_login(user)
        for url in [
            *pages_without_the_whole_number(posting, on_file)[:-2],
            reverse("contracts:honorarium") + "?month=2024-03",
            reverse("contracts:honorarium-csv") + "?month=2024-03",
            reverse("contracts:payment", args=[posting.facilitator.pk]),
        ]:
            response = client.get(url)
            urls.append(url)
            if response.get("Content-Type", "").startswith("text/html"):
                urls += re.findall(r'(?:href|src|action)="([^"]*)"', response.content.decode())
    client.force_login(staff_user)
    # A refused form logs nothing of what was typed either.
    client.post(
        reverse("contracts:payment", args=[posting.facilitator.pk]),
        {"bank_name": "", "account_number": ACCOUNT + "x", "account_holder": "", "npwp": NPWP},
    )
    client.post(reverse("contracts:payment-reveal", args=[posting.facilitator.pk]))
    assert urls and not [url for url in urls if ACCOUNT in url or NPWP in url]
    assert ACCOUNT not in caplog.text and NPWP not in caplog.text


def test_the_honorarium_list_shows_the_whole_number(client, staff_user, posting, on_file):
    client.force_login(staff_user)
    page = client.get(reverse("contracts:honorarium") + "?month=2024-03").text
    assert ACCOUNT in page and NPWP in page


def honorarium_in_every_form(client) -> dict[str, str]:
    url = "contracts:honorarium{}"
    month = "?month=2024-03"
    csv = csv_table(client.get(reverse(url.format("-csv")) + month))
    sheet = xlsx_sheet(client.get(reverse(url.format("-xlsx")) + month))
    return {
        "page": client.get(reverse(url.format("")) + month).text,
        "pdf": "".join(pdf_pages(client.get(reverse(url.format("-pdf")) + month))),
        "xlsx": " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value),
        "csv": " ".join(cell for row in csv for cell in row),
    }


def test_the_supervisor_gets_the_honorarium_list_masked_in_every_form(
    client, supervisor_user, posting, on_file
):
    """As on the facilitator's page, which shows the supervisor the masked numbers
    and refuses the whole ones: the same rule, the same masks."""
    details = PaymentDetails.objects.get()
    client.force_login(supervisor_user)
    for form, text in honorarium_in_every_form(client).items():
        assert ACCOUNT not in text and NPWP not in text, form
        assert details.masked_account in text, form
    facilitator_page = client.get(reverse("home:facilitator-detail", args=[posting.facilitator.pk]))
    assert details.masked_account in facilitator_page.text
    reveal = client.post(reverse("contracts:payment-reveal", args=[posting.facilitator.pk]))
    assert reveal.status_code == 403
    # Nothing was shown whole, so nothing is recorded as seen.
    assert not Disclosure.objects.filter(data=Disclosure.Data.PAYMENT).exists()


# Who reaches the scanned decree and the payment details ------------------------


def test_the_facilitator_and_the_office_get_the_scanned_decree(
    client, posting, on_file, staff_user, supervisor_user
):
    url = reverse("contracts:document", args=[on_file.pk])
    for user in [posting.facilitator.user, staff_user, supervisor_user]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(posting.facilitator.user)
    assert url in client.get(reverse("home:me")).text  # from their own page


def test_anyone_else_gets_404_for_the_decree(client, posting, on_file, other_facilitator):
    url = reverse("contracts:document", args=[on_file.pk])
    nobody = make_user("tanpa.peran")  # signed in, supervising nothing
    answers = [client.get(url).status_code]
    for user in [other_facilitator.user, nobody]:
        client.force_login(user)
        answers.append(client.get(url).status_code)
    assert answers == [404, 404, 404]


def test_nobody_else_reaches_the_payment_details(
    client, posting, payment, other_facilitator, supervisor_user
):
    nobody = make_user("tanpa.peran")
    pages = [
        reverse("contracts:payment", args=[posting.facilitator.pk]),
        reverse("contracts:honorarium") + "?month=2024-03",
    ]
    answers = [client.get(url).status_code for url in pages]
    for user in [other_facilitator.user, nobody, posting.facilitator.user]:
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            answers.append(response.status_code)
            assert ACCOUNT not in response.text
        response = client.post(reverse("contracts:payment-reveal", args=[posting.facilitator.pk]))
        answers.append(response.status_code)
        assert ACCOUNT not in response.text
    client.force_login(supervisor_user)  # reads the list, does not keep the details
    answers.append(client.get(pages[0]).status_code)
    assert answers == [302, 302] + [403, 403, 403] * 3 + [403]
    assert not Disclosure.objects.exists()

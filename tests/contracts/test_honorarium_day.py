"""The honorarium list tells the truth of its day: a month not over is never listed
as paid; a month is taxed at the rates dated for it, whenever its list is made; and a
list once issued is the same document at every download, whatever changes after."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import MonthlyReport
from contracts import services
from contracts.models import (
    HonorariumListDownload,
    HonorariumSigners,
    IssuedHonorariumList,
    TaxRate,
)
from contracts.selectors import IssuedListAltered, honorarium_lines
from registry.factories import KecamatanFactory
from tests.contracts.conftest import make_contract
from tests.reports.read import body_of, csv_table, pdf_text, rows_after_header, xlsx_sheet

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
D = datetime.date
OCTOBER, NOVEMBER, DECEMBER = D(2026, 10, 1), D(2026, 11, 1), D(2026, 12, 1)
FORMS = ["html", "pdf", "xlsx", "csv"]


def at(day: datetime.date, hour: int = 9):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), JAKARTA), tick=False
    )


def url(fmt: str, month: datetime.date) -> str:
    name = "contracts:honorarium" if fmt == "html" else f"contracts:honorarium-{fmt}"
    return reverse(name) + f"?month={month:%Y-%m}"


@pytest.fixture
def paid_months(posting, payment, staff_user):
    """A facilitator with an NPWP under contract all of 2026, October to December
    approved (December's on its 8th day: the report seen on the list that paid it)."""
    make_contract(posting.facilitator, D(2026, 1, 1), D(2026, 12, 31), by=staff_user)
    for month in (OCTOBER, NOVEMBER, DECEMBER):
        MonthlyReport.objects.create(facilitator=posting.facilitator, month=month, state="approved")
    return posting.facilitator


def the_document(client, fmt: str, month: datetime.date):
    """What a reader compares of one form: the page's sheet, the PDF's text, the
    workbook's cells, the CSV's bytes."""
    response = client.get(url(fmt, month))
    assert response.status_code == 200, response.content[:500]
    if fmt == "html":
        return re.search(r'<main class="sheet">.*</main>', response.text, re.S).group(0)
    if fmt == "pdf":
        return pdf_text(response)
    if fmt == "xlsx":
        return list(xlsx_sheet(response).iter_rows(values_only=True))
    return body_of(response)


# A month not over ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMS)
@pytest.mark.parametrize("day", [D(2026, 12, 8), D(2026, 12, 31)])
def test_the_list_of_a_month_not_over_is_refused_in_every_form(
    client, supervisor_user, paid_months, fmt, day
):
    with at(day, hour=23):
        client.force_login(supervisor_user)
        response = client.get(url(fmt, DECEMBER))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Desember 2026 belum berakhir" in text
    assert "1 Januari 2027" in text
    assert "Dibayar" not in text
    assert not HonorariumListDownload.objects.exists()  # nothing was shown


def test_the_list_of_a_month_is_made_the_day_after_its_last(client, supervisor_user, paid_months):
    with at(D(2027, 1, 1), hour=0):
        client.force_login(supervisor_user)
        page = client.get(url("html", DECEMBER)).text
    assert 'data-testid="total-net">2.945.000<' in page  # 3,100,000 less 5 %


def test_no_line_of_a_month_not_over_is_payable_whatever_its_report(paid_months):
    lines = honorarium_lines(DECEMBER, day=D(2026, 12, 31))
    assert [(line.payable, line.net, line.reason) for line in lines] == [
        (False, 0, "Bulan belum berakhir")
    ]
    assert honorarium_lines(DECEMBER, day=D(2027, 1, 1))[0].payable


def test_a_month_not_over_cannot_be_issued(paid_months, staff_user):
    with pytest.raises(ValidationError, match="belum berakhir"):
        services.honorarium_list_issue(month=DECEMBER, day=D(2026, 12, 31), by=staff_user)
    assert not IssuedHonorariumList.objects.exists()


# Dated rates ----------------------------------------------------------------------


def test_a_rate_dated_from_a_later_month_leaves_a_past_months_list_unchanged(
    client, supervisor_user, administrator, paid_months
):
    with at(D(2026, 12, 8)):
        client.force_login(supervisor_user)
        before = {fmt: the_document(client, fmt, OCTOBER) for fmt in FORMS}
        # Today the administrator sets 10 % / 12 % from December on.
        services.tax_rate_save(
            row=TaxRate(
                valid_from=DECEMBER, rate_with_npwp=Decimal(10), rate_without_npwp=Decimal(12)
            ),
            by=administrator,
        )
        after = {fmt: the_document(client, fmt, OCTOBER) for fmt in FORMS}
    for fmt in FORMS:
        assert after[fmt] == before[fmt], fmt
    assert "155.000" in before["html"]  # 5 % of 3,100,000
    with at(D(2027, 1, 2)):
        client.force_login(supervisor_user)
        assert 'data-testid="total-net">2.790.000<' in client.get(url("html", DECEMBER)).text


def test_each_month_is_taxed_at_the_rate_in_force_in_that_month(paid_months):
    TaxRate.objects.create(valid_from=D(2020, 1, 1), rate_with_npwp=5, rate_without_npwp=6)
    TaxRate.objects.create(valid_from=NOVEMBER, rate_with_npwp=Decimal("2.5"), rate_without_npwp=3)
    day = D(2027, 1, 5)
    assert honorarium_lines(OCTOBER, day=day)[0].tax == 155_000
    # From the first day of November: the whole of November at the new rate.
    assert honorarium_lines(NOVEMBER, day=day)[0].tax == 77_500
    assert honorarium_lines(DECEMBER, day=day)[0].tax == 77_500


def test_a_rate_takes_effect_on_the_first_day_of_a_month(administrator):
    with pytest.raises(ValidationError, match="hari pertama"):
        services.tax_rate_save(
            row=TaxRate(valid_from=D(2026, 11, 15), rate_with_npwp=5, rate_without_npwp=6),
            by=administrator,
        )
    assert not TaxRate.objects.exists()


# An issued list -------------------------------------------------------------------


@pytest.fixture
def signers(administrator):
    return services.honorarium_signers_save(
        row=HonorariumSigners(
            valid_from=D(2026, 1, 1),
            head_name="Drs. Lama Sekali",
            head_nip="19700312 199503 1 004",
            treasurer_name="Bendahara Lama",
            treasurer_nip="19850917 201001 1 012",
        ),
        by=administrator,
    )


def test_an_issued_list_is_the_same_document_at_every_download(
    client, staff_user, supervisor_user, administrator, paid_months, signers, payment
):
    with at(D(2026, 11, 5)):
        services.honorarium_list_issue(month=OCTOBER, day=D(2026, 11, 5), by=staff_user)
        client.force_login(supervisor_user)
        issued = {fmt: the_document(client, fmt, OCTOBER) for fmt in FORMS}

    # Everything the list was made from changes afterwards.
    services.honorarium_signers_save(
        row=HonorariumSigners(
            valid_from=D(2026, 12, 1), head_name="Dr. Baru", treasurer_name="Baru"
        ),
        by=administrator,
    )
    services.payment_details_save(
        facilitator=paid_months,
        bank_name="Bank Lain",
        account_number="5555555555",
        account_holder="Orang Lain",
        npwp="",
        by=staff_user,
    )
    MonthlyReport.objects.filter(month=OCTOBER).update(state="returned")

    with at(D(2026, 12, 8)):
        client.force_login(supervisor_user)
        later = {fmt: the_document(client, fmt, OCTOBER) for fmt in FORMS}
    for fmt in FORMS:
        assert later[fmt] == issued[fmt], fmt
    page = later["html"]
    assert "Drs. Lama Sekali" in page and "Dr. Baru" not in page
    assert "Bank Jateng" in page and "Bank Lain" not in page
    assert "5 November 2026" in page  # the day it was issued, beside the signers
    digest = IssuedHonorariumList.objects.get().digest
    assert f"SHA-256 {digest}" in page
    table = csv_table(client.get(url("csv", OCTOBER)))
    assert table[1][11:15] == ["3100000", "5,0", "155000", "2945000"]
    sheet = xlsx_sheet(client.get(url("xlsx", OCTOBER)))
    assert rows_after_header(sheet)[0][15] == "Ya"


def test_a_rate_in_force_for_an_issued_month_is_never_changed(
    client, staff_user, administrator, paid_months
):
    rate = services.tax_rate_save(
        row=TaxRate(valid_from=D(2026, 1, 1), rate_with_npwp=5, rate_without_npwp=6),
        by=administrator,
    )
    services.honorarium_list_issue(month=OCTOBER, day=D(2026, 11, 5), by=staff_user)
    # Neither a new rate from the issued month, nor a change of the rate that covers it.
    with pytest.raises(ValidationError, match="Oktober 2026"):
        services.tax_rate_save(
            row=TaxRate(valid_from=OCTOBER, rate_with_npwp=10, rate_without_npwp=12),
            by=administrator,
        )
    rate.rate_with_npwp = Decimal(10)
    with pytest.raises(ValidationError, match="November 2026"):
        services.tax_rate_save(row=rate, by=administrator)
    # From the next month on it is allowed.
    services.tax_rate_save(
        row=TaxRate(valid_from=NOVEMBER, rate_with_npwp=10, rate_without_npwp=12),
        by=administrator,
    )
    # The admin goes through the same rule: its form says why, nothing is saved.
    client.force_login(administrator)
    response = client.post(
        reverse("admin:contracts_taxrate_add"),
        {"valid_from": "2026-09-01", "rate_with_npwp": "7", "rate_without_npwp": "8"},
    )
    assert response.status_code == 200
    assert "Oktober 2026" in response.text
    assert TaxRate.objects.filter(valid_from=D(2026, 9, 1)).count() == 0


def test_a_month_is_issued_once_by_the_office(paid_months, staff_user, client):
    with at(D(2026, 11, 5)):
        client.force_login(staff_user)
        page = client.get(url("html", OCTOBER)).text
        assert 'data-testid="issue"' in page
        response = client.post(reverse("contracts:honorarium-issue"), {"month": "2026-10"})
        assert response.status_code == 302
        assert 'data-testid="issue"' not in client.get(url("html", OCTOBER)).text
    with pytest.raises(ValidationError, match="sudah diterbitkan"):
        services.honorarium_list_issue(month=OCTOBER, day=D(2026, 11, 6), by=staff_user)


def test_a_supervisor_cannot_issue_a_list(paid_months, supervisor_user, client):
    client.force_login(supervisor_user)
    response = client.post(reverse("contracts:honorarium-issue"), {"month": "2026-10"})
    assert response.status_code == 403
    assert not IssuedHonorariumList.objects.exists()


def test_an_issued_list_altered_in_the_database_is_not_shown(paid_months, staff_user):
    issued = services.honorarium_list_issue(month=OCTOBER, day=D(2026, 11, 5), by=staff_user)
    content = issued.content
    content["lines"][0]["gross"] = 9_999_999
    IssuedHonorariumList.objects.filter(pk=issued.pk).update(content=content)
    from contracts.reports import HonorariumReport

    with pytest.raises(IssuedListAltered):
        HonorariumReport(month=OCTOBER)


def test_an_issued_list_filtered_by_kecamatan_keeps_the_lines_of_that_kecamatan(
    client, staff_user, paid_months, posting
):
    services.honorarium_list_issue(month=OCTOBER, day=D(2026, 11, 5), by=staff_user)
    other = KecamatanFactory()
    client.force_login(staff_user)
    own = client.get(url("html", OCTOBER) + f"&kecamatan={posting.kelurahan.kecamatan.code}")
    elsewhere = client.get(url("html", OCTOBER) + f"&kecamatan={other.code}")
    assert own.text.count('data-testid="honorarium-line"') == 1
    assert elsewhere.text.count('data-testid="honorarium-line"') == 0


@pytest.mark.parametrize(
    "day, payable", [(D(2024, 2, 28), False), (D(2024, 2, 29), False), (D(2024, 3, 1), True)]
)
def test_a_leap_february_is_paid_from_the_first_of_march(posting, staff_user, day, payable):
    february = D(2024, 2, 1)
    make_contract(posting.facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user)
    MonthlyReport.objects.create(facilitator=posting.facilitator, month=february, state="approved")
    (line,) = honorarium_lines(february, day=day)
    assert (line.payable, line.days, line.days_in_month) == (payable, 29, 29)


def test_a_list_not_issued_prints_the_signers_in_force_on_its_day(
    client, supervisor_user, administrator, paid_months, signers
):
    services.honorarium_signers_save(
        row=HonorariumSigners(valid_from=D(2026, 12, 1), head_name="Dr. Baru"),
        by=administrator,
    )
    with at(D(2026, 11, 30)):
        client.force_login(supervisor_user)
        november_30 = client.get(url("html", OCTOBER)).text
    with at(D(2026, 12, 1)):
        client.force_login(supervisor_user)
        december_1 = client.get(url("html", OCTOBER)).text
    assert "Drs. Lama Sekali" in november_30 and "Dr. Baru" not in november_30
    assert "Dr. Baru" in december_1 and "Drs. Lama Sekali" not in december_1
    assert "Pekalongan, 1 Desember 2026" in december_1

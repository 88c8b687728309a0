"""The monthly honorarium list: pro-rated, taxed, paid only on an approved monthly
report (each other case with its reason), its total in words, in four forms, and
every opening recorded because it lists account numbers."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import MonthlyReport
from assignments.factories import AssignmentFactory
from contracts import services
from contracts.models import HonorariumListDownload, TaxRate
from contracts.selectors import honorarium_lines
from jobs.models import Job
from registry.models import Disclosure
from tests.contracts.conftest import make_contract
from tests.jobs.worker import run_queued_tasks
from tests.reports.read import ask_in_background, csv_table, pdf_text, rows_after_header, xlsx_sheet

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2024, 3, 1)
TODAY = datetime.date(2026, 12, 8)
YEAR = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


@pytest.fixture
def month(staff_user):
    """March 2024: seven posted facilitators, each case of the list once."""
    people = {}
    cases = [
        # name, contract start, report state, NPWP
        ("Ani", datetime.date(2024, 3, 10), "approved", "123456789012345"),
        ("Budi", YEAR[0], "verified", "223456789012345"),
        ("Citra", YEAR[0], "returned", ""),
        ("Dodi", YEAR[0], None, ""),
        ("Eka", YEAR[0], "draft", ""),
        ("Fajar", None, "approved", ""),
        ("Gita", YEAR[0], "approved", ""),
    ]
    for number, (name, start, state, npwp) in enumerate(cases, start=1):
        facilitator = AssignmentFactory(
            facilitator__name=name, start_date=datetime.date(2023, 1, 2)
        ).facilitator
        if start:
            make_contract(
                facilitator,
                start,
                YEAR[1],
                honorarium=3_100_000 if name == "Ani" else 2_750_000,
                by=staff_user,
                number=f"SK-{name}",
            )
        services.payment_details_save(
            facilitator=facilitator,
            bank_name="Bank Jateng",
            account_number=f"90000000{number:02d}",
            account_holder=name,
            npwp=npwp,
            by=staff_user,
        )
        if state:
            MonthlyReport.objects.create(facilitator=facilitator, month=MARCH, state=state)
        people[name] = facilitator
    return people


def test_only_an_approved_report_pays_and_each_other_case_says_why(month):
    lines = {line.facilitator.name: line for line in honorarium_lines(MARCH, day=TODAY)}
    assert {name: (line.payable, line.reason) for name, line in lines.items()} == {
        "Ani": (True, ""),
        "Budi": (False, "Laporan bulanan belum disetujui"),
        "Citra": (False, "Laporan bulanan dikembalikan"),
        "Dodi": (False, "Laporan bulanan belum ada"),
        "Eka": (False, "Laporan bulanan belum ada"),
        "Fajar": (False, "Tidak ada kontrak"),
        "Gita": (True, ""),
    }
    assert [line.net for line in lines.values() if not line.payable] == [0] * 5


def test_the_first_month_is_pro_rated_and_taxed_at_the_rate_for_its_npwp(month):
    lines = {line.facilitator.name: line for line in honorarium_lines(MARCH, day=TODAY)}
    ani, gita = lines["Ani"], lines["Gita"]
    # From 10 March: 22 of 31 days of 3,100,000; 5 % with an NPWP.
    assert (ani.days, ani.days_in_month, ani.gross, ani.tax, ani.net) == (
        22,
        31,
        2_200_000,
        110_000,
        2_090_000,
    )
    # A whole month; 6 % without an NPWP.
    assert (gita.days, gita.gross, gita.tax, gita.net) == (31, 2_750_000, 165_000, 2_585_000)


def test_the_rate_set_by_the_administrator_is_applied(month):
    TaxRate.objects.create(
        valid_from=MARCH, rate_with_npwp=Decimal("2.50"), rate_without_npwp=Decimal(3)
    )
    lines = {line.facilitator.name: line for line in honorarium_lines(MARCH, day=TODAY)}
    assert (lines["Ani"].tax, lines["Gita"].tax) == (55_000, 82_500)


def test_the_page_totals_the_paid_lines_and_writes_the_total_in_words(client, staff_user, month):
    client.force_login(staff_user)
    page = client.get(reverse("contracts:honorarium") + "?month=2024-03").text
    assert page.count('data-testid="honorarium-line"') == 7
    assert 'data-testid="total-gross">4.950.000<' in page
    assert 'data-testid="total-net">4.675.000<' in page
    assert "Empat juta enam ratus tujuh puluh lima ribu rupiah" in page
    # The rule as the document says it, and the three signers.
    assert ">22/31<" in page  # Ani from 10 March
    assert "Bulan pertama dan terakhir kontrak dibayar menurut hari kalender" in page
    for signer in ["Bendahara Pengeluaran", "Pejabat Pembuat Komitmen", "Kepala Dinas"]:
        assert signer in page


def test_the_workbook_has_numbers_as_numbers_and_the_csv_every_column(client, staff_user, month):
    client.force_login(staff_user)
    sheet = xlsx_sheet(client.get(reverse("contracts:honorarium-xlsx") + "?month=2024-03"))
    rows = {row[1]: row for row in rows_after_header(sheet) if isinstance(row[0], int)}
    ani = rows["Ani"]
    assert ani[5] == "9000000001"  # the account number stays text (leading digits kept)
    assert ani[8:12] == (3_100_000, 22, 31, 2_200_000)
    assert ani[12] == pytest.approx(0.05) and ani[13:15] == (110_000, 2_090_000)
    assert rows["Dodi"][15:] == ("Tidak", "Laporan bulanan belum ada")
    totals = {row[0]: row[1] for row in rows_after_header(sheet) if isinstance(row[0], str)}
    assert totals["Jumlah netto (Rp)"] == 4_675_000
    assert totals["Terbilang"] == "Empat juta enam ratus tujuh puluh lima ribu rupiah"

    table = csv_table(client.get(reverse("contracts:honorarium-csv") + "?month=2024-03"))
    assert table[0][:3] == ["No.", "Fasilitator", "Kelurahan"]
    ani_row = next(row for row in table if row[1] == "Ani")
    assert ani_row[11:15] == ["2200000", "5,0", "110000", "2090000"]


def test_the_pdf_is_the_signed_document(client, supervisor_user, month):
    client.force_login(supervisor_user)
    text = pdf_text(client.get(reverse("contracts:honorarium-pdf") + "?month=2024-03"))
    assert "DAFTAR PENERIMAAN HONORARIUM FASILITATOR KELURAHAN" in text
    assert "Maret 2024" in text
    assert "Empat juta enam ratus tujuh puluh lima ribu rupiah" in text
    assert "Bendahara Pengeluaran" in text and "NIP." in text


def test_every_opening_is_recorded_with_who_when_and_which_month(
    client, staff_user, supervisor_user, month
):
    for user, form in [(staff_user, ""), (supervisor_user, "-csv"), (staff_user, "-xlsx")]:
        client.force_login(user)
        response = client.get(reverse(f"contracts:honorarium{form}") + "?month=2024-03")
        assert response.status_code == 200
    downloads = HonorariumListDownload.objects.order_by("at", "pk")
    assert [(d.user, d.month, d.form) for d in downloads] == [
        (staff_user, MARCH, "html"),
        (supervisor_user, MARCH, "csv"),
        (staff_user, MARCH, "xlsx"),
    ]
    # Each facilitator's account shown whole counts as a disclosure of their payment
    # details: the staff's two openings; the supervisor's list masks them.
    seen = Disclosure.objects.filter(
        data=Disclosure.Data.PAYMENT, via=Disclosure.Via.HONORARIUM_LIST
    )
    assert seen.count() == 2 * 7
    assert not seen.filter(user=supervisor_user).exists()
    assert set(seen.values_list("facilitator__name", flat=True)) == set(month)


def test_a_bad_month_answers_400_and_records_nothing(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("contracts:honorarium") + "?month=2024-13").status_code == 400
    assert client.get(reverse("contracts:honorarium-csv") + "?month=x").status_code == 400
    assert not HonorariumListDownload.objects.exists()


def test_a_list_made_in_the_background_is_recorded_when_made_and_at_each_download(
    client, staff_user, supervisor_user, month, settings
):
    settings.REPORT_CSV_INLINE_CELLS = 1  # every list goes to the queue
    client.force_login(staff_user)
    response = ask_in_background(client, reverse("contracts:honorarium-csv"), {"month": "2024-03"})
    assert response.status_code == 302
    # Queued, not yet seen: nothing disclosed, nothing recorded.
    assert not HonorariumListDownload.objects.exists() and not Disclosure.objects.exists()

    run_queued_tasks()
    job = Job.objects.get()
    seen = Disclosure.objects.filter(
        data=Disclosure.Data.PAYMENT, via=Disclosure.Via.HONORARIUM_LIST, user=staff_user
    )
    assert [(d.user, d.month, d.form) for d in HonorariumListDownload.objects.all()] == [
        (staff_user, MARCH, "csv")
    ]
    assert set(seen.values_list("facilitator__name", flat=True)) == set(month)

    for _ in range(2):
        download = client.get(reverse("jobs:job-file", args=[job.pk]))
        assert "90000000" in b"".join(download.streaming_content).decode("utf-8-sig")
    assert HonorariumListDownload.objects.filter(user=staff_user, form="csv").count() == 3
    assert seen.count() == 3 * 7

    # Anyone else gets 404 and records nothing.
    client.force_login(supervisor_user)
    assert client.get(reverse("jobs:job-file", args=[job.pk])).status_code == 404
    assert HonorariumListDownload.objects.count() == 3

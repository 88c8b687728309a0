"""The evaluation recap and the evaluations page at a national office's size: a
kecamatan filter that every form of the recap applies (page, PDF, XLSX, CSV) and
prints, the page shown 50 lines at a time with links that keep the filter, the long
documents' rules, and the renewal, which takes every contract of the filter (not only
the page shown).

Two kecamatan: 98.01.01 with 60 contracts ending in 2024, 98.01.02 with 3; every
contract evaluated and recommended for renewal."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from assignments.models import Assignment
from contracts.models import Contract
from jobs.models import Job
from registry.models import Kecamatan, Kelurahan
from tests.conftest import make_user
from tests.contracts.test_query_counts import office_data
from tests.jobs.worker import run_queued_tasks
from tests.reports.read import (
    ask_in_background,
    csv_table,
    pdf_text,
    rows_after_header,
    xlsx_sheet,
)

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}
BIG, SMALL = "98.01.01", "98.01.02"
ROW = 'data-testid="evaluation-row"'


@pytest.fixture
def national(supervisor_user, criteria):
    office_data(60, supervisor_user, criteria, kecamatan=BIG)
    office_data(3, supervisor_user, criteria, kecamatan=SMALL)


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def recap(client, fmt: str = "", **query):
    suffix = f"-{fmt}" if fmt else ""
    return client.get(reverse(f"contracts:evaluation-recap{suffix}"), query)


def numbered_rows(text: str) -> list[tuple[int, str]]:
    """(number, contract number) of each line of the recap's page."""
    return [
        (int(number), contract)
        for number, contract in re.findall(
            r'<td class="num">(\d+)</td>\s*<td>[^<]*</td>\s*<td>(SK-[^<]*)</td>', text
        )
    ]


def contracts_of(kecamatan: str) -> list[str]:
    """The kecamatan's contract numbers in the recap's order (by the facilitator's name)."""
    return list(
        Contract.objects.filter(number__startswith=f"SK-{kecamatan}-")
        .order_by("facilitator__name")
        .values_list("number", flat=True)
    )


def test_the_recap_page_shows_fifty_lines_and_links_the_next_page_with_the_filter(staff, national):
    everyone = list(Contract.objects.order_by("facilitator__name").values_list("number", flat=True))
    first = recap(staff, **PERIOD).text
    assert numbered_rows(first) == list(enumerate(everyone[:50], start=1))
    assert "Baris 1–50 dari 63; berkas PDF, XLSX, dan CSV memuat semua baris." in first
    assert "Halaman 1 dari 2" in first
    # The next page keeps the period; the files and the page's own link hold no page.
    assert 'href="?start=2024-01-01&amp;end=2024-12-31&amp;page=2" rel="next"' in first
    second = recap(staff, **PERIOD, page=2).text
    assert numbered_rows(second) == list(enumerate(everyone[50:], start=51))
    assert "Baris 51–63 dari 63" in second
    for fmt in ["pdf", "xlsx", "csv"]:
        link = reverse(f"contracts:evaluation-recap-{fmt}") + "?start=2024-01-01&amp;end=2024-12-31"
        assert f'href="{link}"' in second
    # The totals are the whole recap's, on every page.
    for page in (first, second):
        assert '<th scope="row">Kontrak</th><td>63</td>' in page
        assert '<th scope="row">Direkomendasikan diperpanjang</th><td>63</td>' in page
    # Past the end: the last page; nonsense: the first.
    assert numbered_rows(recap(staff, **PERIOD, page=9).text)[0][0] == 51
    assert numbered_rows(recap(staff, **PERIOD, page="x").text)[0][0] == 1


def test_a_short_recap_is_one_page_without_page_links(staff, national):
    page = recap(staff, **PERIOD, kecamatan=SMALL).text
    assert len(numbered_rows(page)) == 3
    assert "Baris" not in page and 'rel="next"' not in page


@time_machine.travel(datetime.datetime(2024, 12, 2, 9, tzinfo=datetime.UTC), tick=False)
def test_a_page_number_or_a_kecamatan_alone_keeps_this_years_period(staff, national):
    # The links of the default recap (this year) carry the page only.
    first = recap(staff).text
    assert 'href="?page=2" rel="next"' in first
    assert [n for n, _ in numbered_rows(recap(staff, page=2).text)][0] == 51
    alone = recap(staff, kecamatan=SMALL).text
    assert [contract for _, contract in numbered_rows(alone)] == contracts_of(SMALL)
    screen = staff.get(reverse("contracts:evaluations"), {"kecamatan": SMALL}).text
    assert screen.count(ROW) == 3


def test_the_kecamatan_filter_applies_to_every_form_and_is_printed(staff, national):
    small = contracts_of(SMALL)
    page = recap(staff, **PERIOD, kecamatan=SMALL).text
    assert [contract for _, contract in numbered_rows(page)] == small
    assert f"SK-{BIG}-" not in page
    assert '<th scope="row">Kecamatan</th><td>: Kecamatan 98.01.02</td>' in page
    assert '<th scope="row">Kontrak</th><td>3</td>' in page

    table = csv_table(recap(staff, "csv", **PERIOD, kecamatan=SMALL))
    assert [row[2] for row in table[1:]] == small
    response = recap(staff, "csv", **PERIOD, kecamatan=SMALL)
    assert "kecamatan-980102" in response["Content-Disposition"]

    sheet = xlsx_sheet(recap(staff, "xlsx", **PERIOD, kecamatan=SMALL))
    lines = [row for row in rows_after_header(sheet) if isinstance(row[0], int)]
    assert [row[2] for row in lines] == small
    cells = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert "Kecamatan: Kecamatan 98.01.02" in cells
    assert f"SK-{BIG}-" not in cells

    text = pdf_text(recap(staff, "pdf", **PERIOD, kecamatan=SMALL))
    assert all(number in text for number in small)
    assert f"SK-{BIG}-" not in text
    assert "Kecamatan : Kecamatan 98.01.02" in text and "Kontrak 3" in text

    # Without the filter every form holds both kecamatan, the page a page of them.
    whole = csv_table(recap(staff, "csv", **PERIOD))
    assert len(whole) - 1 == 63
    assert "Kecamatan : Semua kecamatan" in pdf_text(recap(staff, "pdf", **PERIOD))


def test_a_contract_is_in_each_kecamatan_its_facilitator_served_in_during_it(staff, national):
    """Moved from 98.01.02 to 98.01.01 in June: their 2024 contract is in both recaps,
    as their evaluation is of the whole year; a posting after the contract counts not."""
    mover = Contract.objects.get(number=f"SK-{SMALL}-0")
    Assignment.objects.filter(facilitator=mover.facilitator).update(
        end_date=datetime.date(2024, 5, 31)
    )
    Assignment.objects.create(
        facilitator=mover.facilitator,
        kelurahan=Kelurahan.objects.create(
            code=f"{BIG}.3000", name="Kelurahan Baru", kecamatan=Kecamatan.objects.get(code=BIG)
        ),
        start_date=datetime.date(2024, 6, 1),
    )
    big = [row[2] for row in csv_table(recap(staff, "csv", **PERIOD, kecamatan=BIG))[1:]]
    small = [row[2] for row in csv_table(recap(staff, "csv", **PERIOD, kecamatan=SMALL))[1:]]
    assert mover.number in big and mover.number in small
    assert len(big) == 61 and len(small) == 3


def test_an_unknown_kecamatan_is_refused_in_every_form(staff, national):
    assert recap(staff, **PERIOD, kecamatan="99.99.99").status_code == 400
    for fmt in ["pdf", "xlsx", "csv"]:
        assert recap(staff, fmt, **PERIOD, kecamatan="99.99.99").status_code == 400


def test_an_area_supervisor_filters_within_their_area_only(client, national):
    camat = make_user("camat.kecil", roles.AREA_SUPERVISOR, area=SMALL)
    client.force_login(camat)
    page = recap(client, **PERIOD).text
    assert [contract for _, contract in numbered_rows(page)] == contracts_of(SMALL)
    assert f"SK-{BIG}-" not in page and "Kecamatan 98.01.01" not in page
    assert "Semua kecamatan di wilayah" in page
    chosen = csv_table(recap(client, "csv", **PERIOD, kecamatan=SMALL))
    assert [row[2] for row in chosen[1:]] == contracts_of(SMALL)
    # Another kecamatan is not a choice of theirs, in any form nor on the evaluations page.
    assert recap(client, **PERIOD, kecamatan=BIG).status_code == 400
    assert recap(client, "csv", **PERIOD, kecamatan=BIG).status_code == 400
    screen = client.get(reverse("contracts:evaluations"), {**PERIOD, "kecamatan": BIG})
    assert screen.status_code == 200 and ROW not in screen.text
    assert "Masukkan pilihan yang valid" in screen.text
    # And they never renew: no renewal form on their page.
    own = client.get(reverse("contracts:evaluations"), PERIOD).text
    assert own.count(ROW) == 3 and "renew-recommended" not in own
    assert reverse("contracts:renew-recommended") not in own


def test_the_long_documents_rules_follow_the_filter(staff, national, settings):
    """63 lines of 12 columns (756 cells): made in the background beyond 100 PDF
    cells, refused beyond 500; the kecamatan's 3 lines (36 cells) made at once."""
    settings.REPORT_PDF_INLINE_CELLS = 100
    settings.REPORT_PDF_MAX_CELLS = 500
    refused = recap(staff, "pdf", **PERIOD)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Laporan ini memuat 63 baris" in text
    assert "Persempit: pilih satu kecamatan atau periode yang lebih pendek." in text
    # The page says so of the PDF, and its own lines are a page: never refused.
    page = recap(staff, **PERIOD).text
    assert "terlalu panjang" in page
    assert recap(staff, "pdf", **PERIOD, kecamatan=SMALL)["Content-Type"] == "application/pdf"

    settings.REPORT_PDF_MAX_CELLS = 80_000
    answer = ask_in_background(
        staff, reverse("contracts:evaluation-recap-pdf"), {**PERIOD, "kecamatan": BIG}
    )
    job = Job.objects.get()
    assert answer.status_code == 302 and job.total == 60
    assert job.arguments["query"] == "start=2024-01-01&end=2024-12-31&kecamatan=98.01.01"
    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert job.state == "done", job.message
    made_text = pdf_text(staff.get(reverse("jobs:job-file", args=[job.pk])))
    assert "Kecamatan : Kecamatan 98.01.01" in made_text and "Kontrak 60" in made_text
    assert f"SK-{SMALL}-" not in made_text


def test_the_evaluations_page_shows_fifty_and_renews_every_page_of_the_filter(staff, national):
    first = staff.get(reverse("contracts:evaluations"), PERIOD).text
    assert first.count(ROW) == 50
    assert "1–50 dari 63, urut nama." in first
    assert 'href="?start=2024-01-01&amp;end=2024-12-31&amp;page=2" rel="next"' in first
    # Every one of the filter is named for renewal, and the page says so.
    assert "63 fasilitator direkomendasikan diperpanjang" in first
    assert "Kontrak di semua halaman daftar ikut diperpanjang" in first
    second = staff.get(reverse("contracts:evaluations"), {**PERIOD, "page": 2}).text
    assert second.count(ROW) == 13
    # The printable recap of the same filter (and page).
    assert "/reports/evaluations/?start=2024-01-01&amp;end=2024-12-31&amp;page=2" in second

    renewed = staff.post(
        reverse("contracts:renew-recommended"),
        {
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "kecamatan": "",
            "number": "800/1/DPMPPA/2025",
            "signed_on": "2024-12-27",
            "signed_by": "Kepala Dinas",
        },
        follow=True,
    )
    assert "63 kontrak diperpanjang dengan SK 800/1/DPMPPA/2025." in renewed.text
    assert Contract.objects.filter(number="800/1/DPMPPA/2025").count() == 63


def test_the_renewal_of_a_filtered_page_takes_that_kecamatan_only(staff, national):
    page = staff.get(reverse("contracts:evaluations"), {**PERIOD, "kecamatan": SMALL}).text
    assert page.count(ROW) == 3
    assert "3 fasilitator direkomendasikan diperpanjang" in page
    assert "Hanya kontrak fasilitator yang bertugas di kecamatan Kecamatan 98.01.02" in page
    assert 'name="kecamatan" value="98.01.02"' in page
    assert "Kontrak di semua halaman" not in page  # one page

    response = staff.post(
        reverse("contracts:renew-recommended"),
        {
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "kecamatan": SMALL,
            "number": "800/2/DPMPPA/2025",
            "signed_on": "2024-12-27",
            "signed_by": "Kepala Dinas",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("contracts:evaluations") + "?start=2024-01-01&end=2024-12-31&kecamatan=98.01.02"
    )
    renewed = Contract.objects.filter(number="800/2/DPMPPA/2025").select_related("previous")
    assert sorted(c.previous.number for c in renewed) == sorted(contracts_of(SMALL))
    after = staff.get(response["Location"]).text
    assert "3 kontrak diperpanjang dengan SK 800/2/DPMPPA/2025." in after
    # The other kecamatan waits for its own decree.
    whole = staff.get(reverse("contracts:evaluations"), PERIOD).text
    assert "60 fasilitator direkomendasikan diperpanjang" in whole

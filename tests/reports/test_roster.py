"""The roster report (Daftar Fasilitator Kelurahan) says the same in every form."""

import datetime

import pytest
from django.urls import reverse

from assignments.factories import AssignmentFactory
from registry.factories import FacilitatorFactory
from registry.models import Kelurahan
from tests.reports.read import csv_table, pdf_text, rows_after_header, xlsx_sheet

pytestmark = pytest.mark.django_db

JOINED = datetime.date(2018, 12, 1)


@pytest.fixture
def roster(wilayah):
    """Medono and Podosugih covered today; Podosugih changed hands in 2020; one in reserve."""

    def kelurahan(code):
        return Kelurahan.objects.get(code=code)

    def person(name, **extra):
        return FacilitatorFactory(name=name, joined_on=JOINED, **extra)

    AssignmentFactory(
        facilitator=person("Rina Lestari", phone="081211112222"),
        kelurahan=kelurahan("33.75.01.1002"),
        start_date=datetime.date(2019, 1, 2),
        decree_number="800/001/DPMPPA/2019",
    )
    budi = person("Budi Santoso")
    AssignmentFactory(
        facilitator=budi,
        kelurahan=kelurahan("33.75.01.1003"),
        start_date=datetime.date(2019, 1, 2),
        end_date=datetime.date(2020, 6, 30),
        decree_number="800/002/DPMPPA/2019",
    )
    AssignmentFactory(
        facilitator=person("Citra Dewi", phone="081233334444"),
        kelurahan=kelurahan("33.75.01.1003"),
        start_date=datetime.date(2020, 7, 1),
        decree_number="800/045/DPMPPA/2020",
    )
    AssignmentFactory(
        facilitator=person("Eko Prasetyo"),
        kelurahan=kelurahan("33.75.02.1002"),
        start_date=datetime.date(2021, 3, 1),
        decree_number="800/010/DPMPPA/2021",
    )
    person("Dodi Cadangan", phone="081255556666")
    person("Fajar Nonaktif", is_active=False)
    return budi


def get(client, name, **params):
    return client.get(reverse(f"reports:{name}"), params)


def test_the_page_groups_kelurahan_by_kecamatan_and_lists_the_reserve_and_totals(
    supervisor, roster, signer
):
    response = get(supervisor, "roster")
    assert response.status_code == 200
    sections = response.context["sections"]
    assert [s["kecamatan"] for s in sections] == [
        "Pekalongan Barat",
        "Pekalongan Timur",
        "Pekalongan Utara",
        "Pekalongan Selatan",
    ]
    medono, podosugih = sections[0]["lines"][:2]
    assert (medono.number, medono.kelurahan, medono.facilitator) == (1, "Medono", "Rina Lestari")
    assert (medono.phone, medono.since) == ("081211112222", datetime.date(2019, 1, 2))
    assert podosugih.facilitator == "Citra Dewi"
    assert sections[0]["lines"][2].facilitator == ""  # Sapuro Kebulen has nobody
    assert response.context["reserve"] == [
        ("Budi Santoso", roster.phone),
        ("Dodi Cadangan", "081255556666"),
    ]
    assert response.context["totals"] == [
        ("Kelurahan", 27),
        ("Kelurahan dengan fasilitator", 3),
        ("Kelurahan tanpa fasilitator", 24),
        ("Fasilitator cadangan", 2),
    ]
    html = response.content.decode()
    assert "Belum ada fasilitator" in html
    assert "DAFTAR FASILITATOR KELURAHAN" in html.upper()
    assert "Drs. Contoh Penanda Tangan, M.Si." in html


def test_as_of_a_past_date_it_shows_who_was_posted_then(supervisor, roster):
    response = get(supervisor, "roster", as_of="2020-01-15")
    lines = {line.kelurahan: line for s in response.context["sections"] for line in s["lines"]}
    assert lines["Podosugih"].facilitator == "Budi Santoso"
    assert lines["Podosugih"].decree == "800/002/DPMPPA/2019"
    assert lines["Noyontaansari"].facilitator == ""  # Eko only came in 2021
    # Citra was not yet posted then: she was in reserve; Budi was not.
    assert [name for name, _phone in response.context["reserve"]] == [
        "Citra Dewi",
        "Dodi Cadangan",
        "Eko Prasetyo",
    ]
    assert ("Keadaan per", "15 Januari 2020") in response.context["report"].filters()


def test_the_kecamatan_filter_leaves_out_the_others_and_the_city_wide_reserve(supervisor, roster):
    response = get(supervisor, "roster", kecamatan="33.75.02")
    assert [s["kecamatan"] for s in response.context["sections"]] == ["Pekalongan Timur"]
    assert response.context["reserve"] is None
    assert response.context["totals"][:2] == [("Kelurahan", 7), ("Kelurahan dengan fasilitator", 1)]


def test_the_csv_has_a_row_per_kelurahan_then_the_reserve(supervisor, roster):
    table = csv_table(get(supervisor, "roster-csv"))
    assert table[0] == [
        "No.",
        "Kecamatan",
        "Kode kelurahan",
        "Kelurahan",
        "Fasilitator",
        "Telepon",
        "Bertugas sejak",
        "Nomor SK",
        "Status",
        "Keadaan per",  # every row says which day it shows
    ]
    assert table[1] == [
        "1",
        "Pekalongan Barat",
        "33.75.01.1002",
        "Medono",
        "Rina Lestari",
        "081211112222",
        "2019-01-02",
        "800/001/DPMPPA/2019",
        "Bertugas",
        "2024-07-01",
    ]
    assert table[3][3:6] == ["Sapuro Kebulen", "", ""]
    assert table[3][-2] == "Belum ada fasilitator"
    assert len(table) == 1 + 27 + 2
    assert [row[4] for row in table[-2:]] == ["Budi Santoso", "Dodi Cadangan"]
    assert {row[-2] for row in table[-2:]} == {"Cadangan"}


def test_the_csv_as_of_a_past_date_matches_the_page(supervisor, roster):
    table = csv_table(get(supervisor, "roster-csv", as_of="2020-01-15"))
    podosugih = next(row for row in table if row[3] == "Podosugih")
    assert podosugih[4:8] == ["Budi Santoso", roster.phone, "2019-01-02", "800/002/DPMPPA/2019"]


def test_the_xlsx_has_title_date_a_bold_frozen_header_and_typed_cells(supervisor, roster):
    sheet = xlsx_sheet(get(supervisor, "roster-xlsx"))
    assert sheet["A1"].value == "Daftar Fasilitator Kelurahan"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "Kecamatan: Semua kecamatan · Keadaan per: 1 Juli 2024"
    assert sheet["A3"].value == "Tanggal laporan"
    assert sheet["B3"].value == datetime.datetime(2024, 7, 1)
    assert sheet["B3"].is_date
    header = [cell.value for cell in sheet[5]]
    assert header[:5] == ["No.", "Kecamatan", "Kode kelurahan", "Kelurahan", "Fasilitator"]
    assert all(cell.font.bold for cell in sheet[5])
    assert sheet.freeze_panes == "A6"
    assert sheet.column_dimensions["E"].width == 30
    assert sheet.auto_filter.ref == "A5:J34"  # the day each row shows, in column J

    rows = rows_after_header(sheet)
    medono = rows[0]
    assert medono[0] == 1 and isinstance(medono[0], int)
    assert medono[4:8] == (
        "Rina Lestari",
        "081211112222",
        datetime.datetime(2019, 1, 2),
        "800/001/DPMPPA/2019",
    )
    assert sheet["G6"].number_format == "dd/mm/yyyy"
    totals = rows[-4:]
    assert totals == [
        ("Kelurahan", 27, *[None] * 8),
        ("Kelurahan dengan fasilitator", 3, *[None] * 8),
        ("Kelurahan tanpa fasilitator", 24, *[None] * 8),
        ("Fasilitator cadangan", 2, *[None] * 8),
    ]


def test_the_pdf_carries_letterhead_names_totals_and_signature_block(supervisor, roster, signer):
    text = pdf_text(get(supervisor, "roster-pdf"))
    assert "PEMERINTAH KOTA PEKALONGAN" in text
    assert "DINAS PEMBERDAYAAN MASYARAKAT, PEREMPUAN DAN PERLINDUNGAN ANAK" in text
    assert "Jl. Contoh No. 1, Pekalongan 51111" in text
    assert "DAFTAR FASILITATOR KELURAHAN" in text
    for name in ["Rina Lestari", "Citra Dewi", "Eko Prasetyo", "Dodi Cadangan", "Budi Santoso"]:
        assert name in text
    assert "Fajar Nonaktif" not in text
    assert "Kelurahan tanpa fasilitator 24" in text
    assert "Pekalongan, 1 Juli 2024" in text
    assert "Kepala Bidang Pemberdayaan dan Kelembagaan Masyarakat" in text
    assert "Drs. Contoh Penanda Tangan, M.Si." in text
    assert "NIP. 19700101 199503 1 001" in text
    assert "Halaman 1 dari" in text


def test_the_pdf_is_a4(supervisor, roster):
    import io

    import pypdf

    response = get(supervisor, "roster-pdf")
    page = pypdf.PdfReader(io.BytesIO(response.content)).pages[0]
    width_mm, height_mm = (float(v) * 25.4 / 72 for v in page.mediabox.upper_right)
    assert (round(width_mm), round(height_mm)) == (210, 297)
    assert response["Content-Disposition"] == (
        'attachment; filename="daftar-fasilitator-kelurahan-2024-07-01.pdf"'
    )


def test_a_bad_date_is_refused_with_the_form_again(supervisor, roster):
    response = get(supervisor, "roster", as_of="2020-13-45")
    assert response.status_code == 400
    assert "as_of" in response.context["form"].errors
    assert get(supervisor, "roster-csv", as_of="nonsense").status_code == 400

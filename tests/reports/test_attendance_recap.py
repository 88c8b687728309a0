"""The attendance recap: per facilitator over a period, by kecamatan."""

import datetime

import pytest
from django.urls import reverse

from assignments.factories import AssignmentFactory
from briefings.factories import BriefingSessionFactory
from briefings.models import Attendance
from registry.factories import FacilitatorFactory
from registry.models import Kelurahan
from tests.reports.read import csv_table, pdf_text, rows_after_header, xlsx_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(wilayah):
    """Four sessions in 2023-2024; Ani in Medono (Barat), Bayu in Kauman (Timur),
    Citra in reserve."""
    ani = AssignmentFactory(
        facilitator__name="Ani Rahayu", kelurahan=Kelurahan.objects.get(name="Medono")
    ).facilitator
    bayu = AssignmentFactory(
        facilitator__name="Bayu Nugroho", kelurahan=Kelurahan.objects.get(name="Kauman")
    ).facilitator
    citra = FacilitatorFactory(name="Citra Wulandari")
    sessions = [
        BriefingSessionFactory(date=datetime.date(2023, 11, 1)),
        BriefingSessionFactory(date=datetime.date(2024, 2, 13)),
        BriefingSessionFactory(date=datetime.date(2024, 3, 4)),
        BriefingSessionFactory(date=datetime.date(2024, 3, 5)),
    ]
    for session, statuses in zip(
        sessions,
        [("tidak_hadir", "hadir", "hadir"), ("hadir", "izin", "sakit"), ("hadir", "hadir", None)],
        strict=False,
    ):
        for facilitator, status in zip([ani, bayu, citra], statuses, strict=True):
            if status:
                Attendance.objects.create(session=session, facilitator=facilitator, status=status)
    Attendance.objects.create(session=sessions[3], facilitator=ani, status="sakit")
    return ani, bayu, citra


def get(client, fmt="", **params):
    return client.get(reverse("reports:attendance-recap" + (f"-{fmt}" if fmt else "")), params)


def test_it_counts_each_status_and_the_rate_per_facilitator_grouped_by_kecamatan(
    supervisor, history
):
    response = get(supervisor, start="2024-01-01", end="2024-06-30")
    groups = response.context["groups"]
    assert [g["kecamatan"] for g in groups] == [
        "Pekalongan Barat",
        "Pekalongan Timur",
        "Tidak bertugas di kelurahan",
    ]
    ani, bayu, citra = (g["lines"][0] for g in groups)
    assert (ani.name, ani.kelurahan, ani.counts, ani.recorded) == (
        "Ani Rahayu",
        "Medono",
        [2, 0, 1, 0],
        3,
    )
    assert ani.rate_text == "66,7%"
    assert (bayu.counts, bayu.rate_text) == ([1, 1, 0, 0], "50,0%")
    assert (citra.kelurahan, citra.counts, citra.rate_text) == ("", [0, 0, 1, 0], "0,0%")
    assert response.context["counts"] == [3, 1, 2, 0]
    assert response.context["rate_text"] == "50,0%"


def test_the_period_leaves_out_sessions_outside_it(supervisor, history):
    response = get(supervisor, start="2023-01-01", end="2023-12-31")
    lines = [line for g in response.context["groups"] for line in g["lines"]]
    assert [(line.name, line.counts) for line in lines] == [
        ("Ani Rahayu", [0, 0, 0, 1]),
        ("Bayu Nugroho", [1, 0, 0, 0]),
        ("Citra Wulandari", [1, 0, 0, 0]),
    ]


def test_without_a_period_it_runs_from_the_first_session_to_today(supervisor, history):
    report = get(supervisor).context["report"]
    assert (report.start, report.end) == (datetime.date(2023, 11, 1), datetime.date(2024, 7, 1))


def test_the_kecamatan_filter_keeps_its_facilitators_only(supervisor, history):
    response = get(supervisor, kecamatan="33.75.02")
    assert [g["kecamatan"] for g in response.context["groups"]] == ["Pekalongan Timur"]


def test_a_period_ending_before_it_starts_is_refused(supervisor, history):
    response = get(supervisor, start="2024-03-01", end="2024-01-01")
    assert response.status_code == 400
    assert "Periode berakhir sebelum dimulai." in response.content.decode()


def test_the_csv_writes_counts_and_a_decimal_comma_rate(supervisor, history):
    table = csv_table(get(supervisor, "csv", start="2024-01-01", end="2024-06-30"))
    assert table[0] == [
        "No.",
        "Kecamatan",
        "Kelurahan",
        "Fasilitator",
        "Hadir",
        "Izin",
        "Sakit",
        "Tidak hadir",
        "Jumlah sesi tercatat",
        "Persentase hadir (%)",
    ]
    assert table[1] == [
        "1",
        "Pekalongan Barat",
        "Medono",
        "Ani Rahayu",
        "2",
        "0",
        "1",
        "0",
        "3",
        "66,7",
    ]
    assert table[3][1:4] == ["Tidak bertugas di kelurahan", "", "Citra Wulandari"]


def test_the_xlsx_types_counts_as_numbers_and_the_rate_as_a_percentage(supervisor, history):
    sheet = xlsx_sheet(get(supervisor, "xlsx", start="2024-01-01", end="2024-06-30"))
    assert sheet["A1"].value == "Rekapitulasi Kehadiran Pembekalan"
    assert sheet["A2"].value.startswith("Periode: 1 Januari 2024 – 30 Juni 2024")
    rows = rows_after_header(sheet)
    assert rows[0][:9] == (1, "Pekalongan Barat", "Medono", "Ani Rahayu", 2, 0, 1, 0, 3)
    assert rows[0][9] == pytest.approx(2 / 3)
    assert sheet["J6"].number_format == "0.0%"
    totals = {row[0]: row[1] for row in rows[3:]}
    assert totals["Fasilitator"] == 3
    assert totals["Hadir"] == 3
    assert totals["Persentase hadir (%)"] == 50.0


def test_the_pdf_shows_names_subtotals_totals_and_the_signature_block(supervisor, history, signer):
    text = pdf_text(get(supervisor, "pdf", start="2024-01-01", end="2024-06-30"))
    assert "REKAPITULASI KEHADIRAN PEMBEKALAN" in text
    assert "Ani Rahayu Medono 2 0 1 0 3 66,7%" in text
    assert "Subjumlah 2 0 1 0 3 66,7%" in text
    assert "Jumlah 3 1 2 0 6 50,0%" in text
    assert "Drs. Contoh Penanda Tangan, M.Si." in text

"""The attendance sheet (daftar hadir): blank before a briefing, filled in after it."""

import datetime
import re

import pytest
from django.urls import reverse

from assignments.factories import AssignmentFactory
from briefings.factories import BriefingFactory, BriefingSessionFactory, SpeakerFactory
from briefings.models import Attendance
from registry.factories import FacilitatorFactory
from tests.reports.read import csv_table, pdf_text, rows_after_header, xlsx_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing(db):
    """A two-day bimtek: three invitees, two speakers, two sessions."""
    briefing = BriefingFactory(title="Bimtek Pendampingan LPM")
    first = BriefingSessionFactory(
        briefing=briefing, date=datetime.date(2024, 3, 4), venue="Ruang Kalijaga"
    )
    second = BriefingSessionFactory(
        briefing=briefing, date=datetime.date(2024, 3, 5), venue="Aula DPMPPA"
    )
    ani = AssignmentFactory(facilitator__name="Ani Rahayu", kelurahan__name="Medono").facilitator
    bayu = FacilitatorFactory(name="Bayu Nugroho")
    citra = FacilitatorFactory(name="citra Wulandari")  # sorted without regard to case
    briefing.invitees.set([ani, bayu, citra])
    SpeakerFactory(briefing=briefing, name="Ir. Narasumber Satu", institution="Bappeda")
    SpeakerFactory(briefing=briefing, name="Narasumber Dua", institution="BKD")
    briefing.first, briefing.second = first, second
    briefing.people = ani, bayu, citra
    return briefing


@pytest.fixture
def recorded(briefing):
    ani, bayu, citra = briefing.people
    for session, facilitator, status, note in [
        (briefing.first, ani, "hadir", ""),
        (briefing.first, bayu, "izin", "Rapat di kelurahan"),
        (briefing.first, citra, "hadir", ""),
        (briefing.second, ani, "sakit", "Surat dokter"),
        (briefing.second, bayu, "hadir", ""),
    ]:
        Attendance.objects.create(
            session=session, facilitator=facilitator, status=status, note=note
        )
    return briefing


def url(briefing, fmt="", **params):
    name = "reports:attendance-sheet" + (f"-{fmt}" if fmt else "")
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse(name, kwargs={"pk": briefing.pk}) + (f"?{query}" if query else "")


def test_before_the_event_it_is_blank_with_a_signature_column_per_session(supervisor, briefing):
    response = supervisor.get(url(briefing))
    assert response.context["blank"]
    assert [line.name for line in response.context["lines"]] == [
        "Ani Rahayu",
        "Bayu Nugroho",
        "citra Wulandari",
    ]
    assert response.context["lines"][0].kelurahan == "Medono"
    html = response.content.decode()
    assert html.count("Tanda tangan<br>Sesi") == 2
    assert "Sesi 1 (04/03/2024)" in html and "Sesi 2 (05/03/2024)" in html


def test_the_numbered_signature_places_alternate_left_and_right(supervisor, briefing):
    html = supervisor.get(url(briefing, kind="blank")).content.decode()
    places = re.findall(r'<td class="sign sign-(first|second)">(\d+)\.</td>', html)
    # Per row and session one numbered place: odd numbers left, even numbers right.
    invitees = [p for p in places if p[1] in {"1", "2", "3"}][:6]
    assert invitees == [
        ("first", "1"),
        ("first", "1"),
        ("second", "2"),
        ("second", "2"),
        ("first", "3"),
        ("first", "3"),
    ]
    assert "Ir. Narasumber Satu" in html and "Bappeda" in html


def test_after_the_event_it_shows_the_status_per_session_notes_and_totals(supervisor, recorded):
    response = supervisor.get(url(recorded))
    assert not response.context["blank"]
    lines = response.context["lines"]
    assert [(line.name, line.statuses, line.note) for line in lines] == [
        ("Ani Rahayu", ["Hadir", "Sakit"], "Surat dokter"),
        ("Bayu Nugroho", ["Izin", "Hadir"], "Rapat di kelurahan"),
        ("citra Wulandari", ["Hadir", ""], ""),
    ]
    assert response.context["tally"] == [
        {"label": "Hadir", "counts": [2, 1]},
        {"label": "Izin", "counts": [1, 0]},
        {"label": "Sakit", "counts": [0, 1]},
        {"label": "Tidak hadir", "counts": [0, 0]},
        {"label": "Belum dicatat", "counts": [0, 1]},
    ]
    # The blank sheet can still be printed after the event.
    assert supervisor.get(url(recorded, kind="blank")).context["blank"]


def test_someone_recorded_without_an_invitation_is_listed_too(supervisor, recorded):
    walk_in = FacilitatorFactory(name="Dedi Datang")
    Attendance.objects.create(session=recorded.first, facilitator=walk_in, status="hadir")
    names = [line.name for line in supervisor.get(url(recorded)).context["lines"]]
    assert "Dedi Datang" in names


def test_the_csv_has_a_column_per_session(supervisor, briefing, recorded):
    blank = csv_table(supervisor.get(url(briefing, "csv", kind="blank")))
    assert blank[0] == [
        "No.",
        "Nama",
        "Kelurahan",
        "Tanda tangan — Sesi 1 (04/03/2024)",
        "Tanda tangan — Sesi 2 (05/03/2024)",
    ]
    assert blank[1] == ["1", "Ani Rahayu", "Medono", "", ""]

    filled = csv_table(supervisor.get(url(recorded, "csv")))
    assert filled[0][3:] == ["Sesi 1 (04/03/2024)", "Sesi 2 (05/03/2024)", "Catatan"]
    assert filled[2] == ["2", "Bayu Nugroho", "", "Izin", "Hadir", "Rapat di kelurahan"]


def test_the_xlsx_holds_the_statuses_and_the_totals(supervisor, recorded):
    sheet = xlsx_sheet(supervisor.get(url(recorded, "xlsx")))
    assert sheet["A1"].value == "Catatan Kehadiran"
    assert "Kegiatan: Bimtek Pendampingan LPM" in sheet["A2"].value
    rows = rows_after_header(sheet)
    assert rows[0] == (1, "Ani Rahayu", "Medono", "Hadir", "Sakit", "Surat dokter")
    totals = {row[0]: row[1] for row in rows[3:]}
    assert totals["Jumlah fasilitator dalam daftar"] == 3
    assert totals["Hadir Sesi 1 (04/03/2024)"] == 2
    assert totals["Belum dicatat Sesi 2 (05/03/2024)"] == 1


def test_the_pdf_has_names_speakers_totals_and_signature_block(supervisor, recorded, signer):
    blank = pdf_text(supervisor.get(url(recorded, "pdf", kind="blank")))
    assert "DAFTAR HADIR" in blank
    assert "Ani Rahayu" in blank and "citra Wulandari" in blank
    assert "Narasumber" in blank and "Ir. Narasumber Satu" in blank
    assert "Senin, 4 Maret 2024, 08.00–15.00 WIB, Ruang Kalijaga" in blank
    assert "Drs. Contoh Penanda Tangan, M.Si." in blank

    filled = pdf_text(supervisor.get(url(recorded, "pdf")))
    assert "CATATAN KEHADIRAN" in filled
    assert "Rapat di kelurahan" in filled
    assert "Hadir 2 1" in filled
    assert "Jumlah fasilitator dalam daftar 3 3" in filled
    assert "NIP. 19700101 199503 1 001" in filled


def test_three_sessions_print_on_landscape_pages(supervisor, briefing):
    import io

    import pypdf

    BriefingSessionFactory(briefing=briefing, date=datetime.date(2024, 3, 6))
    response = supervisor.get(url(briefing, "pdf"))
    page = pypdf.PdfReader(io.BytesIO(response.content)).pages[0]
    width, height = page.mediabox.upper_right
    assert width > height


def test_an_unknown_briefing_is_not_found(supervisor, briefing):
    missing = reverse("reports:attendance-sheet", kwargs={"pk": briefing.pk + 100})
    assert supervisor.get(missing).status_code == 404

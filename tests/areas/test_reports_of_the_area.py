"""Reports and totals of an area: an empty filter is the whole area, never the whole
city, and every total counts what the area's account may see."""

import pytest
from django.urls import reverse

from jobs.models import Job
from tests.areas.conftest import secrets_of
from tests.jobs.worker import run_queued_tasks
from tests.reports.read import ask_in_background, csv_table, pdf_text, rows_after_header, xlsx_sheet

pytestmark = pytest.mark.django_db

BARAT_KELURAHAN = [
    "Medono",
    "Podosugih",
    "Sapuro Kebulen",
    "Bendan Kergon",
    "Pasirkratonkramat",
    "Tirto",
    "Pringrejo",
]


def totals(rows: list[list[str]]) -> dict[str, str]:
    return {row[0]: row[1] for row in rows if len(row) > 1}


def test_the_roster_with_no_filter_is_the_kecamatan_without_the_reserve(client, world, camat):
    client.force_login(camat)
    table = csv_table(client.get(reverse("reports:roster-csv")))
    rows = table[1:]
    assert [row[3] for row in rows] == BARAT_KELURAHAN
    assert {row[1] for row in rows} == {"Pekalongan Barat"}
    assert [row[4] for row in rows if row[4]] == ["Ani Baratsari", "Budi Baratjaya"]
    assert "Eko Cadanganwati" not in str(table)  # the reserve is the office's

    sheet = xlsx_sheet(client.get(reverse("reports:roster-xlsx")))
    assert [row[3] for row in rows_after_header(sheet) if row[2]] == BARAT_KELURAHAN
    assert "Wilayah: Kecamatan Pekalongan Barat" in sheet["A2"].value

    text = pdf_text(client.get(reverse("reports:roster-pdf")))
    for label, number in [
        ("Kelurahan", 7),
        ("Kelurahan dengan fasilitator", 2),
        ("Kelurahan tanpa fasilitator", 5),
    ]:
        assert f"{label} {number}" in text
    assert "Fasilitator cadangan" not in text
    assert "Wilayah : Kecamatan Pekalongan Barat" in text


def test_the_office_still_gets_the_whole_city_and_its_reserve(client, world, supervisor_user):
    client.force_login(supervisor_user)
    rows = csv_table(client.get(reverse("reports:roster-csv")))[1:]
    assert len([row for row in rows if row[3]]) == 27
    assert "Eko Cadanganwati" in [row[4] for row in rows]


def test_the_roster_of_a_past_day_keeps_who_was_posted_in_the_area_then(client, world, camat):
    client.force_login(camat)
    rows = csv_table(client.get(reverse("reports:roster-csv"), {"as_of": "2023-06-01"}))[1:]
    assert {row[3]: row[4] for row in rows}["Tirto"] == "Citra Pindahan"


def test_a_kecamatan_outside_the_area_is_not_a_choice(client, world, camat):
    client.force_login(camat)
    for name in ["reports:roster-csv", "reports:attendance-recap-csv"]:
        response = client.get(reverse(name), {"kecamatan": "33.75.02"})
        assert response.status_code == 400
    page = client.get(reverse("reports:index")).text
    assert "Pekalongan Barat" in page
    assert "Pekalongan Timur" not in page


def test_the_attendance_recap_counts_the_area_only(client, world, camat):
    client.force_login(camat)
    table = csv_table(client.get(reverse("reports:attendance-recap-csv")))
    names = [row[3] for row in table[1:]]
    # Those posted in Pekalongan Barat on the day of the briefing, Citra (in Tirto then) too.
    assert sorted(names) == ["Ani Baratsari", "Budi Baratjaya", "Citra Pindahan"]
    text = pdf_text(client.get(reverse("reports:attendance-recap-pdf")))
    assert "Jumlah 2 1 0 0 3 66,7%" in text
    assert "Wilayah : Kecamatan Pekalongan Barat" in text


def test_the_attendance_sheet_lists_and_counts_the_area_only(client, world, camat):
    client.force_login(camat)
    briefing = world.past_session.briefing_id
    table = csv_table(client.get(reverse("reports:attendance-sheet-csv", args=[briefing])))
    assert [row[1] for row in table[1:]] == ["Ani Baratsari", "Budi Baratjaya", "Citra Pindahan"]
    text = pdf_text(client.get(reverse("reports:attendance-sheet-pdf", args=[briefing])))
    assert "Hadir 2 Izin 1 Sakit 0 Tidak hadir 0 Belum dicatat 0" in text
    assert "Jumlah fasilitator dalam daftar 3" in text


def test_the_recap_of_monthly_reports_is_the_area_only(client, world, camat):
    client.force_login(camat)
    table = csv_table(client.get(reverse("activities:recap-csv"), {"month": "2024-03"}))
    assert sorted(row[1] for row in table[1:]) == ["Ani Baratsari", "Budi Baratjaya"]
    # With no month chosen it is last month's: Citra had left by then.
    table = csv_table(client.get(reverse("activities:recap-csv")))
    assert sorted(row[1] for row in table[1:]) == ["Ani Baratsari", "Budi Baratjaya"]
    # December: Citra was still in Tirto.
    table = csv_table(client.get(reverse("activities:recap-csv"), {"month": "2023-12"}))
    assert "Citra Pindahan" in [row[1] for row in table[1:]]


def test_pages_count_the_area_only_and_say_so(client, world, camat):
    client.force_login(camat)
    dashboard = client.get(reverse("home:index"))
    assert dashboard.context["covered"] == 2
    assert dashboard.context["total"] == 7
    assert dashboard.context["reserve_count"] is None
    assert "Wilayah Anda: Kecamatan Pekalongan Barat" in dashboard.text

    roster = client.get(reverse("assignments:roster")).text
    assert "2 dari 7 kelurahan sudah memiliki fasilitator." in roster

    briefings = client.get(reverse("briefings:briefing-list"))
    listed = {b.title: b for b in briefings.context["page"]}
    assert set(listed) == {"Pembekalan Bersama", "Rapat Mendatang"}  # not Timur's bimtek
    past = listed["Pembekalan Bersama"]
    assert (past.invitee_count, past.recorded_count, past.present_count) == (3, 3, 2)
    assert listed["Rapat Mendatang"].invitee_count == 2  # Citra is in Utara by April

    detail = client.get(reverse("briefings:briefing-detail", args=[past.pk]))
    overall = detail.context["overall"]
    assert (overall.expected, overall.present, overall.excused) == (3, 2, 1)
    assert 'data-testid="area-totals"' in detail.text

    matrix = client.get(reverse("activities:matrix"), {"year": 2024}).text
    assert matrix.count('data-testid="matrix-row"') == 2
    inbox = client.get(reverse("activities:inbox")).text
    assert "Ani Baratsari" in inbox
    assert "Dedi Timurjaya" not in inbox


def test_the_search_finds_nobody_outside_the_area(client, world, camat):
    client.force_login(camat)
    for words in [world.outside.nik, world.outside.phone, "Timurjaya", world.reserve.nik]:
        client.post(reverse("home:facilitator-list"), {"q": words})
        page = client.get(reverse("home:facilitator-list"))
        assert list(page.context["page"]) == []
        for secret in secrets_of(world.outside)[1:] + secrets_of(world.reserve)[1:]:
            assert secret not in page.text.replace(f'value="{words}"', "")
    client.post(reverse("home:facilitator-list"), {"q": world.inside.nik})
    assert [f.name for f in client.get(reverse("home:facilitator-list")).context["page"]] == [
        "Ani Baratsari"
    ]


def test_a_document_made_in_the_background_holds_the_area_only(client, world, camat, settings):
    settings.REPORT_PDF_INLINE_CELLS = 9  # one row: the area's roster goes to the queue
    client.force_login(camat)
    assert ask_in_background(client, reverse("reports:roster-pdf")).status_code == 302
    run_queued_tasks()
    job = Job.objects.get()
    text = pdf_text(client.get(reverse("jobs:job-file", args=[job.pk])))
    for name in BARAT_KELURAHAN:
        assert name in text
    assert "Wilayah : Kecamatan Pekalongan Barat" in text
    assert "Kelurahan 7" in text
    for person in world.never_seen:
        for secret in secrets_of(person):
            assert secret not in text


def test_a_background_document_is_built_for_the_area_the_account_has_when_it_runs(
    client, world, camat, settings
):
    settings.REPORT_CSV_INLINE_CELLS = 9
    client.force_login(camat)
    ask_in_background(client, reverse("reports:roster-csv"))
    ask_in_background(client, reverse("reports:roster-csv"), {"kecamatan": "33.75.01"})
    # Moved to Pekalongan Timur before the worker got to it.
    camat.area = "33.75.02"
    camat.save(update_fields=["area"])
    run_queued_tasks()

    whole, barat = Job.objects.order_by("created_at")
    rows = csv_table(client.get(reverse("jobs:job-file", args=[whole.pk])))[1:]
    assert {row[1] for row in rows} == {"Pekalongan Timur"}
    assert "Dedi Timurjaya" in [row[4] for row in rows]
    # Barat is no longer a kecamatan this account may choose.
    assert barat.state == "failed"
    assert "wilayah Anda mungkin berubah" in client.get(reverse("jobs:job", args=[barat.pk])).text

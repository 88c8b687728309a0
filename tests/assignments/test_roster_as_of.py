"""The roster of a chosen day: on screen and on paper, titled and named with that
day, agreeing with each other; "current" is "on this day", scheduled changes
included."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from assignments import services
from assignments.factories import AssignmentFactory
from registry.factories import FacilitatorFactory, KecamatanFactory, KelurahanFactory
from tests.reports.read import csv_table, pdf_text, xlsx_sheet

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
TODAY = datetime.date(2026, 12, 8)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 8, 9, 0, tzinfo=JAKARTA), tick=False):
        yield


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def register(staff_user):
    """Medono: Rina until 31 January 2026, then Budi. Kauman: Sari, moving to
    Klego on 4 January 2027 (scheduled). Klego: nobody yet."""
    barat = KecamatanFactory(code="33.75.01", name="Pekalongan Barat")
    medono = KelurahanFactory(code="33.75.01.1002", name="Medono", kecamatan=barat)
    kauman = KelurahanFactory(code="33.75.01.1003", name="Kauman", kecamatan=barat)
    klego = KelurahanFactory(code="33.75.01.1004", name="Klego", kecamatan=barat)
    AssignmentFactory(
        facilitator=FacilitatorFactory(name="Rina Lestari"),
        kelurahan=medono,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2026, 1, 31),
    )
    AssignmentFactory(
        facilitator=FacilitatorFactory(name="Budi Santoso"),
        kelurahan=medono,
        start_date=datetime.date(2026, 2, 1),
    )
    sari = AssignmentFactory(
        facilitator=FacilitatorFactory(name="Sari Wulan"),
        kelurahan=kauman,
        start_date=datetime.date(2021, 3, 1),
    ).facilitator
    services.assignment_move(
        facilitator=sari,
        to_kelurahan=klego,
        start_date=datetime.date(2027, 1, 4),
        decree_number="SK-9",
        by=staff_user,
    )


def on_screen(response) -> dict[str, str]:
    """Kelurahan → the facilitator posted there on the page's day ("" for nobody)."""
    return {
        k.name: (k.current_posting.facilitator.name if k.current_posting else "")
        for _kecamatan, rows in response.context["groups"]
        for k in rows
    }


def on_paper(response) -> dict[str, str]:
    return {row[3]: row[4] for row in csv_table(response)[1:] if row[3]}


def title(response) -> str:
    return re.search(
        r'<h1 data-testid="roster-title">([^<]+)</h1>', response.content.decode()
    ).group(1)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-01-31", {"Medono": "Rina Lestari", "Kauman": "Sari Wulan", "Klego": ""}),
        ("2026-02-01", {"Medono": "Budi Santoso", "Kauman": "Sari Wulan", "Klego": ""}),
        ("2027-01-04", {"Medono": "Budi Santoso", "Kauman": "", "Klego": "Sari Wulan"}),
    ],
)
def test_the_roster_of_a_day_on_screen_and_on_paper_agree(staff, register, as_of, expected):
    page = staff.get(reverse("assignments:roster"), {"as_of": as_of})
    assert on_screen(page) == expected
    assert on_paper(staff.get(reverse("reports:roster-csv"), {"as_of": as_of})) == expected
    day = datetime.date.fromisoformat(as_of)
    assert title(page) == f"Daftar penugasan per {day.day} {MONTHS[day.month]} {day.year}"


MONTHS = {1: "Januari", 2: "Februari"}


def test_today_the_roster_is_current_with_the_scheduled_move_shown(staff, register):
    page = staff.get(reverse("assignments:roster"))
    assert title(page) == "Daftar penugasan saat ini"
    assert on_screen(page) == {"Medono": "Budi Santoso", "Kauman": "Sari Wulan", "Klego": ""}
    assert on_paper(staff.get(reverse("reports:roster-csv"))) == on_screen(page)
    assert "mulai 4 Jan 2027" in page.content.decode()  # the move, as scheduled


def test_a_past_roster_offers_no_changes_and_prints_that_day(staff, register):
    page = staff.get(reverse("assignments:roster"), {"as_of": "2026-01-31"})
    html = page.content.decode()
    assert reverse("assignments:move") not in html
    assert f"{reverse('reports:roster')}?as_of=2026-01-31" in html


def test_every_file_of_a_past_day_states_the_day_and_is_named_after_it(staff, register):
    query = {"as_of": "2026-01-31"}
    csv_response = staff.get(reverse("reports:roster-csv"), query)
    assert csv_response["Content-Disposition"] == (
        'attachment; filename="daftar-fasilitator-kelurahan-2026-01-31.csv"'
    )
    table = csv_table(csv_response)
    assert table[0][-1] == "Keadaan per"
    assert {row[-1] for row in table[1:]} == {"2026-01-31"}

    xlsx_response = staff.get(reverse("reports:roster-xlsx"), query)
    assert xlsx_response["Content-Disposition"].endswith(
        'filename="daftar-fasilitator-kelurahan-2026-01-31.xlsx"'
    )
    assert "Keadaan per: 31 Januari 2026" in xlsx_sheet(xlsx_response)["A2"].value

    pdf_response = staff.get(reverse("reports:roster-pdf"), query)
    assert pdf_response["Content-Disposition"].endswith(
        'filename="daftar-fasilitator-kelurahan-2026-01-31.pdf"'
    )
    assert "Keadaan per : 31 Januari 2026" in pdf_text(pdf_response)


def test_a_bad_day_is_said_on_the_form_and_today_shown(staff, register):
    page = staff.get(reverse("assignments:roster"), {"as_of": "2026-13-45"})
    assert page.status_code == 200
    assert title(page) == "Daftar penugasan saat ini"
    assert 'class="error" role="alert"' in page.content.decode()

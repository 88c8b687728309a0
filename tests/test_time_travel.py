"""A release and a move dated ahead change nothing until their day: on every day
every page, form, count and report tells the same truth.

Medono's facilitator Ani is released with last day 31 December; Budi moves from
Podosugih to Medono from 1 January. Until then the register stands as it was.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from assignments import services
from assignments.factories import AssignmentFactory
from assignments.forms import PostForm
from assignments.reports import RosterReport
from briefings.queries import invitee_candidates
from registry.factories import FacilitatorFactory
from registry.models import Kelurahan
from tests.reports.read import csv_table

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
MEDONO, PODOSUGIH = "33.75.01.1002", "33.75.01.1003"


def at(day: datetime.date):
    """Noon of the day in Pekalongan."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(12), JAKARTA), tick=False
    )


@pytest.fixture
def scheduled(wilayah, staff_user):
    medono, podosugih = (Kelurahan.objects.get(code=c) for c in (MEDONO, PODOSUGIH))
    joined = datetime.date(2020, 1, 1)
    ani = AssignmentFactory(
        facilitator__name="Ani Rahma",
        facilitator__joined_on=joined,
        kelurahan=medono,
        start_date=datetime.date(2021, 3, 1),
    ).facilitator
    budi = AssignmentFactory(
        facilitator__name="Budi Santoso",
        facilitator__joined_on=joined,
        kelurahan=podosugih,
        start_date=datetime.date(2021, 3, 1),
    ).facilitator
    with at(datetime.date(2026, 12, 15)):
        services.assignment_release(
            facilitator=ani,
            end_date=datetime.date(2026, 12, 31),
            decree_number="SK-12",
            by=staff_user,
        )
        services.assignment_move(
            facilitator=budi,
            to_kelurahan=medono,
            start_date=datetime.date(2027, 1, 1),
            decree_number="SK-13",
            by=staff_user,
        )
    return ani, budi


def page_rows(html: str) -> dict[str, str]:
    """{kelurahan name: facilitator name or ""} as the roster page shows them today."""
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        if len(cells) < 2:
            continue
        kelurahan = re.sub(r"<[^>]+>", "", cells[0]).strip()
        person = re.search(r'href="/facilitators/\d+/">([^<]+)</a>', cells[1])
        rows[kelurahan] = person.group(1) if person else ""
    return rows


def report_rows(client) -> dict[str, str]:
    table = csv_table(client.get(reverse("reports:roster-csv")))
    header = next(i for i, row in enumerate(table) if "Kelurahan" in row)
    columns = table[header]
    name, person = columns.index("Kelurahan"), columns.index("Fasilitator")
    return {
        row[name]: row[person] for row in table[header + 1 :] if len(row) > person and row[name]
    }


def test_on_the_30th_everything_shows_the_old_state(client_of, staff_user, scheduled):
    ani, budi = scheduled
    with at(datetime.date(2026, 12, 30)):
        staff = client_of(staff_user)
        dashboard = staff.get(reverse("home:index")).content.decode()
        assert 'data-testid="coverage">2 / 27' in dashboard
        roster = staff.get(reverse("assignments:roster")).content.decode()
        assert page_rows(roster)["Medono"] == "Ani Rahma"
        assert page_rows(roster)["Podosugih"] == "Budi Santoso"
        assert "1 Jan 2027" in roster  # Budi's move, shown as scheduled
        listed = staff.get(reverse("home:kelurahan-list")).content.decode()
        assert "Ani Rahma" in listed
        reserve = staff.get(reverse("home:facilitator-list") + "?status=reserve")
        assert "Ani Rahma" not in reserve.content.decode()
        posted = staff.get(reverse("home:facilitator-list") + "?status=current")
        assert {"Ani Rahma", "Budi Santoso"} <= set(
            re.findall(r">([^<]+)</a>", posted.content.decode())
        )
        assert report_rows(staff)["Medono"] == "Ani Rahma"
        labels = dict(PostForm(user=None).fields["kelurahan"].choices)
        assert labels[PODOSUGIH] == "Podosugih (33.75.01.1003) (bebas mulai 1 Jan 2027)"
        assert MEDONO not in labels  # Budi stays there from 1 January on
        kelurahan_of = {
            f.name: f.kelurahan_name for f in invitee_candidates(None, "", datetime.date.today())
        }
        assert kelurahan_of["Ani Rahma"] == "Medono"


def test_on_the_1st_everything_shows_the_new_state(client_of, staff_user, scheduled):
    ani, budi = scheduled
    with at(datetime.date(2027, 1, 1)):
        staff = client_of(staff_user)
        dashboard = staff.get(reverse("home:index")).content.decode()
        assert 'data-testid="coverage">1 / 27' in dashboard
        roster = staff.get(reverse("assignments:roster")).content.decode()
        assert page_rows(roster)["Medono"] == "Budi Santoso"
        assert page_rows(roster)["Podosugih"] == ""
        listed = staff.get(reverse("home:kelurahan-list")).content.decode()
        assert "Ani Rahma" not in listed
        reserve = staff.get(reverse("home:facilitator-list") + "?status=reserve")
        assert "Ani Rahma" in reserve.content.decode()
        assert report_rows(staff)["Medono"] == "Budi Santoso"
        assert report_rows(staff)["Podosugih"] == ""
        labels = dict(PostForm(user=None).fields["kelurahan"].choices)
        assert labels[PODOSUGIH] == "Podosugih (33.75.01.1003)"
        assert dict(PostForm(user=None).fields["facilitator"].choices)[ani.pk] == "Ani Rahma"
        kelurahan_of = {
            f.name: f.kelurahan_name for f in invitee_candidates(None, "", datetime.date.today())
        }
        assert (kelurahan_of["Ani Rahma"], kelurahan_of["Budi Santoso"]) == (None, "Medono")


def test_the_roster_page_and_the_report_agree_on_every_day_in_between(
    client_of, staff_user, scheduled
):
    day = datetime.date(2026, 12, 28)
    while day <= datetime.date(2027, 1, 3):
        with at(day):
            staff = client_of(staff_user)
            shown = page_rows(staff.get(reverse("assignments:roster")).content.decode())
            printed = report_rows(staff)
            for name in ("Medono", "Podosugih"):
                assert shown[name] == printed[name], (day, name)
            assert RosterReport(as_of=day, user=None).totals() == RosterReport(user=None).totals()
        day += datetime.timedelta(days=1)


def test_a_scheduled_move_can_be_cancelled_before_it_starts(client_of, staff_user, scheduled):
    ani, budi = scheduled
    move = budi.assignments.get(start_date=datetime.date(2027, 1, 1))
    with at(datetime.date(2026, 12, 20)):
        staff = client_of(staff_user)
        response = staff.post(
            reverse("assignments:cancel"), {"assignment": move.pk, "confirmed": "1"}, follow=True
        )
        assert response.status_code == 200
    assert not budi.assignments.filter(pk=move.pk).exists()
    podosugih = budi.assignments.get()
    assert podosugih.end_date is None  # he stays in Podosugih
    with at(datetime.date(2027, 1, 5)):
        staff = client_of(staff_user)
        assert page_rows(staff.get(reverse("assignments:roster")).content.decode())[
            "Podosugih"
        ] == ("Budi Santoso")


def test_a_scheduled_release_can_be_cancelled_unless_someone_follows(
    client_of, staff_user, scheduled
):
    ani, budi = scheduled
    release = ani.assignments.get()
    with at(datetime.date(2026, 12, 20)):
        staff = client_of(staff_user)
        refused = staff.post(
            reverse("assignments:cancel-release"), {"assignment": release.pk, "confirmed": "1"}
        )
        assert refused.status_code == 200
        assert "Budi Santoso" in refused.content.decode()  # he is due there on 1 January
        release.refresh_from_db()
        assert release.end_date == datetime.date(2026, 12, 31)


def test_a_started_posting_cannot_be_cancelled(staff_user, scheduled):
    ani, budi = scheduled
    move = budi.assignments.get(start_date=datetime.date(2027, 1, 1))
    with at(datetime.date(2027, 1, 2)), pytest.raises(services.ValidationError):
        services.assignment_cancel(assignment=move, by=staff_user)
    assert budi.assignments.filter(pk=move.pk).exists()


def test_the_post_form_proposes_the_first_free_day_after_a_release(client_of, staff_user, wilayah):
    posting = AssignmentFactory(
        kelurahan=Kelurahan.objects.get(code=MEDONO), start_date=datetime.date(2024, 1, 2)
    )
    FacilitatorFactory(name="Citra")
    with at(datetime.date(2026, 12, 15)):
        services.assignment_release(
            facilitator=posting.facilitator, end_date=datetime.date(2026, 12, 15), by=staff_user
        )
        form = client_of(staff_user).get(reverse("assignments:post") + f"?kelurahan={MEDONO}")
        assert 'value="2026-12-16"' in form.content.decode()

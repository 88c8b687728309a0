"""A facilitator who left the area: gone from its current pages, kept in its past.
And the pages kept in the cache are never another area's."""

import pytest
from django.urls import reverse

from tests.areas.conftest import kelurahan, secrets_of
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_who_left_is_gone_from_the_current_pages(client, world, camat):
    client.force_login(camat)
    moved = world.moved
    assert client.get(reverse("home:facilitator-detail", args=[moved.pk])).status_code == 404
    assert client.get(reverse("audit:facilitator-history", args=[moved.pk])).status_code == 404
    listed = [f.name for f in client.get(reverse("home:facilitator-list")).context["page"]]
    assert listed == ["Ani Baratsari", "Budi Baratjaya"]
    roster = client.get(reverse("assignments:roster")).text
    assert "Citra Pindahan" not in roster


def test_who_left_stays_in_the_areas_past(client, world, camat):
    client.force_login(camat)
    moved = world.moved
    # Tirto's page keeps its posting, without a link to a page the camat may not open.
    tirto = client.get(reverse("home:kelurahan-detail", args=["33.75.01.1009"])).text
    assert "Citra Pindahan" in tirto
    assert reverse("home:facilitator-detail", args=[moved.pk]) not in tirto
    # The roster of a day they were there, the 2023 matrix and their December report.
    past = client.get(reverse("reports:roster"), {"as_of": "2023-06-01"}).text
    assert "Citra Pindahan" in past
    matrix = client.get(reverse("activities:matrix"), {"year": 2023}).text
    assert "Citra Pindahan" in matrix
    assert "Citra Pindahan" not in client.get(reverse("activities:matrix")).text  # 2024
    report = client.get(reverse("activities:review", args=[world.moved_report.pk]))
    assert report.status_code == 200
    # The past briefing's attendance, taken while they were in Tirto.
    briefing = client.get(reverse("audit:briefing-history", args=[world.past_session.briefing_id]))
    assert "Citra Pindahan" in briefing.text
    for secret in secrets_of(world.outside):
        assert secret not in briefing.text


def test_the_new_area_sees_them_from_their_move_on(client, world):
    utara = make_user("camat.utara", "Pengawas Wilayah", area="33.75.03")
    client.force_login(utara)
    assert client.get(reverse("home:facilitator-detail", args=[world.moved.pk])).status_code == 200
    # Not the past briefing: they were in Pekalongan Barat on its day.
    response = client.get(
        reverse("briefings:briefing-detail", args=[world.past_session.briefing_id])
    )
    assert response.status_code == 404
    assert client.get(reverse("activities:review", args=[world.moved_report.pk])).status_code == 404


def test_roster_and_dashboard_kept_in_the_cache_are_each_areas_own(client, world, camat):
    timur = make_user("camat.timur", "Pengawas Wilayah", area="33.75.02")
    pages = {}
    for user in [camat, timur, camat]:
        client.force_login(user)
        roster = client.get(reverse("assignments:roster")).text
        roster = roster.split("<main", 1)[1].split("</main>", 1)[0]  # no form tokens
        dashboard = client.get(reverse("home:index")).context
        pages.setdefault(user.username, []).append(
            (roster, dashboard["covered"], dashboard["total"])
        )
    (barat, *_), (timur_roster, covered, total) = pages["camat.barat"], pages["camat.timur"][0]
    assert "Medono" in barat[0] and "Kauman" not in barat[0]
    assert "Kauman" in timur_roster and "Medono" not in timur_roster
    assert (covered, total) == (1, 7)
    assert pages["camat.barat"][0] == pages["camat.barat"][1]  # the kept page, unchanged


def test_a_posting_into_the_area_shows_on_the_kept_roster_at_once(client, world, camat):
    from assignments import services

    client.force_login(camat)
    assert "Eko Cadanganwati" not in client.get(reverse("assignments:roster")).text
    services.assignment_create(
        facilitator=world.reserve,
        kelurahan=kelurahan("33.75.01.1009"),
        start_date=world.past_session.date.replace(year=2024, month=3, day=15),
        by=None,
    )
    assert "Eko Cadanganwati" in client.get(reverse("assignments:roster")).text

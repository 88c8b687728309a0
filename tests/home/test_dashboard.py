import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from assignments import services
from assignments.models import Assignment
from briefings.factories import BriefingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_dashboard_shows_coverage_reserve_and_the_last_attendance(client, staff_user, demo):
    client.force_login(staff_user)
    content = client.get(reverse("home:index")).content.decode()
    assert 'data-testid="coverage">27 / 27<' in content
    assert "Semua kelurahan sudah memiliki fasilitator." in content
    assert "86,7%" in content  # 26 of 30 present on 13 February 2019
    assert "26 dari 30 hadir" in content


def test_uncovered_kelurahan_come_with_a_post_link(client, staff_user, demo):
    posting = Assignment.objects.current().select_related("kelurahan").first()
    posting.end_date = posting.start_date
    posting.save()
    client.force_login(staff_user)
    content = client.get(reverse("home:index")).content.decode()
    assert 'data-testid="coverage">26 / 27<' in content
    assert f"/assignments/post/?kelurahan={posting.kelurahan.code}" in content


def test_the_next_briefing_is_shown(client, supervisor_user, demo):
    BriefingSessionFactory(
        briefing__title="Bimtek Pelaporan", date=datetime.date.today() + datetime.timedelta(days=3)
    )
    client.force_login(supervisor_user)
    content = client.get(reverse("home:index")).content.decode()
    assert "Bimtek Pelaporan" in content
    assert "/assignments/post/" not in content  # supervisors get no write links


def test_the_next_briefing_links_to_its_page(client, staff_user, demo):
    session = BriefingSessionFactory(
        briefing__title="Bimtek Pelaporan", date=datetime.date.today() + datetime.timedelta(days=3)
    )
    client.force_login(staff_user)
    content = client.get(reverse("home:index")).content.decode()
    assert f'<a href="{session.briefing.get_absolute_url()}">Bimtek Pelaporan</a>' in content


def test_a_facilitator_lands_on_their_own_page(client, facilitator):
    client.force_login(facilitator.user)
    response = client.get(reverse("home:index"))
    assert response["Location"] == reverse("home:me")


def test_the_interface_is_indonesian_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "<h1>Masuk</h1>" in response.content.decode()


def test_the_language_switch_turns_it_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    response = client.get(reverse("login"))
    assert "<h1>Sign in</h1>" in response.content.decode()


def test_the_counts_follow_a_change_at_once(client, staff_user, demo):
    client.force_login(staff_user)
    assert 'data-testid="coverage">27 / 27<' in client.get(reverse("home:index")).content.decode()
    posting = Assignment.objects.current().select_related("facilitator").first()
    services.assignment_release(
        facilitator=posting.facilitator, end_date=datetime.date(2024, 6, 30), by=staff_user
    )
    content = client.get(reverse("home:index")).content.decode()
    assert 'data-testid="coverage">26 / 27<' in content

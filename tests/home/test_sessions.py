"""Sessions end after an idle time, yet a page view does not write them.

SESSION_COOKIE_AGE is an idle timeout: a session in use is saved again, with a
fresh expiry, at most once every SESSION_REFRESH_SECONDS (accounts/sessions.py);
sign-out and a password change still end it at once, read through a cache or not.
"""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 3, 3, 1, 0, tzinfo=datetime.UTC)
DASHBOARD = "home:index"


def signed_in(client, user):
    """Sign in through the sign-in page, as a person does."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]


def test_page_views_within_the_refresh_interval_write_no_session(client, staff_user):
    with time_machine.travel(START, tick=False) as traveller:
        session = signed_in(client, staff_user)
        for _minute in range(4):
            traveller.shift(datetime.timedelta(minutes=1))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(DASHBOARD))
            assert response.status_code == 200
            assert writes(queries) == []
            assert settings.SESSION_COOKIE_NAME not in response.cookies  # no new cookie either
    session.refresh_from_db()
    assert session.expire_date == START + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_a_session_in_use_gets_a_fresh_expiry_once_the_interval_has_passed(client, staff_user):
    with time_machine.travel(START, tick=False) as traveller:
        session = signed_in(client, staff_user)
        traveller.shift(datetime.timedelta(seconds=settings.SESSION_REFRESH_SECONDS))
        response = client.get(reverse(DASHBOARD))
        later = START + datetime.timedelta(seconds=settings.SESSION_REFRESH_SECONDS)
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.expire_date == later + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE


def test_someone_at_work_all_day_stays_signed_in(client, staff_user):
    """A page every 20 minutes for ten hours: longer than SESSION_COOKIE_AGE."""
    assert settings.SESSION_COOKIE_AGE < 10 * 60 * 60
    with time_machine.travel(START, tick=False) as traveller:
        signed_in(client, staff_user)
        for _visit in range(30):
            traveller.shift(datetime.timedelta(minutes=20))
            assert client.get(reverse(DASHBOARD)).status_code == 200


def test_a_session_left_idle_for_the_whole_age_has_ended(client, staff_user):
    with time_machine.travel(START, tick=False) as traveller:
        signed_in(client, staff_user)
        traveller.shift(datetime.timedelta(minutes=10))
        assert client.get(reverse(DASHBOARD)).status_code == 200  # refreshed here
        traveller.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        response = client.get(reverse(DASHBOARD))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.fixture(params=["db", "cached_db"])
def session_engine(request, settings):
    """Sessions in the database, and read through a cache in front of it."""
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{request.param}"
    return request.param


def test_signing_out_ends_the_session_for_a_copied_cookie_too(client, staff_user, session_engine):
    client.force_login(staff_user)
    copy = Client()  # the same cookie in another browser
    name = settings.SESSION_COOKIE_NAME
    copy.cookies[name] = client.cookies[name].value
    assert copy.get(reverse(DASHBOARD)).status_code == 200

    client.post(reverse("logout"))

    response = copy.get(reverse(DASHBOARD))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_password_change_ends_the_other_sessions_of_that_user(client, staff_user, session_engine):
    other_browser = Client()
    other_browser.force_login(staff_user)
    client.force_login(staff_user)
    new = "Sandi-baru-yang-panjang-42"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302

    assert client.get(reverse(DASHBOARD)).status_code == 200  # the one who changed it
    response = other_browser.get(reverse(DASHBOARD))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

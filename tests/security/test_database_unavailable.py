"""When the database cannot be used the service says so: /healthz answers 503
for a database that reads but takes no writes, and people get the Indonesian
503 page, not the generic error."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.fixture
def read_only_database(db):
    """The database answers reads and refuses every write, as a SQLite file that
    the application may not write to (or a PostgreSQL in read-only mode) does."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET SESSION default_transaction_read_only = on")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = OFF")
        else:
            cursor.execute("SET SESSION default_transaction_read_only = off")


@pytest.mark.sqlite
@pytest.mark.django_db
def test_healthz_answers_503_when_sqlite_takes_no_writes(client, staff_user, read_only_database):
    assert client.get("/healthz").status_code == 503
    # Which is what people meet: signing in writes a session, and fails.
    client.raise_request_exception = False
    response = client.post(
        reverse("login"), {"username": staff_user.username, "password": PASSWORD}
    )
    assert response.status_code == 503
    assert "coba lagi sebentar" in response.content.decode()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_postgresql_is_read_only(client, read_only_database):
    assert client.get("/healthz").status_code == 503


@pytest.mark.django_db
def test_healthz_writes_nothing_that_stays(client):
    from django.contrib.sessions.models import Session

    assert client.get("/healthz").status_code == 200
    assert not Session.objects.exists()


def run_against_a_database_that_is_down(script: str) -> subprocess.CompletedProcess:
    """A real process of the application whose database is a port nobody listens on."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "faskel.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none?connect_timeout=2",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )


def test_a_signed_in_page_answers_the_indonesian_503_page_while_the_database_is_down():
    script = "\n".join(
        [
            "import django; django.setup()",
            "from django.test import Client",
            "client = Client(HTTP_HOST='localhost', raise_request_exception=False)",
            "client.cookies['sessionid'] = 'a' * 32  # someone signed in before",
            "for path in ['/', '/facilitators/', '/me/', '/accounts/login/']:",
            "    response = client.get(path)",
            "    print(path, response.status_code, response['Retry-After'],",
            "          'coba lagi sebentar' in response.content.decode(),",
            "          'sessionid' in response.cookies)",
        ]
    )
    result = run_against_a_database_that_is_down(script)
    for line in result.stdout.splitlines():
        path, status, retry, says_try_again, cookie_touched = line.split()
        assert (status, retry, says_try_again) == ("503", "30", "True"), line
        # The session is left alone: people are still signed in once the database is back.
        assert cookie_touched == "False", line
    assert len(result.stdout.splitlines()) == 4
    # One error per request, logged as such; no second one from the session middleware.
    assert result.stderr.count("Service Unavailable: ") == 4
    assert "Internal Server Error" not in result.stderr
    assert "sessions/middleware.py" not in result.stderr


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_signing_in_on_a_read_only_postgresql_answers_the_503_page(
    client, staff_user, read_only_database
):
    # django-axes records the sign-in, Django writes the session: both are refused.
    client.raise_request_exception = False
    response = client.post(
        reverse("login"), {"username": staff_user.username, "password": PASSWORD}
    )
    assert response.status_code == 503
    assert "coba lagi sebentar" in response.content.decode()

import os
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_healthz_answers_200_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_does_not_answer():
    # A real server process whose database is a port nobody listens on.
    script = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client(HTTP_HOST=\"localhost\").get('/healthz').status_code)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "faskel.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none?connect_timeout=2",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "503"


@pytest.mark.django_db
def test_healthz_answers_over_plain_http_when_https_is_required(client, settings):
    # The container's health check asks over HTTP from inside; a redirect to
    # https://localhost/ kept the web service unhealthy, and the worker waiting.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301

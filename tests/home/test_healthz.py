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

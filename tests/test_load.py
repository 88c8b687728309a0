"""A short, bounded load test on loopback: 50 clients on the roster at once.

The application runs in gunicorn as in production (DEBUG off, WhiteNoise,
collected static files, the repository's gunicorn.conf.py: preloaded application
and WeasyPrint) on a scratch SQLite database with the demo roster.
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings

pytestmark = pytest.mark.sqlite  # its own SQLite file; once per CI run is enough

CLIENTS = 50
SECONDS = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'load.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DEBUG": "off",
        "SECRET_KEY": "load-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "off",
        "SESSION_COOKIE_SECURE": "off",
        "CSRF_COOKIE_SECURE": "off",
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["seed_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            manage + command, env=env, cwd=settings.BASE_DIR, check=True, capture_output=True
        )
    session = subprocess.run(
        manage
        + [
            "shell",
            "-c",
            "from django.contrib.sessions.backends.db import SessionStore;"
            "from accounts.models import User; u = User.objects.get(username='staf');"
            "s = SessionStore(); s['_auth_user_id'] = str(u.pk);"
            "s['_auth_user_backend'] = 'accounts.backends.PermissionBackend';"
            "s['_auth_user_hash'] = u.get_session_auth_hash(); s.create(); print(s.session_key)",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config=gunicorn.conf.py",
            "faskel.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--threads=8",
            "--log-level=warning",
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, session, tmp_path / "access.log"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_fifty_clients_on_the_roster_get_only_successful_answers(server):
    port, session, _log = server
    statuses: list[int] = []
    failures: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while time.monotonic() < deadline:
                connection.request(
                    "GET", "/assignments/", headers={"Cookie": f"sessionid={session}"}
                )
                response = connection.getresponse()
                body = response.read()
                with lock:
                    statuses.append(response.status)
                    if response.status == 200 and b"Daftar penugasan saat ini" not in body:
                        failures.append("a 200 without the roster")
        except OSError as error:
            with lock:
                failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 30)

    assert failures == []
    assert len(statuses) >= CLIENTS
    assert set(statuses) == {200}


def test_a_preloaded_worker_makes_pdfs_and_logs_requests_without_their_query(server):
    port, session, log = server
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": f"sessionid={session}"}
    nik = "3375010101900001"
    connection.request("GET", f"/facilitators/?q={nik}", headers=headers)
    response = connection.getresponse()
    response.read()
    assert response.status == 200
    for _ in range(2):  # WeasyPrint was loaded before the fork: PDFs still come out whole
        connection.request("GET", "/reports/roster.pdf", headers=headers)
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200
        assert body.startswith(b"%PDF") and body.rstrip().endswith(b"%%EOF")
    connection.close()

    logged = log.read_text()
    assert '"GET /facilitators/ HTTP/1.1" 200' in logged
    assert '"GET /reports/roster.pdf HTTP/1.1" 200' in logged
    assert nik not in logged and "?q=" not in logged

"""Two app servers side by side, sharing PostgreSQL and Redis, keep nothing of
their own: a person signed in on one goes on on the other, a posting changed on
one shows at once on the other's roster, and signing out, changing the
password or a login disabled on one ends the session on both.

Each server is gunicorn with the repository's gunicorn.conf.py (two workers,
preloaded) on its own loopback port, on the test database, with CACHE_URL naming
the machine's Redis (TEST_REDIS_URL, by default database 0 of 127.0.0.1:6379)
under a key prefix of this test's own, removed afterwards.
"""

import datetime
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from urllib.parse import urlencode

import pytest
import redis
from django.conf import global_settings, settings
from django.utils import timezone

from accounts import roles
from assignments.factories import AssignmentFactory
from registry.models import Kelurahan
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
COVERAGE = re.compile(r"(\d+) dari (\d+) kelurahan sudah memiliki fasilitator")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


class Browser:
    """One person's browser: keeps its cookies, follows no redirects."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, data: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if method == "POST":
            body = urlencode({**(data or {}), "csrfmiddlewaretoken": self.cookies["csrftoken"]})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if cookie_value in {"", '""'}:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
        connection.close()
        return response.status, response.getheader("Location") or "", content

    def get(self, port, path):
        return self.request(port, "GET", path)

    def post(self, port, path, data):
        return self.request(port, "POST", path, data)

    def sign_in(self, port, username, password=PASSWORD):
        self.get(port, "/accounts/login/")  # the CSRF cookie
        status, location, _ = self.post(
            port, "/accounts/login/", {"username": username, "password": password}
        )
        assert (status, "sessionid" in self.cookies) == (302, True), location


def signed_out(answer) -> bool:
    status, location, _ = answer
    return status == 302 and location.startswith("/accounts/login/")


def coverage(answer) -> tuple[int, int]:
    status, _, content = answer
    assert status == 200
    return tuple(map(int, COVERAGE.search(content).groups()))


@pytest.fixture
def shared_redis():
    prefix = f"faskel-two-servers-{secrets.token_hex(6)}"
    yield prefix
    server = redis.Redis.from_url(REDIS_URL)
    keys = list(server.scan_iter(f"{prefix}:*"))
    if keys:
        server.delete(*keys)


@pytest.fixture
def two_servers(tmp_path, shared_redis):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": test_database_url(),
        "CACHE_URL": f"{REDIS_URL}?key_prefix={shared_redis}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DEBUG": "off",
        "SECRET_KEY": "two-servers-test-only-secret-key-" + "x" * 40,  # the same on both
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "off",
        "SESSION_COOKIE_SECURE": "off",
        "CSRF_COOKIE_SECURE": "off",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        "WEB_CONCURRENCY": "2",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
    )
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config=gunicorn.conf.py",
                f"--bind=127.0.0.1:{port}",
                "faskel.wsgi",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
        yield ports, redis.Redis.from_url(REDIS_URL), shared_redis
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def test_two_servers_share_sessions_changes_and_sign_outs(two_servers, wilayah, settings):
    (one, two), shared_cache, prefix = two_servers
    # The servers check passwords with the real hashers, not the tests' quick one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    staff = make_user("siti.staf", roles.STAFF, is_staff=True)
    posting = AssignmentFactory(kelurahan=Kelurahan.objects.get(code="33.75.01.1002"))

    siti = Browser()
    siti.sign_in(one, staff.username)
    # Signed in on one, she goes on on the other: the session is theirs in common.
    assert coverage(siti.get(two, "/assignments/")) == (1, 27)
    assert coverage(siti.get(one, "/assignments/")) == (1, 27)
    # ... read through the cache they share (cached_db), in front of the database.
    session_key = siti.cookies["sessionid"]
    assert any(session_key in key.decode() for key in shared_cache.scan_iter(f"{prefix}:*"))

    # A posting ended on one shows at once on the other's roster (kept in the cache
    # under the register's version).
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    release = {
        "facilitator": posting.facilitator_id,
        "end_date": yesterday.isoformat(),
        "decree_number": "800/1/DPMPPA/2026",
    }
    status, location, _ = siti.post(one, "/assignments/release/", {**release, "confirmed": "1"})
    assert (status, location) == (302, "/assignments/")
    assert coverage(siti.get(two, "/assignments/")) == (0, 27)

    # A password changed on one ends that person's other sessions on both servers;
    # the browser that changed it stays signed in, on either server.
    elsewhere = Browser()
    elsewhere.sign_in(two, staff.username)
    assert coverage(elsewhere.get(one, "/assignments/")) == (0, 27)
    new_password = "Sandi-baru-yang-panjang-42"
    status, _, _ = siti.post(
        one,
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert status == 302
    assert signed_out(elsewhere.get(two, "/assignments/"))
    assert signed_out(elsewhere.get(one, "/assignments/"))
    assert coverage(siti.get(two, "/assignments/")) == (0, 27)

    # A facilitator's login disabled on one ends their session on the other at once:
    # the account is read through the shared cache, and removed from it on a change.
    ani_user = make_user("ani.faskel", roles.FACILITATOR)
    posting.facilitator.user = ani_user
    posting.facilitator.save(update_fields=["user"])
    ani = Browser()
    ani.sign_in(two, ani_user.username)
    assert ani.get(two, "/me/")[0] == 200
    assert ani.get(one, "/me/")[0] == 200
    account_active = f"/facilitators/{posting.facilitator_id}/account/active/"
    status, _, _ = siti.post(one, account_active, {"active": "0"})
    assert status == 302
    assert signed_out(ani.get(two, "/me/"))
    assert signed_out(ani.get(one, "/me/"))

    # Signing out on one ends the session on both, for a copy of the cookie too.
    copied = Browser()
    copied.cookies = dict(siti.cookies)
    status, _, _ = siti.post(two, "/accounts/logout/", {})
    assert status == 302
    assert signed_out(copied.get(one, "/assignments/"))
    assert signed_out(copied.get(two, "/assignments/"))

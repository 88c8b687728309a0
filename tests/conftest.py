"""Shared fixtures: the persona cast, reference data and the browser.

Personas: anonymous (the plain `client`), a facilitator with their own record,
another facilitator, a supervisor, a staff member and an administrator.
"""

import io
import os
import shutil

import hypothesis
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from accounts import roles
from accounts.models import User
from registry.factories import FacilitatorFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make beside it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# In CI the property-based tests draw the same examples every run, so a red run can
# be reproduced; on a developer's machine they explore new ones each time.
hypothesis.settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "Rahasia-uji-123"

# Tests that change rows from other threads (live server, concurrency) commit
# for real; the database is flushed after each, and the roles come back with
# the post_migrate signal that the flush sends.
transactional = [pytest.mark.django_db(transaction=True)]


def pytest_collection_modifyitems(config, items):
    """Tests for the other database do not run: deselected, not skipped."""
    other = (
        "sqlite"
        if settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        else ("postgresql")
    )
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker(other) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    # In CI nothing may be skipped: a missing browser or database is a failure.
    if os.environ.get("CI") and _skipped and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    if os.environ.get("CI") and _skipped:
        terminalreporter.write_line(
            f"CI: {len(_skipped)} test(s) skipped, which fails the run: " + ", ".join(_skipped),
            red=True,
        )


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Test databases roll back and reuse ids; a page kept by an earlier test must not show.
    cache.clear()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # A fast hasher: the tests create many users; the real one is tested by Django.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs collectstatic; tests serve files straight from static/.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Uploaded files land in the test's own folder, never in the project's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def wilayah(db):
    """The official 4 kecamatan and 27 kelurahan."""
    call_command("load_wilayah", stdout=io.StringIO())


def make_user(username: str, group: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff_user(db):
    return make_user("siti.staf", roles.STAFF, is_staff=True, first_name="Siti")


@pytest.fixture
def supervisor_user(db):
    return make_user("kabid.pm", roles.SUPERVISOR, first_name="Kepala Bidang")


@pytest.fixture
def administrator(db):
    return make_user("admin.sistem", is_staff=True, is_superuser=True)


@pytest.fixture
def facilitator(db):
    """A facilitator record with its own login."""
    user = make_user("ahmad.faskel", roles.FACILITATOR)
    return FacilitatorFactory(name="Ahmad Fasilitator", user=user)


@pytest.fixture
def other_facilitator(db):
    user = make_user("dewi.faskel", roles.FACILITATOR)
    return FacilitatorFactory(name="Dewi Lain", user=user)


@pytest.fixture
def client_of(client):
    """A test client signed in as the given user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts_dir():
    """Where browser tests keep screenshots and PDFs for people to look at."""
    path = settings.BASE_DIR / "artifacts"
    path.mkdir(exist_ok=True)
    return path

"""With a shared cache, the signed-in user and their permissions come from it, and
every change to the account, its groups or their permissions takes effect at the
next request (accounts/cached_users.py).

Runs against the Redis on this machine (TEST_REDIS_URL, by default database 0 of
127.0.0.1:6379), under a key prefix of its own that it removes again.
"""

import os
import secrets

import pytest
import redis
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts import cached_users, roles
from assignments.factories import AssignmentFactory
from registry import services
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD_PAGE = "password_change"  # a page of nothing but the frame: no query of its own
ROSTER = "assignments:roster"


@pytest.fixture(autouse=True)
def shared_cache(settings):
    prefix = f"faskel-test-{secrets.token_hex(6)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "home.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.SHARED_CACHE = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield
    server = redis.Redis.from_url(REDIS_URL)
    keys = list(server.scan_iter(f"{prefix}:*"))
    if keys:
        server.delete(*keys)


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def signed_out(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_signed_in_page_reads_neither_session_nor_user_from_the_database(
    staff_user, django_assert_num_queries
):
    browser = signed_in(staff_user)
    with django_assert_num_queries(2):  # the user and their permissions, then kept
        assert browser.get(reverse(PASSWORD_PAGE)).status_code == 200
    with django_assert_num_queries(0):
        response = browser.get(reverse(PASSWORD_PAGE))
    assert response.status_code == 200
    assert "Siti" in response.text  # the user the navigation names is the cached one


def test_a_disabled_login_ends_its_sessions_at_the_next_request(django_capture_on_commit_callbacks):
    posting = AssignmentFactory()
    user = make_user("faskel.satu", roles.FACILITATOR)
    posting.facilitator.user = user
    posting.facilitator.save(update_fields=["user"])
    browser = signed_in(user)
    assert browser.get(reverse("home:me")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.facilitator_account_set_active(facilitator=posting.facilitator, active=False)

    assert signed_out(browser.get(reverse("home:me")))


def test_a_role_given_or_taken_through_a_group_shows_at_the_next_request(
    django_capture_on_commit_callbacks,
):
    user = make_user("baru")
    browser = signed_in(user)
    assert browser.get(reverse(ROSTER)).status_code == 403

    staff = Group.objects.get(name=roles.STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        user.groups.add(staff)
    assert browser.get(reverse(ROSTER)).status_code == 200

    # From the group's side: all its members lose it.
    with django_capture_on_commit_callbacks(execute=True):
        staff.user_set.clear()
    assert browser.get(reverse(ROSTER)).status_code == 403


def test_a_permission_taken_from_a_group_is_gone_for_its_members_at_once(
    staff_user, django_capture_on_commit_callbacks
):
    browser = signed_in(staff_user)
    assert browser.get(reverse(ROSTER)).status_code == 200
    view = Permission.objects.get(codename="view_facilitator")
    staff = Group.objects.get(name=roles.STAFF)

    with django_capture_on_commit_callbacks(execute=True):
        staff.permissions.remove(view)
    assert browser.get(reverse(ROSTER)).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        staff_user.user_permissions.add(view)  # given to her alone
    assert browser.get(reverse(ROSTER)).status_code == 200


def test_an_entry_kept_by_another_request_before_the_commit_is_removed_after_it(
    staff_user, django_capture_on_commit_callbacks
):
    browser = signed_in(staff_user)
    browser.get(reverse(PASSWORD_PAGE))
    key = cached_users.entry_key(staff_user.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        staff_user.is_active = False
        staff_user.save(update_fields=["is_active"])
        # Another server's request, reading the row as it was before the commit,
        # keeps the old account.
        assert cache.get(key) is None
        cache.set(key, (cache.get(cached_users.GENERATION, 0), staff_user), 600)
    assert cache.get(key) is None
    assert signed_out(browser.get(reverse(PASSWORD_PAGE)))


def test_nothing_is_kept_with_a_cache_of_each_process(settings, staff_user):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.SHARED_CACHE = False
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    browser = signed_in(staff_user)
    browser.get(reverse(PASSWORD_PAGE))
    assert cache.get(cached_users.entry_key(staff_user.pk)) is None

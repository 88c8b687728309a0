"""The main navigation is rendered once per role, language and current page and
kept (includes/nav.html): whoever opens a page next still sees their own."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from accounts import roles
from registry.factories import FacilitatorFactory
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.S)


def nav(user, name: str, language: str | None = None) -> str:
    browser = Client()
    browser.force_login(user)
    if language:
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = browser.get(reverse(name))
    assert response.status_code == 200
    return NAV.search(response.content.decode()).group()


def current(html: str) -> list[str]:
    return re.findall(r'aria-current="page">([^<]+)<', html)


def test_each_role_page_and_language_gets_its_own_navigation(staff_user, supervisor_user):
    assert current(nav(staff_user, "assignments:roster")) == ["Daftar penugasan"]
    assert current(nav(staff_user, "home:index")) == ["Dasbor"]
    staff_nav = nav(staff_user, "home:index")
    assert "Admin" in staff_nav and "Kontrak" in staff_nav

    # The office supervisor on the same page: no admin, as the role has it.
    supervisor_nav = nav(supervisor_user, "home:index")
    assert current(supervisor_nav) == ["Dasbor"]
    assert "Admin" not in supervisor_nav

    # Office staff without access to the admin, on the same page.
    clerk = make_user("staf.tanpa.admin", roles.STAFF)
    assert "Admin" not in nav(clerk, "home:index")

    english = nav(staff_user, "home:index", language="en")
    assert current(english) == ["Dashboard"]
    assert "Daftar penugasan" not in english and "Roster" in english

    facilitator = make_user("faskel.nav", roles.FACILITATOR)
    FacilitatorFactory(user=facilitator)
    facilitator_nav = nav(facilitator, "briefings:my-briefings")
    assert current(facilitator_nav) == ["Pembekalan saya"]
    assert "Dasbor" not in facilitator_nav


def test_a_permission_taken_away_takes_its_link_with_it(supervisor_user):
    assert "Kontrak" in nav(supervisor_user, "home:index")
    Group.objects.get(name=roles.SUPERVISOR).permissions.remove(
        Permission.objects.get(codename="view_contract")
    )
    supervisor_user = type(supervisor_user).objects.get(pk=supervisor_user.pk)  # fresh perms
    assert "Kontrak" not in nav(supervisor_user, "home:index")

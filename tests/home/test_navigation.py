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


SIGNED_IN_AS = re.compile(r'<span data-testid="signed-in-as">([^<·]+?)(?: · [^<]*)?</span>')


def signed_in_as(user) -> str:
    browser = Client()
    browser.force_login(user)
    response = browser.get(reverse("home:index"), follow=True)  # a facilitator: /me/
    assert response.status_code == 200
    return SIGNED_IN_AS.search(response.content.decode()).group(1)


def test_the_header_names_each_person_by_their_name_not_their_login(db):
    officer = make_user("siti.staf2", roles.STAFF, first_name="Siti", last_name="Rahmawati")
    facilitator_login = make_user("fasilitator.rina", roles.FACILITATOR)
    FacilitatorFactory(name="Rina Lestari", user=facilitator_login)
    nameless = make_user("staf.tanpa.nama", roles.STAFF)

    # One page after the other, as the kept navigation is the same for a role:
    # each sees their own name, never the one before.
    assert signed_in_as(officer) == "Siti Rahmawati"
    assert signed_in_as(facilitator_login) == "Rina Lestari"
    assert signed_in_as(nameless) == "staf.tanpa.nama"
    assert signed_in_as(officer) == "Siti Rahmawati"
    other = make_user("fasilitator.budi", roles.FACILITATOR)
    FacilitatorFactory(name="Budi Santoso", user=other)
    assert signed_in_as(other) == "Budi Santoso"
    assert signed_in_as(facilitator_login) == "Rina Lestari"

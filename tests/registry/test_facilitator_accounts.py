"""Staff give a facilitator their login from the facilitator's page, and can disable it."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles
from accounts.models import User
from registry import services
from registry.factories import FacilitatorFactory
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def signs_in(username: str, password: str):
    """The user a sign-in through the real login page gives, or None."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    if response.status_code != 302:
        return None
    return User.objects.get(pk=client.session["_auth_user_id"])


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def rina(db):
    return FacilitatorFactory(name="Rina Lestari (demo)", email="rina@contoh.id")


def account_url(facilitator, suffix="") -> str:
    name = "registry:facilitator-account" + (f"-{suffix}" if suffix else "")
    return reverse(name, args=[facilitator.pk])


def test_the_facilitator_page_links_to_creating_the_login(staff, rina):
    content = staff.get(rina.get_absolute_url()).content.decode()
    assert f'href="{account_url(rina)}">Buat akun masuk<' in content


def test_the_form_suggests_a_free_username(staff, rina):
    make_user("rina.lestari")
    form = staff.get(account_url(rina)).context["form"]
    assert form.initial["username"] == "rina.lestari2"


@pytest.mark.parametrize(
    ("name", "username"),
    [
        ("Drs. Maras Siregar, S.Farm (demo)", "maras.siregar"),
        ("R.A. Unjani Andriani", "unjani.andriani"),
        ("Sukarni", "sukarni"),
    ],
)
def test_the_suggested_username_leaves_titles_out(staff, name, username):
    facilitator = FacilitatorFactory(name=name)
    assert staff.get(account_url(facilitator)).context["form"].initial["username"] == username


def test_staff_create_a_login_and_see_the_initial_password_once(staff, rina):
    response = staff.post(account_url(rina), {"username": "rina.lestari", "how": "password"})

    content = response.content.decode()
    password = response.context["password"]
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert f'data-testid="password">{password}<' in content
    assert "Ini hanya ditampilkan sekarang" in content
    rina.refresh_from_db()
    user = rina.user
    assert user.username == "rina.lestari"
    assert list(user.groups.values_list("name", flat=True)) == [roles.FACILITATOR]
    assert not (user.is_staff or user.is_superuser)
    assert (user.first_name, user.last_name, user.email) == ("Rina", "Lestari (demo)", rina.email)
    assert signs_in(username="rina.lestari", password=password) == user
    # Not stored in clear and not shown again.
    assert password not in user.password
    assert password not in staff.get(account_url(rina)).content.decode()


def test_the_new_login_reaches_the_facilitators_own_page(staff, rina):
    response = staff.post(account_url(rina), {"username": "rina.lestari", "how": "password"})

    browser = Client()
    response = browser.post(
        reverse("login"), {"username": "rina.lestari", "password": response.context["password"]}
    )
    assert response.status_code == 302
    assert browser.get("/").headers["Location"] == reverse("home:me")
    assert "Rina Lestari" in browser.get(reverse("home:me")).content.decode()


def test_a_set_password_link_instead_lets_the_facilitator_choose_it(staff, rina):
    response = staff.post(account_url(rina), {"username": "rina.lestari", "how": "link"})

    link = response.context["link"]
    assert link.startswith("http://testserver/accounts/reset/")
    user = User.objects.get(username="rina.lestari")
    assert not user.has_usable_password()

    browser = Client()
    form_page = browser.get(link, follow=True)
    browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Pekalongan-Batik-2024", "new_password2": "Pekalongan-Batik-2024"},
    )
    assert signs_in(username="rina.lestari", password="Pekalongan-Batik-2024") == user
    # The link works once.
    assert "tidak valid" in browser.get(link, follow=True).content.decode().lower()


def test_a_facilitator_has_exactly_one_login(staff, rina):
    staff.post(account_url(rina), {"username": "rina.lestari", "how": "password"})

    with pytest.raises(Exception, match="sudah memiliki akun masuk"):
        services.facilitator_account_create(
            facilitator=rina, username="rina.kedua", with_password=True
        )
    assert not User.objects.filter(username="rina.kedua").exists()
    # The page now manages the existing login instead of offering a new one.
    again = staff.post(account_url(rina), {"username": "rina.kedua", "how": "password"})
    assert 'data-testid="username">rina.lestari<' in again.content.decode()
    assert not User.objects.filter(username="rina.kedua").exists()


def test_a_username_in_use_is_refused_in_indonesian(staff, rina):
    make_user("Rina.Lestari")

    response = staff.post(account_url(rina), {"username": "rina.lestari", "how": "password"})

    assert "Nama pengguna rina.lestari sudah dipakai. Pilih nama lain." in (
        response.content.decode()
    )
    rina.refresh_from_db()
    assert rina.user is None


def test_an_inactive_facilitator_gets_no_login(staff):
    gone = FacilitatorFactory(name="Sri", is_active=False)

    response = staff.post(account_url(gone), {"username": "sri", "how": "password"})

    assert "tidak aktif" in response.content.decode()
    assert not User.objects.filter(username="sri").exists()


def test_staff_disable_the_login_and_its_open_session_ends(staff, facilitator):
    signed_in = Client()
    signed_in.force_login(facilitator.user)
    assert signed_in.get(reverse("home:me")).status_code == 200

    response = staff.post(account_url(facilitator, "active"), {"active": "0"}, follow=True)

    assert "Akun ahmad.faskel dinonaktifkan" in response.content.decode()
    facilitator.user.refresh_from_db()
    assert not facilitator.user.is_active
    assert signed_in.get(reverse("home:me")).status_code == 302  # back to sign in
    assert signs_in(username="ahmad.faskel", password=PASSWORD) is None

    staff.post(account_url(facilitator, "active"), {"active": "1"})
    assert signs_in(username="ahmad.faskel", password=PASSWORD) == facilitator.user


def test_staff_issue_a_new_password_and_the_old_one_stops_working(staff, facilitator):
    response = staff.post(account_url(facilitator, "reset"), {"how": "password"})

    new = response.context["password"]
    assert signs_in(username="ahmad.faskel", password=PASSWORD) is None
    assert signs_in(username="ahmad.faskel", password=new) == facilitator.user


def test_staff_cannot_touch_a_login_with_more_rights(staff, staff_user):
    colleague = make_user("budi.staf", roles.STAFF, is_staff=True)
    linked = FacilitatorFactory(user=colleague)

    staff.post(account_url(linked, "reset"), {"how": "password"})
    staff.post(account_url(linked, "active"), {"active": "0"})

    colleague.refresh_from_db()
    assert colleague.is_active  # the account, untouched
    assert colleague.check_password(PASSWORD)

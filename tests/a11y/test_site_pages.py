"""What every page relies on: a 404 that is a 404, the files browsers ask for,
the project's own password pages, and the admin speaking the user's language."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["staff_user", "facilitator", "administrator"])
def test_a_page_that_does_not_exist_is_a_404_when_signed_in(client, persona, request):
    person = request.getfixturevalue(persona)
    client.force_login(getattr(person, "user", person))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text


@pytest.mark.parametrize("signed_in", [False, True])
def test_favicon_and_robots_are_served_at_the_root(client, staff_user, signed_in):
    if signed_in:
        client.force_login(staff_user)
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200
    assert b"".join(favicon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    # The register is an intranet application: no robot may index it.
    assert b"".join(robots.streaming_content).decode().split() == [
        "User-agent:",
        "*",
        "Disallow:",
        "/",
    ]


def test_every_page_names_its_icon(client):
    assert 'rel="icon"' in client.get(reverse("login")).text


@pytest.mark.parametrize(
    "name", ["password_change", "password_reset", "password_reset_done", "password_change_done"]
)
def test_password_pages_are_the_applications_not_the_admins(client, facilitator, name):
    client.force_login(facilitator.user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.text
    assert "Django" not in page
    assert 'href="/admin/' not in page
    assert 'class="breadcrumbs"' not in page
    assert 'class="site-header"' in page  # the application's own layout


def test_a_facilitator_changes_their_password_on_the_applications_page(client, facilitator):
    client.force_login(facilitator.user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Sandi-baru-yang-panjang-9",
            "new_password2": "Sandi-baru-yang-panjang-9",
        },
        follow=True,
    )
    assert "Kata sandi diganti" in response.text
    facilitator.user.refresh_from_db()
    assert facilitator.user.check_password("Sandi-baru-yang-panjang-9")


def test_the_sign_in_error_names_the_username_once(client, staff_user):
    response = client.post(reverse("login"), {"username": "siti.staf", "password": "salah"})
    assert response.status_code == 200
    assert (
        "Masukkan nama pengguna dan kata sandi yang benar. "
        "Huruf besar dan kecil pada keduanya dibedakan." in response.text
    )
    assert "nama pengguna nama pengguna" not in response.text


def test_the_admin_speaks_english_in_english(client, administrator):
    client.force_login(administrator)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("admin:index")).text
    assert "Ward facilitator register — DPMPPA Kota Pekalongan" in page
    assert "Sign-in attempts" in page
    assert "Registri" not in page


def test_the_admin_speaks_indonesian_by_default(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("admin:index")).text
    assert "Registri Fasilitator Kelurahan — DPMPPA Kota Pekalongan" in page
    assert "Percobaan masuk" in page
    filters = client.get(reverse("admin:axes_accessattempt_changelist")).text
    assert "Berdasarkan Path" not in filters
    assert "Berdasarkan Alamat halaman" in filters

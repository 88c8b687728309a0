"""A facilitator signs in, sees their own kelurahan and attendance, and
updates their phone."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from tests.browser.test_posting import screenshots, sign_in
from tests.conftest import PASSWORD, transactional

pytestmark = [pytest.mark.browser, *transactional]


@pytest.fixture
def demo_facilitator():
    """The demo facilitator login, with a password the test knows."""
    call_command("seed_demo", stdout=io.StringIO())
    user = User.objects.get(username="fasilitator")
    user.set_password(PASSWORD)
    user.save()
    return user.facilitator


def test_a_facilitator_sees_their_kelurahan_and_attendance_and_updates_their_phone(
    page, demo_facilitator, artifacts_dir
):
    posting = demo_facilitator.assignments.current().select_related("kelurahan").get()
    status = demo_facilitator.attendances.get().get_status_display()

    sign_in(page, "fasilitator")

    assert page.get_by_role("heading", level=1).inner_text() == demo_facilitator.name
    assert page.get_by_test_id("kelurahan").inner_text() == posting.kelurahan.name
    assert posting.kelurahan.code in page.content()
    assert page.get_by_test_id("institution-LPM").is_visible()
    # The briefing of 2019 they attended (the bimtek ahead is still to come).
    attended = page.get_by_role("row").filter(has_text="13 Feb 2019")
    assert attended.get_by_test_id("my-attendance").inner_text() == status
    assert page.get_by_role("link", name="Dasbor").count() == 0  # no staff pages
    screenshots(page, artifacts_dir, "my-page")

    page.get_by_role("link", name="Perbarui telepon dan e-mail saya").click()
    page.fill("#id_phone", "0812 7777 8888")
    screenshots(page, artifacts_dir, "my-contact")
    page.get_by_role("button", name="Simpan").click()

    assert "Kontak Anda disimpan." in page.locator(".messages").inner_text()
    assert page.get_by_test_id("my-phone").inner_text() == "081277778888"
    demo_facilitator.refresh_from_db()
    assert demo_facilitator.phone == "081277778888"


def test_a_wrong_phone_number_is_refused_in_indonesian(page, demo_facilitator):
    sign_in(page, "fasilitator")
    page.goto("/me/contact/")
    page.fill("#id_phone", "021-555-1234")
    page.get_by_role("button", name="Simpan").click()

    assert "Masukkan nomor ponsel Indonesia" in page.locator(".error").inner_text()
    demo_facilitator.refresh_from_db()
    assert demo_facilitator.phone != "0215551234"


def test_a_facilitator_who_guesses_a_staff_url_is_refused(page, demo_facilitator):
    sign_in(page, "fasilitator")
    for path in ["/briefings/1/", "/facilitators/1/", "/assignments/"]:
        response = page.goto(path)
        assert response.status == 403, path
        assert page.get_by_role("heading", name="Akses ditolak").is_visible()

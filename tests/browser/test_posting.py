"""A person at the browser: staff post a facilitator; a supervisor only reads."""

import datetime
import io

import pytest
from django.core.management import call_command

from assignments import services
from assignments.models import Assignment
from tests.conftest import PASSWORD, transactional

pytestmark = [pytest.mark.browser, *transactional]


@pytest.fixture
def demo_with_a_gap():
    """The demo roster with one kelurahan left without its facilitator."""
    call_command("seed_demo", stdout=io.StringIO())
    posting = Assignment.objects.current().select_related("facilitator", "kelurahan").first()
    services.assignment_release(
        facilitator=posting.facilitator, end_date=datetime.date(2024, 6, 30), by=None
    )
    return posting.kelurahan


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def screenshots(page, artifacts_dir, name):
    for label, width in [("desktop", 1280), ("phone", 375)]:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=artifacts_dir / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_staff_post_a_reserve_facilitator_and_the_coverage_goes_up(
    page, staff_user, demo_with_a_gap, artifacts_dir
):
    sign_in(page, staff_user.username)
    coverage = page.get_by_test_id("coverage")
    assert coverage.inner_text() == "26 / 27"
    screenshots(page, artifacts_dir, "dashboard")

    page.get_by_role("link", name="Tugaskan fasilitator").first.click()
    assert page.locator("#id_kelurahan").input_value() == demo_with_a_gap.code
    page.select_option("#id_facilitator", index=1)
    page.fill("#id_decree_number", "800/045/DPMPPA/2024")
    page.get_by_role("button", name="Lanjutkan").click()
    assert demo_with_a_gap.name in page.get_by_test_id("summary").inner_text()
    page.get_by_role("button", name="Konfirmasi").click()

    assert (
        "sekarang ditugaskan di " + demo_with_a_gap.name in page.locator(".messages").inner_text()
    )
    screenshots(page, artifacts_dir, "roster")
    page.get_by_role("link", name="Dasbor").click()
    assert page.get_by_test_id("coverage").inner_text() == "27 / 27"


def test_a_supervisor_reads_the_roster_without_post_buttons_and_cannot_post(
    page, supervisor_user, demo_with_a_gap
):
    sign_in(page, supervisor_user.username)
    page.goto("/assignments/")
    assert page.get_by_role("heading", name="Daftar penugasan saat ini").is_visible()
    assert page.get_by_role("link", name="Tugaskan fasilitator").count() == 0

    # A hand-made POST with the page's own CSRF token is still refused.
    response = page.evaluate(
        """async (code) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const body = new URLSearchParams({facilitator: "1", kelurahan: code,
                start_date: "2024-07-01", decree_number: "X", confirmed: "1"});
            const r = await fetch("/assignments/post/", {method: "POST", body,
                headers: {"X-CSRFToken": token}});
            return r.status;
        }""",
        demo_with_a_gap.code,
    )
    assert response == 403
    assert not Assignment.objects.current().filter(kelurahan=demo_with_a_gap).exists()

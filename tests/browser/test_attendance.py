"""Staff record the attendance of the demo briefing in one form and see the totals."""

import io

import pytest
from django.core.management import call_command

from briefings.models import Attendance, Briefing
from tests.browser.test_posting import sign_in
from tests.conftest import transactional

pytestmark = [pytest.mark.browser, *transactional]


@pytest.fixture
def demo_briefing():
    """The demo briefing of 13 February 2019, its attendance not taken yet."""
    call_command("seed_demo", stdout=io.StringIO())
    Attendance.objects.all().delete()
    return Briefing.objects.get(title="Pembekalan Pemberdayaan Masyarakat")


def screenshots(page, artifacts_dir, name):
    """Full-page shots at desktop and phone width, scrolled to the end so the
    form's sticky save bar sits where it belongs instead of over a row."""
    for label, width in [("desktop", 1280), ("phone", 375)]:
        page.set_viewport_size({"width": width, "height": 800})
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.screenshot(path=artifacts_dir / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def choose(page, row: int, status: str) -> None:
    page.locator(f'input[name="rows-{row}-status"][value="{status}"]').check()


def test_staff_record_the_demo_briefing_and_see_the_totals(
    page, staff_user, demo_briefing, artifacts_dir
):
    sign_in(page, staff_user.username)
    page.get_by_role("link", name="Pembekalan", exact=True).click()
    page.get_by_role("link", name="Pembekalan Pemberdayaan Masyarakat").click()
    page.get_by_role("link", name="Catat kehadiran").click()

    # One session: the form straight away, every invitee on a row.
    assert "Rabu, 13 Februari 2019" in page.locator(".session-line").inner_text()
    assert page.locator("fieldset.choices").count() == 30
    page.get_by_role("button", name="Tandai semua hadir").click()
    assert page.locator('input[value="hadir"]:checked').count() == 30
    choose(page, 3, "izin")
    page.locator('input[name="rows-3-note"]').fill("Rapat di kelurahan")
    choose(page, 7, "sakit")
    choose(page, 11, "tidak_hadir")
    tally = page.locator("[data-tally]").inner_text()
    assert "Hadir 27" in tally and "Izin 1" in tally and "Belum dicatat 0" in tally
    screenshots(page, artifacts_dir, "attendance-form")

    page.get_by_role("button", name="Simpan kehadiran").click()

    assert "30 baru, 0 diperbaiki" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("overall-present-stat").inner_text() == "27 / 30"
    cells = ["present", "excused", "sick", "absent", "not-recorded", "rate"]
    shown = [page.get_by_test_id(f"session-1-{cell}").inner_text() for cell in cells]
    assert shown == ["27", "1", "1", "1", "0", "90,0%"]
    screenshots(page, artifacts_dir, "briefing-totals")

    # Opened again, the form shows what was saved and takes a correction.
    page.get_by_role("link", name="Catat kehadiran").first.click()
    assert page.locator('input[name="rows-3-status"][value="izin"]').is_checked()
    choose(page, 11, "hadir")
    page.get_by_role("button", name="Simpan kehadiran").click()
    assert "0 baru, 1 diperbaiki" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("session-1-present").inner_text() == "28"
    assert Attendance.objects.filter(recorded_by=staff_user).count() == 30


def test_mark_all_present_works_without_javascript(browser, live_server, staff_user, demo_briefing):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, staff_user.username)
        page.goto(f"/briefings/{demo_briefing.pk}/attendance/")
        page.locator('input[name="rows-0-note"]').fill("Datang terlambat")

        page.get_by_role("button", name="Tandai semua hadir").click()

        assert page.locator('input[value="hadir"]:checked').count() == 30
        assert page.locator('input[name="rows-0-note"]').input_value() == "Datang terlambat"
        assert not Attendance.objects.exists()
        page.get_by_role("button", name="Simpan kehadiran").click()
        assert page.get_by_test_id("overall-present-stat").inner_text() == "30 / 30"
    finally:
        context.close()

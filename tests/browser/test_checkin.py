"""The briefing day in two browsers: staff show the session's QR code, a
facilitator signed in on their own phone opens the address it holds and checks
in, and the staff's attendance form shows them present."""

import datetime
import time

import pytest
import segno
from django.utils import timezone

from briefings.factories import BriefingFactory, BriefingSessionFactory
from tests.browser.test_posting import sign_in
from tests.conftest import transactional

pytestmark = [pytest.mark.browser, *transactional]


@pytest.fixture
def session_now(facilitator, other_facilitator):
    """A session of today that has begun and runs two hours more (Asia/Jakarta)."""
    now = timezone.localtime()
    start = max(now - datetime.timedelta(hours=1), now.replace(hour=0, minute=0))
    end = min(now + datetime.timedelta(hours=2), now.replace(hour=23, minute=59))
    briefing = BriefingFactory(title="Rapat Koordinasi Hari Ini")
    session = BriefingSessionFactory(
        briefing=briefing,
        date=now.date(),
        start_time=start.time().replace(second=0, microsecond=0),
        end_time=end.time().replace(second=0, microsecond=0),
        venue="Aula DPMPPA",
    )
    briefing.invitees.set([facilitator, other_facilitator])
    return session


def test_a_facilitator_checks_in_with_the_code_staff_show(
    browser, live_server, page, staff_user, facilitator, session_now, artifacts_dir
):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    sign_in(page, staff_user.username)
    qr_page = f"/briefings/{session_now.briefing_id}/check-in/{session_now.pk}/"
    page.goto(qr_page)
    assert page.locator("[data-testid=checkin-tally]").inner_text() == "0 dari 2 sudah check-in"
    # The address the code holds, as the page also prints it under the code.
    address = page.locator("[data-testid=checkin-url]").inner_text()
    # The code drawn is that address: the same modules as segno draws for it.
    drawn = page.locator(".checkin-qr svg path[stroke]").get_attribute("d")
    expected = segno.make(address, error="m").svg_inline(lineclass=None, omitsize=True)
    assert f'd="{drawn}"' in expected
    for label, width in [("desktop", 1280), ("phone", 375)]:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts_dir / f"checkin-qr-{label}.png", full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{label}: {scroll}px wide"
    page.set_viewport_size({"width": 1280, "height": 900})

    phone = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 375, "height": 800}
    )
    facilitators_page = phone.new_page()
    sign_in(facilitators_page, facilitator.user.username)
    # A code counts during its own minute only: scan one with ten seconds of it left.
    if (second := timezone.now().second) >= 50:
        time.sleep(61 - second)
    page.reload()
    address = page.locator("[data-testid=checkin-url]").inner_text()
    facilitators_page.goto(address)
    facilitators_page.get_by_role("button", name="Check-in: saya hadir").click()
    assert "Anda sudah check-in: hadir pukul" in facilitators_page.locator(".messages").inner_text()
    facilitators_page.screenshot(path=artifacts_dir / "checkin-done-phone.png", full_page=True)
    phone.close()

    page.goto(f"/briefings/{session_now.briefing_id}/attendance/")
    row = page.locator("tr", has=page.get_by_text("Ahmad Fasilitator"))
    assert row.locator('input[value="hadir"]').is_checked()
    assert "check-in" in row.locator("[data-testid=self-checkin]").inner_text()
    assert (
        "1 fasilitator sudah check-in" in page.locator("[data-testid=checkin-count]").inner_text()
    )
    page.goto(qr_page)
    assert page.locator("[data-testid=checkin-tally]").inner_text() == "1 dari 2 sudah check-in"
    assert refused == []  # the content-security policy refused nothing on these pages

"""Staff decide the requests to be excused from the dashboard, a week before the
briefing, at desktop and phone width, and find the decisions in the session's
attendance form: the accepted one filled in, the refused one marked refused."""

import datetime

import pytest
from django.utils import timezone

from briefings import absence
from briefings.factories import BriefingFactory, BriefingSessionFactory
from tests.browser.test_accessibility import check_both_widths
from tests.browser.test_posting import sign_in
from tests.conftest import transactional

pytestmark = [pytest.mark.browser, *transactional]


@pytest.fixture
def requests_waiting(facilitator, other_facilitator):
    """Next week's briefing: Ahmad asks for izin, Dewi for sakit."""
    briefing = BriefingFactory(title="Rapat Koordinasi Pekan Depan")
    session = BriefingSessionFactory(
        briefing=briefing,
        date=timezone.localdate() + datetime.timedelta(days=7),
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        venue="Aula DPMPPA",
    )
    briefing.invitees.set([facilitator, other_facilitator])
    asked = [
        absence.absence_request_submit(
            session=session, facilitator=person, kind=kind, reason=reason, by=person.user
        )
        for person, kind, reason in [
            (facilitator, "izin", "Mendampingi musrenbang kelurahan"),
            (other_facilitator, "sakit", "Dirawat di rumah sakit"),
        ]
    ]
    return session, asked


def test_staff_decide_from_the_dashboard_and_see_it_in_the_attendance_form(
    page, staff_user, requests_waiting, artifacts_dir
):
    session, (izin, sakit) = requests_waiting
    sign_in(page, staff_user.username)
    inbox = page.get_by_test_id("absence-inbox")
    assert page.get_by_test_id("absence-inbox-count").inner_text() == "2"
    assert check_both_widths(page, "dashboard with the inbox") == []
    for label, width in [("desktop", 1280), ("phone", 375)]:
        page.set_viewport_size({"width": width, "height": 900})
        inbox.screenshot(path=artifacts_dir / f"absence-inbox-{label}.png")

    # On a phone: accept Ahmad's, refuse Dewi's with a reason.
    page.set_viewport_size({"width": 375, "height": 812})
    page.get_by_test_id(f"accept-{izin.pk}").click()
    assert "Permohonan Ahmad Fasilitator disetujui." in page.locator(".messages").inner_text()
    page.get_by_test_id(f"refuse-{sakit.pk}").click()
    assert "Sebutkan alasan penolakan" in page.locator(".messages").inner_text()
    page.locator(f"#decision-reason-{sakit.pk}").fill("Surat dokter belum dilampirkan")
    page.get_by_test_id(f"refuse-{sakit.pk}").click()
    assert "Permohonan Dewi Lain ditolak." in page.locator(".messages").inner_text()
    assert page.get_by_test_id("absence-inbox-count").inner_text() == "0"

    # The briefing's page tells both decisions; its attendance form is filled.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(session.briefing.get_absolute_url())
    assert "Diterima" in page.get_by_test_id(f"decision-{izin.pk}").inner_text()
    assert "Surat dokter belum dilampirkan" in (
        page.get_by_test_id(f"decision-{sakit.pk}").inner_text()
    )
    assert check_both_widths(page, "briefing with its requests") == []
    page.get_by_role("link", name="Catat kehadiran").first.click()
    rows = page.locator("tr", has=page.get_by_test_id("absence-request"))
    ahmad = rows.filter(has_text="Ahmad Fasilitator")
    assert ahmad.locator('input[value="izin"]').is_checked()
    assert "Disetujui sebelumnya: Izin" in ahmad.inner_text()
    dewi = rows.filter(has_text="Dewi Lain")
    assert "Permohonan Sakit ditolak" in dewi.inner_text()
    assert not dewi.locator('input[value="sakit"]').is_checked()
    assert check_both_widths(page, "attendance form with the decisions") == []
    page.screenshot(path=artifacts_dir / "absence-attendance-form.png", full_page=True)

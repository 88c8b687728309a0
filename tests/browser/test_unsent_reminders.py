"""Staff open the dashboard of the demo with nobody's e-mail address: the
reminders the daily command could not send wait in "Pengingat yang belum
terkirim", each with why, and a facilitator's with a WhatsApp link; the card
passes axe at both widths."""

import io
from urllib.parse import unquote

import pytest
from django.core.management import call_command

from accounts.models import User
from registry.models import Facilitator
from tests.browser.axe import WIDTHS, axe_violations, blocking, describe
from tests.browser.test_posting import screenshots, sign_in
from tests.conftest import PASSWORD, transactional

pytestmark = [pytest.mark.browser, *transactional]


@pytest.fixture
def demo_staff():
    call_command("seed_demo", stdout=io.StringIO())
    user = User.objects.get(username="staf")
    user.set_password(PASSWORD)
    user.email = ""
    user.save()
    # As in the office's demo: no address for anyone.
    Facilitator.objects.update(email="")
    User.objects.update(email="")
    # The day after the month's deadline: last month's reports are overdue.
    call_command("send_report_reminders", date="2026-12-08", stdout=io.StringIO())
    return user


def test_staff_see_the_reminders_not_sent_and_can_send_one_by_whatsapp(
    page, demo_staff, artifacts_dir
):
    sign_in(page, "staf")
    card = page.get_by_test_id("unsent-reminders")
    assert card.get_by_role("heading").inner_text() == "Pengingat yang belum terkirim"
    assert "Tidak ada alamat e-mail" in card.inner_text()
    whatsapp = card.get_by_role("link", name="Kirim lewat WhatsApp").first
    href = whatsapp.get_attribute("href")
    assert href.startswith("https://wa.me/628")
    assert "Yth. " in unquote(href) and "/me/reports/2026/11/" in unquote(href)
    # The number shows masked; whole only inside the link.
    number = "0" + href.removeprefix("https://wa.me/62").split("?")[0]
    assert number not in card.inner_text()
    screenshots(page, artifacts_dir, "unsent-reminders")
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        assert describe(blocking(axe_violations(page))) == []

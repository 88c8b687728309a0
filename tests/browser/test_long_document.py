"""A supervisor asks for a PDF too long to make while they wait: the link offers to
make it in the background, its button leads to the job's page, which shows the
document made by itself and offers it; a PDF too long to make at all is refused
with how to narrow it. Every page passes axe at both widths.

The thresholds are lowered so the demo's city roster counts as long; the test runs
the worker's part (`run_queued_tasks`) while the browser waits."""

import io
import re

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser.test_accessibility import check_both_widths
from tests.conftest import PASSWORD, transactional
from tests.jobs.worker import run_queued_tasks

pytestmark = [pytest.mark.browser, *transactional]


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_a_long_pdf_is_made_in_the_background_and_a_too_long_one_is_refused(
    page, supervisor_user, settings, artifacts_dir
):
    call_command("seed_demo", stdout=io.StringIO())
    settings.REPORT_PDF_INLINE_CELLS = 9
    sign_in(page, supervisor_user.username)

    page.goto(reverse("reports:roster"))
    link = page.get_by_role("link", name="PDF (dibuat di latar belakang)")
    assert link.get_attribute("download") is None  # a page to go to, not a file
    page.screenshot(path=artifacts_dir / "long-document-links.png")
    problems = check_both_widths(page, "roster, its PDF long")

    link.click()
    # The link offers it; nothing is queued until the button asks.
    assert page.get_by_role("heading", name="Daftar Fasilitator Kelurahan (PDF)").is_visible()
    assert re.search(r"Dokumen ini berisi \d+ baris", page.locator("main").inner_text())
    problems += check_both_widths(page, "offer")
    page.get_by_role("button", name="Buat di latar belakang").click()
    assert page.get_by_role("heading", name="Daftar Fasilitator Kelurahan (PDF)").is_visible()
    assert "Menunggu giliran" in page.locator("#job-progress").inner_text()
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=artifacts_dir / "long-document-waiting-phone.png", full_page=True)
    problems += check_both_widths(page, "job page, waiting")

    run_queued_tasks()
    download_link = page.get_by_role("link", name="Unduh daftar-fasilitator-kelurahan")
    download_link.wait_for()  # the page saw it done, by itself
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=artifacts_dir / "long-document-done.png", full_page=True)
    problems += check_both_widths(page, "job page, done")
    with page.expect_download() as download:
        download_link.click()
    pdf = pypdf.PdfReader(download.value.path())
    assert "Kelurahan 27" in " ".join(" ".join(p.extract_text() for p in pdf.pages).split())

    settings.REPORT_PDF_MAX_CELLS = 9
    page.goto(reverse("reports:roster-pdf"))
    assert "Persempit: pilih satu kecamatan." in page.get_by_role("alert").inner_text()
    page.screenshot(path=artifacts_dir / "long-document-refused.png", full_page=True)
    problems += check_both_widths(page, "refused")
    page.get_by_label("Kecamatan").select_option(label="Pekalongan Barat")
    page.get_by_role("button", name="Tampilkan").click()
    assert page.get_by_role("heading", name="Daftar Fasilitator Kelurahan").is_visible()
    assert problems == [], "\n".join(problems)

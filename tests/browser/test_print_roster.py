"""A supervisor prints the roster from the browser: A4 pages, the header on each."""

import io
import shutil
import subprocess

import pypdf
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import PASSWORD, transactional

pytestmark = [pytest.mark.browser, *transactional]

A4_POINTS = (595, 842)


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_the_printed_roster_has_a4_pages_with_the_table_header_repeated(
    page, supervisor_user, demo, artifacts_dir
):
    sign_in(page, supervisor_user.username)
    page.get_by_role("link", name="Laporan").click()
    page.get_by_role("button", name="Tampilkan dan cetak").first.click()
    assert page.get_by_role("heading", name="Daftar Fasilitator Kelurahan").is_visible()
    expect(page.get_by_role("button", name="Cetak")).to_be_visible()  # the script showed it
    page.screenshot(path=artifacts_dir / "report-roster-screen.png", full_page=True)

    target = artifacts_dir / "report-roster-print.pdf"
    page.pdf(path=target, prefer_css_page_size=True, print_background=True)

    reader = pypdf.PdfReader(target)
    assert len(reader.pages) >= 2
    for number, pdf_page in enumerate(reader.pages, start=1):
        size = tuple(round(float(v)) for v in pdf_page.mediabox.upper_right)
        assert size == A4_POINTS, number
        text = pdf_page.extract_text()
        assert "No." in text and "Kelurahan" in text and "Nomor SK" in text, number
        assert f"Halaman {number} dari {len(reader.pages)}" in text
    everything = " ".join(p.extract_text() for p in reader.pages)
    assert "Unduh:" not in everything  # the toolbar stays on screen
    assert "PEMERINTAH KOTA PEKALONGAN" in everything
    assert "Kepala Bidang Pemberdayaan" in everything

    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is needed for the page image"
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            target,
            artifacts_dir / "report-roster-print-page1",
        ],
        check=True,
    )
    assert (artifacts_dir / "report-roster-print-page1.png").stat().st_size > 10_000


def test_without_javascript_the_page_works_and_hides_the_print_button(
    browser, live_server, supervisor_user, demo
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, supervisor_user.username)
        page.goto("/reports/roster/?kecamatan=33.75.02")
        assert page.get_by_role("heading", name="Daftar Fasilitator Kelurahan").is_visible()
        assert page.get_by_role("button", name="Cetak").is_hidden()
        assert "Ctrl+P" in page.locator(".toolbar-hint").inner_text()
        assert "Pekalongan Timur" in page.locator("main").inner_text()
        assert "Pekalongan Barat" not in page.locator("main table").first.inner_text()
    finally:
        context.close()

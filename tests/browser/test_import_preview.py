"""Staff import the office's spreadsheet in a real browser: preview, errors, confirmation.

The checking and the writing run on the queue: the test runs the worker's part
(`run_queued_tasks`) while the browser waits on the job's page, which looks
again by itself (static/js/job-progress.js) and shows the outcome."""

import io

import pytest
from django.core.management import call_command

from accounts import roles
from assignments import resources as columns
from assignments.models import Assignment
from registry.models import Facilitator
from tests.conftest import PASSWORD, make_user, transactional
from tests.imports.helpers import person, xlsx_file
from tests.jobs.worker import run_queued_tasks

pytestmark = [pytest.mark.browser, *transactional]


def sign_in(page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "staf")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit], input[type=submit]")


def thirty_rows(*, broken=False):
    rows = []
    codes = [
        ("33.75.01.1002", "Medono"),
        ("33.75.01.1003", "Podosugih"),
        ("33.75.01.1004", "Sapuro Kebulen"),
    ]
    for n in range(30):
        code, name = codes[n] if n < len(codes) else ("", "")
        rows.append(
            person(
                NIK=f"33750101019{n:05d}",
                NAME=f"Fasilitator Contoh {n + 1}",
                PHONE=f"08123456{n:04d}",
                KELURAHAN_CODE=code,
                KELURAHAN=name,
                START="02/01/2019" if code else "",
                DECREE=f"800/{n + 1:03d}/DPMPPA/2019" if code else "",
            )
        )
    if broken:
        rows[1][columns.KELURAHAN_CODE] = "33.75.01.1002"
        rows[1][columns.KELURAHAN] = "Medono"
        rows[4][columns.JOINED] = "31/02/2016"
    return rows


def test_staff_preview_a_broken_file_then_import_the_corrected_one(page, artifacts_dir, tmp_path):
    call_command("load_wilayah", stdout=io.StringIO())
    make_user("staf", roles.STAFF, is_staff=True, first_name="Siti")
    broken, good = tmp_path / "fasilitator.xlsx", tmp_path / "fasilitator-benar.xlsx"
    broken.write_bytes(xlsx_file(thirty_rows(broken=True)).read())
    good.write_bytes(xlsx_file(thirty_rows()).read())

    sign_in(page)
    page.goto("/facilitators/")
    page.click("text=Impor dari spreadsheet")
    assert page.locator("#content h1").inner_text() == "Impor"
    page.screenshot(path=artifacts_dir / "import-upload.png", full_page=True)

    page.set_input_files("#id_import_file", str(broken))
    page.click("input[type=submit][value='Periksa file']")
    assert "Menunggu giliran" in page.locator("#job-progress").inner_text()
    page.screenshot(path=artifacts_dir / "import-waiting.png", full_page=True)
    run_queued_tasks()
    page.wait_for_selector("table.import-preview")  # the page saw it done, by itself
    assert "Tidak ada yang diimpor sampai semua baris benar" in page.content()
    errors = page.locator("td.has-error .cell-error").all_inner_texts()
    assert any("Baris 2, 3 dalam file ini" in e for e in errors)
    assert any("bukan tanggal" in e for e in errors)
    page.screenshot(path=artifacts_dir / "import-preview-errors.png", full_page=True)
    assert not Facilitator.objects.exists()

    page.click("text=Unggah file")
    page.set_input_files("#id_import_file", str(good))
    page.click("input[type=submit][value='Periksa file']")
    run_queued_tasks()
    page.wait_for_selector("input[type=submit][value='Konfirmasi impor']")
    page.screenshot(path=artifacts_dir / "import-preview.png", full_page=True)
    page.click("input[type=submit][value='Konfirmasi impor']")
    page.wait_for_selector("#job-progress")
    assert not Facilitator.objects.exists()  # the request only queued the writing
    run_queued_tasks()
    message = page.locator(".import-done").inner_text()  # waits for the page to see it
    assert "Impor selesai: 30 baru, 0 berubah, 0 tidak berubah." in message
    page.screenshot(path=artifacts_dir / "import-done.png", full_page=True)
    assert Facilitator.objects.count() == 30
    assert Assignment.objects.current().count() == 3

    page.goto(f"/facilitators/{Facilitator.objects.get(name='Fasilitator Contoh 1').pk}/")
    assert "Riwayat perubahan" in page.content()
    page.screenshot(path=artifacts_dir / "facilitator-history.png", full_page=True)

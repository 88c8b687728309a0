"""On a 375 px phone, a facilitator logs an activity with a photo and submits the month."""

import calendar
import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from activities.models import ActivityKind, MonthlyReport
from assignments.factories import AssignmentFactory
from tests.activities.conftest import gps_exif, jpeg_bytes
from tests.browser.test_posting import sign_in
from tests.conftest import transactional

pytestmark = [pytest.mark.browser, *transactional]

PHONE = {"width": 375, "height": 812}


def shot(page, artifacts_dir, name):
    page.screenshot(path=artifacts_dir / f"logbook-{name}-phone.png", full_page=True)


@pytest.fixture
def last_day_of_this_month():
    """A month's report is submitted from its last day: the evening of this month's,
    never hours behind the real clock (the browser would drop the session cookie)."""
    today = datetime.date.today()
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    evening = datetime.datetime.combine(last, datetime.time(20), ZoneInfo("Asia/Jakarta"))
    with time_machine.travel(evening):
        yield last


def test_a_facilitator_logs_an_activity_with_a_photo_and_submits_the_month(
    page, facilitator, tmp_path, artifacts_dir, last_day_of_this_month
):
    # The kinds a migration seeds are gone after an earlier transactional test's flush.
    ActivityKind.objects.get_or_create(name="Rapat/musyawarah")
    AssignmentFactory(facilitator=facilitator, kelurahan__name="Kergon")
    photo = tmp_path / "rapat-lpm.jpg"
    photo.write_bytes(jpeg_bytes(size=(3000, 2000), exif=gps_exif()))
    page.set_viewport_size(PHONE)

    sign_in(page, facilitator.user.username)
    page.get_by_role("link", name="Catat kegiatan").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Jenis").select_option(label="Rapat/musyawarah")
    page.get_by_label("LPM", exact=True).check()
    page.get_by_label("Uraian kegiatan").fill("Rapat pengurus LPM membahas rencana kegiatan")
    page.get_by_label("Hasil dan tindak lanjut").fill("Jadwal musyawarah disepakati")
    page.get_by_label("Jumlah peserta").fill("14")
    page.get_by_label("Jam").fill("2")
    page.get_by_label("Foto atau dokumen").set_input_files(str(photo))
    page.get_by_label("Keterangan", exact=True).fill("Rapat di balai RW")
    shot(page, artifacts_dir, "entry-form")
    page.get_by_role("button", name="Simpan", exact=True).click()

    assert "Kegiatan disimpan." in page.locator(".messages").inner_text()
    entry = page.get_by_test_id("entry")
    assert entry.count() == 1
    assert "Kergon" in entry.inner_text() and "1 berkas" in entry.inner_text()
    shot(page, artifacts_dir, "list")

    page.get_by_role("link", name="Tulis dan kirim laporan").click()
    page.get_by_label("Ringkasan").fill("Pendampingan LPM berjalan")
    page.get_by_label("Permasalahan dan pemecahan").fill("Pengurus sibuk; rapat dijadwalkan malam")
    page.get_by_label("Rencana kerja bulan berikutnya").fill("Musrenbang kelurahan")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, artifacts_dir, "report")
    page.get_by_role("button", name="Kirim laporan").click()

    assert "Laporan terkirim." in page.locator(".messages").inner_text()
    assert page.get_by_test_id("report-state").inner_text().startswith("Dikirim")
    assert page.get_by_role("button", name="Kirim laporan").count() == 0
    shot(page, artifacts_dir, "submitted")
    report = MonthlyReport.objects.get()
    assert report.state == "submitted"
    assert report.entries().get().attachments.get().taken_at is not None

"""Large imports run on the queue: the pages answer at once, show the progress, then
the preview or the outcome; a job that fails writes nothing and says why."""

import datetime
import html
import io
import time

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from accounts import roles
from assignments.factories import AssignmentFactory
from assignments.models import Assignment
from imports.jobs import NOT_IMPORTED_NOW, PREVIEW_ROWS
from imports.models import PendingUpload
from imports.reading import NOT_XLSX
from jobs.models import Job
from registry.models import Facilitator, Kelurahan
from tests.conftest import make_user
from tests.imports.helpers import (
    CONFIRM_URL,
    HEADERS,
    IMPORT_URL,
    confirmation,
    errors_of,
    preview,
    snapshot,
)
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db

# A request that starts a job does the little it must and answers: seconds of CPU.
REQUEST_SECONDS = 2.0


def big_workbook(rows: int, *, posted: int = 27) -> SimpleUploadedFile:
    """`rows` new facilitators, the first `posted` of them posted to a kelurahan each."""
    kelurahan = list(Kelurahan.objects.order_by("code").values_list("code", "name"))
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for n in range(rows):
        code, name = kelurahan[n] if n < posted else ("", "")
        sheet.append(
            [
                f"3375{n:012d}",
                f"Fasilitator Uji {n:05d}",
                "LP"[n % 2],
                f"0812{n:08d}",
                f"uji{n}@contoh.id",
                f"Jl. Uji No. {n}",
                "S1",
                "01/03/2016",
                "Ya",
                code,
                name,
                "02/01/2019" if code else "",
                f"800/{n:03d}/DPMPPA/2019" if code else "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("fasilitator-besar.xlsx", out.getvalue())


def timed(call):
    started = time.process_time()
    response = call()
    return response, time.process_time() - started


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_ten_thousand_rows_go_from_upload_to_done_through_the_pages(staff):
    upload = big_workbook(10_000)

    answer, cpu = timed(
        lambda: staff.post(IMPORT_URL, {"import_file": upload, "resource": "0", "format": ""})
    )
    assert answer.status_code == 302 and cpu < REQUEST_SECONDS, cpu
    waiting = staff.get(answer.url)
    assert waiting.context["job"].state == "queued"
    assert 'id="job-progress"' in waiting.content.decode()
    assert "Menunggu giliran" in page_text(waiting)

    run_queued_tasks()  # the worker checks the file
    shown = staff.get(answer.url)
    result = shown.context["result"]
    assert result.totals["new"] == 10_000 and not result.has_errors()
    assert len(result.rows) == PREVIEW_ROWS
    assert "Tabel menampilkan 1.000 baris pertama dari 10000 baris" in page_text(shown)
    assert not Facilitator.objects.exists()  # the preview wrote nothing

    confirmed, cpu = timed(lambda: staff.post(CONFIRM_URL, confirmation(shown)))
    assert confirmed.status_code == 302 and cpu < REQUEST_SECONDS, cpu
    assert staff.get(confirmed.url).context["job"].state == "queued"
    assert not Facilitator.objects.exists()

    run_queued_tasks()  # the worker writes it
    done = staff.get(confirmed.url)
    assert "Impor selesai: 10000 baru, 0 berubah, 0 tidak berubah." in page_text(done)
    assert Facilitator.objects.count() == 10_000
    assert Facilitator.history.filter(history_type="+").count() == 10_000
    assert set(Facilitator.history.values_list("history_user", flat=True)) == {
        shown.context["request"].user.pk
    }
    assert Assignment.objects.count() == 27
    assert PendingUpload.objects.get().data == b""


def test_a_job_that_fails_midway_writes_nothing_and_says_why(staff):
    """Rows 2-28 post someone to every kelurahan; between the preview and the
    confirmation, someone else is posted to the one row 15 names. The import has
    written the first postings when it reaches row 15: all of it is rolled back."""
    response = preview(staff, big_workbook(300))
    assert errors_of(response) == []
    taken = Kelurahan.objects.order_by("code")[13]
    AssignmentFactory(kelurahan=taken)
    before = snapshot()

    answer = staff.post(CONFIRM_URL, confirmation(response))
    run_queued_tasks()
    page = staff.get(answer.url)

    job = page.context["job"]
    assert job.state == "failed" and job.message == str(NOT_IMPORTED_NOW)
    text = page_text(page)
    assert "Tidak ada yang diimpor: baris yang tadi lolos pemeriksaan kini tidak lagi" in text
    assert f"Kelurahan {taken.name} sudah didampingi fasilitator" in text
    assert [row for row, _column, _message in errors_of(page)] == [15]
    assert snapshot() == before
    assert Facilitator.objects.count() == 1  # only the one posted in the meantime


def test_a_file_that_cannot_be_read_at_confirmation_fails_with_its_reason(staff):
    response = preview(staff, big_workbook(40))
    PendingUpload.objects.update(data=b"this is no workbook")  # the stored file is damaged
    before = snapshot()

    answer = staff.post(CONFIRM_URL, confirmation(response))
    run_queued_tasks()
    page = staff.get(answer.url)

    assert page.context["job"].state == "failed"
    assert str(NOT_XLSX) in page_text(page)
    assert snapshot() == before


def test_a_job_page_is_its_owners_alone(staff, client, wilayah):
    answer = staff.post(IMPORT_URL, {"import_file": big_workbook(5), "resource": "0", "format": ""})
    colleague = make_user("budi.staf", roles.STAFF, is_staff=True)
    client.force_login(colleague)
    assert client.get(answer.url).status_code == 404
    client.logout()
    assert client.get(answer.url).status_code == 302  # to the sign-in page
    assert Job.objects.count() == 1


def test_starting_a_job_or_looking_at_it_writes_no_session(staff):
    """On SQLite a worker may hold the only write lock the moment a job is committed:
    the request that started it, and the page that looks at it, must not wait for
    it with a session write, even when the session is due for its idle-timeout
    refresh (which any other page would then save)."""
    from django.contrib.sessions.models import Session

    def expiry():
        return Session.objects.get().expire_date

    later = timezone.now() + datetime.timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 60)
    with time_machine.travel(later, tick=False):
        Session.objects.update(expire_date=Session.objects.get().expire_date.replace(year=2099))
        answer = staff.post(
            IMPORT_URL, {"import_file": big_workbook(5), "resource": "0", "format": ""}
        )
        staff.get(answer.url)  # the job waits: looking at it writes nothing
        assert expiry().year == 2099
        run_queued_tasks()
        shown = staff.get(answer.url)  # finished: an ordinary page, which refreshes it
        assert expiry().year != 2099
    much_later = later + datetime.timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 60)
    with time_machine.travel(much_later, tick=False):
        Session.objects.update(expire_date=expiry().replace(year=2099))
        confirmed = staff.post(CONFIRM_URL, confirmation(shown))
        staff.get(confirmed.url)
        assert expiry().year == 2099

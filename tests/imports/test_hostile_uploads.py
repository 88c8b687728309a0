"""Uploads built to take a worker down are refused at once, with little memory.

Each file goes through the upload form, as a staff member's would, and, when
the form lets it through (it reads the first row only), through the job that
reads it on the queue (tests/jobs/worker.py runs it in this process): the
refusal must come within 2 seconds of work (CPU time of the process, which a busy
machine does not inflate; the wall clock only has to stay within 10 s) and the
import's Python allocations stay under 200 MB (tracemalloc), where reading them
naively cost gigabytes and minutes.
"""

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports import reading
from imports.models import PendingUpload
from tests.imports import hostile
from tests.imports.helpers import IMPORT_URL, file_error, preview, snapshot

pytestmark = pytest.mark.django_db

SECONDS = 2.0
WALL_SECONDS = 10.0
MEGABYTES = 200


def refused_quickly(client, name: str, data: bytes) -> str:
    before = snapshot()
    client.get(IMPORT_URL)  # the first request of a process loads the admin's code and templates
    # Time first, then memory: tracing every allocation slows Python down several times.
    started, cpu_started = time.perf_counter(), time.process_time()
    response = preview(client, SimpleUploadedFile(name, data))
    took, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    tracemalloc.start()
    try:
        again = preview(client, SimpleUploadedFile(name, data))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = file_error(response)
    assert message, "the file was not refused"
    assert file_error(again) == message
    assert "result" not in response.context
    assert cpu < SECONDS, f"refused after {cpu:.1f} s of work"
    assert took < WALL_SECONDS, f"refused after {took:.1f} s"
    assert peak < MEGABYTES * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"
    assert snapshot() == before
    assert not PendingUpload.objects.exists(), "a refused file is kept for nothing"
    return message


def test_a_zip_bomb_is_refused_from_the_zip_directory(staff):
    data = hostile.zip_bomb(unpacked_mb=64)
    assert len(data) < 200 * 1024  # 64 MB in less than 200 KB

    message = refused_quickly(staff, "fasilitator.xlsx", data)

    assert message == str(reading.TOO_LARGE_UNPACKED % {"limit": 40})


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "no-dimension"])
def test_a_sheet_whose_only_row_is_the_last_is_refused(staff, declared):
    data = hostile.last_row_only(declared=declared)
    assert len(data) < 8 * 1024

    message = refused_quickly(staff, "fasilitator.xlsx", data)

    assert message == str(reading.SHEET_TOO_LONG % {"row": "1.048.576", "limit": "10.000"})


def test_a_million_empty_rows_are_refused(staff):
    message = refused_quickly(staff, "fasilitator.xlsx", hostile.empty_rows(1_000_000))
    assert message == str(reading.SHEET_TOO_LONG % {"row": "20.001", "limit": "10.000"})


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "no-dimension"])
def test_a_hundred_thousand_rows_are_refused(staff, declared):
    data = hostile.many_rows(100_000, declared=declared)

    message = refused_quickly(staff, "fasilitator.xlsx", data)

    row = "100.001" if declared else "20.001"
    assert message == str(reading.SHEET_TOO_LONG % {"row": row, "limit": "10.000"})


def test_a_table_of_300_000_shared_strings_is_refused(staff):
    data = hostile.many_shared_strings(300_000)
    message = refused_quickly(staff, "fasilitator.xlsx", data)
    assert message == str(reading.TOO_LARGE_UNPACKED % {"limit": 40})


def test_a_cell_in_the_last_column_is_refused(staff):
    message = refused_quickly(staff, "fasilitator.xlsx", hostile.wide_row())
    assert message == str(reading.TOO_MANY_COLUMNS % {"column": "XFD"})


def test_a_csv_of_five_million_empty_lines_is_refused(staff):
    message = refused_quickly(staff, "fasilitator.csv", hostile.csv_of_empty_lines())
    assert message == str(reading.SHEET_TOO_LONG % {"row": "20.001", "limit": "10.000"})


def test_ten_thousand_rows_with_empty_rows_between_them_are_read():
    """The limits leave room for a real file: 10,000 rows, a blank line every tenth."""
    rows = [b"Nama"] + [b"" if n % 10 == 0 else b"Orang %d" % n for n in range(1, 11_112)]
    table = reading.read_table(b"\n".join(rows) + b"\n", "csv")
    assert len(table) == 10_000

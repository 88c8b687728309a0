"""Benchmark of the spreadsheet import on the queue (not a test: it prints figures).

    .venv/bin/python bench/imports.py [--rows 1000 10000] [--database-url URL]

It builds a scratch database (a new SQLite file in a temporary folder unless
--database-url names a PostgreSQL database it may empty), loads the official
27 kelurahan, and for each size writes a workbook of that many new
facilitators (27 of them posted, the rest in reserve). Each run is a child
process playing the web server, with a real worker beside it
(`manage.py db_worker`, polling every 0.2 s), as staff would use them:

- upload_s: the upload request itself (it only stores the file and queues the check);
- to_preview_s: from the upload until the job's page shows the preview
  (polled every 0.2 s, as the page does every 2 s);
- confirm_s / to_done_s: the confirmation request, and until the page says done;
- worker_cpu_s (check / write): the worker's CPU seconds for each job;
- web_peak_mb / worker_peak_mb: the highest resident memory of each process
  (ru_maxrss of the web process, VmHWM of the worker), Django included.

Then each hostile file of the tests (tests/imports/hostile.py) is uploaded
and timed until it is refused, by the upload form or by the worker.
`load_average` says how busy the machine was (1-minute load; 2 cores).
"""

import argparse
import html
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "off"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "faskel.settings"
    import django
    from django.conf import settings

    django.setup()
    # Static files straight from the source folders: no collectstatic needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_register():
    """An empty register with the official kelurahan and one staff member."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client

    from accounts import roles
    from accounts.models import User

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)  # the groups and their permissions
    call_command("load_wilayah", stdout=io.StringIO())
    user = User.objects.create_user("staf.bench", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.STAFF))
    client = Client()
    client.force_login(user)
    return client


def workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    from registry.models import Kelurahan
    from tests.imports.helpers import HEADERS

    kelurahan = list(Kelurahan.objects.order_by("code").values_list("code", "name"))
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for n in range(rows):
        code, name = kelurahan[n] if n < len(kelurahan) else ("", "")
        start, decree = ("02/01/2019", f"800/{n:03d}/DPMPPA/2019") if code else ("", "")
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
                start,
                decree,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def confirm_fields(page: str) -> dict:
    """The hidden fields of the preview's confirmation form, as the button sends them."""
    form = page[page.index('class="confirm-import"') :]
    form = form[: form.index("</form>")]
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)
    }


class Worker:
    """`manage.py db_worker` in a process of its own, on the same database."""

    def __init__(self):
        env = {**os.environ, "LOG_LEVEL": "WARNING"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                "--verbosity",
                "0",
            ],
            cwd=ROOT,
            env=env,
        )

    def cpu_s(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def wait_for_job(client, url: str, marker: str, limit: float = 1800) -> str:
    """Look at the job's page until it shows `marker` (or a failure)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        page = client.get(url).content.decode()
        if marker in page or 'class="errornote"' in page:
            return page
        time.sleep(0.2)
    raise TimeoutError(url)


def run_import(rows: int, path: str) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registry.models import Facilitator
    from tests.imports.helpers import CONFIRM_URL, IMPORT_URL

    client = fresh_register()
    data = Path(path).read_bytes()
    worker = Worker()
    time.sleep(3)  # the worker has started and waits for work, as it would in production
    try:
        upload = SimpleUploadedFile("fasilitator.xlsx", data)
        cpu = worker.cpu_s()
        started = time.perf_counter()
        answer = client.post(IMPORT_URL, {"import_file": upload, "resource": "0", "format": ""})
        upload_s = time.perf_counter() - started
        page = wait_for_job(client, answer.url, 'class="confirm-import"')
        to_preview = time.perf_counter() - started
        check_cpu = worker.cpu_s() - cpu

        cpu = worker.cpu_s()
        started = time.perf_counter()
        answer = client.post(CONFIRM_URL, confirm_fields(page))
        confirm_s = time.perf_counter() - started
        done = wait_for_job(client, answer.url, "import-done")
        to_done = time.perf_counter() - started
        write_cpu = worker.cpu_s() - cpu
        worker_peak = worker.peak_mb()
    finally:
        worker.stop()
    assert "import-done" in done, done[-2000:]
    assert Facilitator.objects.count() == rows, Facilitator.objects.count()
    return {
        "rows": rows,
        "file_kb": round(len(data) / 1024),
        "upload_s": round(upload_s, 2),
        "to_preview_s": round(to_preview, 2),
        "worker_cpu_check_s": round(check_cpu, 2),
        "confirm_s": round(confirm_s, 2),
        "to_done_s": round(to_done, 2),
        "worker_cpu_write_s": round(write_cpu, 2),
        "web_peak_mb": round(peak_mb()),
        "worker_peak_mb": round(worker_peak),
        "load_average": round(os.getloadavg()[0], 1),
    }


HOSTILE = {
    "300,000 shared strings": ("xlsx", "many_shared_strings", {}),
    "zip bomb (1 GB unpacked)": ("xlsx", "zip_bomb", {}),
    "only row 1,048,576": ("xlsx", "last_row_only", {"declared": False}),
    "a million empty rows": ("xlsx", "empty_rows", {}),
    "100,000 rows, no dimension": ("xlsx", "many_rows", {"declared": False}),
    "CSV of five million empty lines": ("csv", "csv_of_empty_lines", {}),
}


def run_hostile(name: str) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.imports import hostile
    from tests.imports.helpers import IMPORT_URL

    kind, builder, kwargs = HOSTILE[name]
    client = fresh_register()
    data = getattr(hostile, builder)(**kwargs)
    worker = Worker()
    time.sleep(3)
    try:
        before = peak_mb()
        upload = SimpleUploadedFile(f"serangan.{kind}", data)
        started, cpu, worker_cpu = time.perf_counter(), time.process_time(), worker.cpu_s()
        response = client.post(IMPORT_URL, {"import_file": upload, "resource": "0", "format": ""})
        if response.status_code == 302:
            page, by = wait_for_job(client, response.url, "import-done"), "worker"
            found = re.search(r'<p class="errornote"[^>]*>(.*?)</p>', page, re.S)
        else:
            page, by = response.content.decode(), "upload form"
            found = re.search(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', page)
        took, took_cpu = time.perf_counter() - started, time.process_time() - cpu
        worker_cpu = worker.cpu_s() - worker_cpu
        worker_peak = worker.peak_mb()
    finally:
        worker.stop()
    refused = html.unescape(found.group(1)).strip() if found else "NOT REFUSED"
    return {
        "file": name,
        "file_kb": round(len(data) / 1024),
        "refused_by": by,
        "refused_s": round(took, 3),
        "web_cpu_s": round(took_cpu, 3),
        "worker_cpu_s": round(worker_cpu, 3),
        "web_peak_mb_before_upload": round(before),
        "web_peak_mb": round(peak_mb()),
        "worker_peak_mb": round(worker_peak),
        "load_average": round(os.getloadavg()[0], 1),
        "message": refused[:60],
    }


def child(args) -> None:
    configure(args.database_url)
    if args.child_rows:
        result = run_import(args.child_rows, args.workbook)
    else:
        result = run_hostile(args.child_hostile)
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--child-rows", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--child-hostile", default="", help=argparse.SUPPRESS)
    parser.add_argument("--workbook", default="", help=argparse.SUPPRESS)
    parser.add_argument("--no-hostile", action="store_true", help="only the imports")
    args = parser.parse_args()
    if args.child_rows or args.child_hostile:
        return child(args)

    scratch = tempfile.mkdtemp(prefix="faskel-bench-")
    database_url = args.database_url or f"sqlite:///{scratch}/bench.sqlite3"
    configure(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_wilayah", stdout=io.StringIO())
    runs = []
    for rows in args.rows:
        path = Path(scratch) / f"fasilitator-{rows}.xlsx"
        path.write_bytes(workbook(rows))  # made here: the web process only uploads it
        runs.append(["--child-rows", str(rows), "--workbook", str(path)])
    if not args.no_hostile:
        runs += [["--child-hostile", name] for name in HOSTILE]
    for extra in runs:
        output = subprocess.run(
            [sys.executable, __file__, "--database-url", database_url, *extra],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        print(output.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()

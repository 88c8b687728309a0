"""Benchmark of the spreadsheet import (not a test: it prints figures).

Times are wall-clock seconds and the process's CPU seconds (the latter do not
count PostgreSQL's own work, and do not grow when other programs load the
machine); `load_average` says how busy the machine was.

    .venv/bin/python bench/imports.py [--rows 1000 10000] [--database-url URL]

It builds a scratch database (a new SQLite file in a temporary folder unless
--database-url names a PostgreSQL database it may empty), loads the official
27 kelurahan, and for each size writes a workbook of that many new
facilitators (27 of them posted, the rest in reserve), previews it and
confirms it through the real admin views, as a staff member would. It then
uploads each hostile file of the tests (tests/imports/hostile.py) and times
its refusal.

Each measurement runs in a fresh child process, so the peak memory it prints
(the child's maximum resident set, ru_maxrss) belongs to that run alone:
Django, the libraries and the import, nothing left over from another run.
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


def run_import(rows: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registry.models import Facilitator
    from tests.imports.helpers import CONFIRM_URL, IMPORT_URL

    client = fresh_register()
    data = workbook(rows)
    upload = SimpleUploadedFile("fasilitator.xlsx", data)
    started, cpu = time.perf_counter(), time.process_time()
    response = client.post(IMPORT_URL, {"import_file": upload, "resource": "0", "format": ""})
    preview, preview_cpu = time.perf_counter() - started, time.process_time() - cpu
    fields = confirm_fields(response.content.decode())
    started, cpu = time.perf_counter(), time.process_time()
    client.post(CONFIRM_URL, fields)
    confirm, confirm_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert Facilitator.objects.count() == rows, Facilitator.objects.count()
    return {
        "rows": rows,
        "file_kb": round(len(data) / 1024),
        "preview_s": round(preview, 2),
        "preview_cpu_s": round(preview_cpu, 2),
        "confirm_s": round(confirm, 2),
        "confirm_cpu_s": round(confirm_cpu, 2),
        "load_average": round(os.getloadavg()[0], 1),
        "peak_mb": round(peak_mb()),
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
    before = peak_mb()
    upload = SimpleUploadedFile(f"serangan.{kind}", data)
    started, cpu = time.perf_counter(), time.process_time()
    response = client.post(IMPORT_URL, {"import_file": upload, "resource": "0", "format": ""})
    took, took_cpu = time.perf_counter() - started, time.process_time() - cpu
    found = re.search(
        r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', response.content.decode()
    )
    refused = html.unescape(found.group(1)) if found else "NOT REFUSED"
    return {
        "file": name,
        "file_kb": round(len(data) / 1024),
        "refused_s": round(took, 3),
        "refused_cpu_s": round(took_cpu, 3),
        "peak_mb_before_upload": round(before),
        "peak_mb": round(peak_mb()),
        "message": refused[:60],
    }


def child(args) -> None:
    configure(args.database_url)
    result = run_import(args.child_rows) if args.child_rows else run_hostile(args.child_hostile)
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--child-rows", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--child-hostile", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_rows or args.child_hostile:
        return child(args)

    scratch = tempfile.mkdtemp(prefix="faskel-bench-")
    database_url = args.database_url or f"sqlite:///{scratch}/bench.sqlite3"
    configure(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    runs = [["--child-rows", str(rows)] for rows in args.rows]
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

"""Benchmark of the report exports (not a test: it prints figures).

    .venv/bin/python bench/reports.py [--rows 100000] [--database-url URL]

It builds a scratch database (a new SQLite file in a temporary folder unless
--database-url names an empty PostgreSQL database), loads the official 27
kelurahan with the demo roster, and times the PDF of that Pekalongan roster.
It then adds PDF_ROWS kelurahan with their facilitators and postings and
times the PDF of that longer roster (WeasyPrint loaded beforehand, as in a
preloaded worker; the better of two), which gives the cost of a row. Last it
adds kelurahan, facilitators and postings up to ROWS and exports the whole
roster as CSV and as XLSX through the real views (the request goes through
the middleware, as a supervisor's would).

Each export runs in a fresh child process, so the peak memory it prints
(the child's maximum resident set, ru_maxrss) belongs to that export alone:
Django, the libraries and the export, with nothing left over from building
the data. The figures are described in docs/performance.md.
"""

import argparse
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 5_000


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


def supervisor_client():
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="supervisor"))
    return client


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Building the data -----------------------------------------------------------


def build_pekalongan() -> None:
    import io

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())


def build_large(rows: int, start: int = 0) -> None:
    """ROWS more kelurahan (100 per kecamatan), facilitators and current postings,
    numbered from START (so a second call adds to the first)."""
    from django.db import transaction

    from assignments.models import Assignment
    from registry.models import Facilitator, Kecamatan, Kelurahan

    started = time.perf_counter()
    assert start % 100 == 0
    kecamatan_count = -(-rows // 100)
    with transaction.atomic():
        kecamatan = Kecamatan.objects.bulk_create(
            Kecamatan(code=f"98.{n // 100:02d}.{n % 100:02d}", name=f"Kecamatan Uji {n}")
            for n in range(start // 100, start // 100 + kecamatan_count)
        )
        for first in range(start, start + rows, BATCH):
            numbers = range(first, min(first + BATCH, start + rows))
            kelurahan = Kelurahan.objects.bulk_create(
                Kelurahan(
                    code=f"{kecamatan[(n - start) // 100].code}.{1000 + n % 100:04d}",
                    name=f"Kelurahan Uji {n}",
                    kecamatan=kecamatan[(n - start) // 100],
                )
                for n in numbers
            )
            facilitators = Facilitator.objects.bulk_create(
                Facilitator(name=f"Fasilitator Uji {n:06d}", sex="P", phone=f"0813{n:08d}")
                for n in numbers
            )
            Assignment.objects.bulk_create(
                Assignment(
                    facilitator=f,
                    kelurahan=k,
                    start_date=datetime.date(2020, 1, 2),
                    decree_number=f"800/{n:06d}/DPMPPA/2020",
                )
                for n, f, k in zip(numbers, facilitators, kelurahan, strict=True)
            )
    print(
        f"  built {rows:,} kelurahan, facilitators and postings in "
        f"{time.perf_counter() - started:.1f} s"
    )


# Measuring (in a child process) ----------------------------------------------


def measure(kind: str) -> dict:
    from django.urls import reverse

    client = supervisor_client()
    if kind == "pdf":
        url = reverse("reports:roster-pdf")
        timings = []
        for _ in range(6):
            started = time.perf_counter()
            response = client.get(url)
            assert response.status_code == 200
            timings.append(time.perf_counter() - started)
        return {
            "first_s": timings[0],
            "median_s": statistics.median(timings[1:]),
            "pages": response.content.count(b"/Type /Page\n") or None,
            "bytes": len(response.content),
            "peak_mb": rss_mb(),
        }

    if kind == "pdf-long":
        from reports.pdf import warm_up

        warm_up()  # WeasyPrint and the fonts loaded, as in a preloaded worker
        url = reverse("reports:roster-pdf")
        timings, cpu = [], []
        for _ in range(2):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            assert response.status_code == 200
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        from registry.models import Kelurahan

        return {
            "rows": Kelurahan.objects.count(),
            "seconds": min(timings),
            "cpu_seconds": min(cpu),
            "bytes": len(response.content),
            "peak_mb": rss_mb(),
        }

    url = reverse(f"reports:roster-{kind}")
    baseline = rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    response = client.get(url)
    assert response.status_code == 200
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    from django.utils import timezone

    from assignments.selectors import in_reserve
    from registry.models import Kelurahan

    rows = Kelurahan.objects.count() + in_reserve(timezone.localdate()).count()
    return {
        "rows": rows,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "rows_per_cpu_s": rows / cpu_seconds,
        "bytes": size,
        "baseline_mb": baseline,
        "peak_mb": rss_mb(),
    }


def run_child(kind: str, database_url: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--database-url", database_url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    parser.add_argument(
        "--pdf-rows", type=int, default=1000, help="kelurahan in the long PDF (default 1,000)"
    )
    parser.add_argument(
        "--measure", choices=["csv", "xlsx", "pdf", "pdf-long"], help=argparse.SUPPRESS
    )
    args = parser.parse_args()

    if args.measure:
        configure(args.database_url)
        print(json.dumps(measure(args.measure)))
        return

    with tempfile.TemporaryDirectory(prefix="faskel-bench-") as folder:
        database_url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        configure(database_url)
        from django.db import connection

        load = os.getloadavg()[0]
        print(
            f"Report benchmark on {connection.vendor}, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs, load average {load:.1f} at the start"
        )
        build_pekalongan()
        pdf = run_child("pdf", database_url)
        print(
            f"  PDF of the Pekalongan roster (27 kelurahan): first {pdf['first_s']:.2f} s, "
            f"then median {pdf['median_s']:.2f} s; {pdf['bytes'] / 1024:.0f} KB; "
            f"peak memory {pdf['peak_mb']:.0f} MB"
        )
        build_large(args.pdf_rows)
        connection.close()
        long = run_child("pdf-long", database_url)
        per_row = (long["seconds"] - pdf["median_s"]) / args.pdf_rows * 1000
        print(
            f"  PDF of the roster of {long['rows']:,} kelurahan: {long['seconds']:.1f} s "
            f"({long['cpu_seconds']:.1f} s CPU) = {per_row:.1f} ms a row beyond the "
            f"Pekalongan roster ({long['cpu_seconds'] / long['rows'] * 1000:.1f} ms of CPU a "
            f"row); {long['bytes'] / 1024:.0f} KB; peak memory "
            f"{long['peak_mb']:.0f} MB"
        )
        build_large(args.rows - args.pdf_rows, start=args.pdf_rows)
        connection.close()
        for kind in ["csv", "xlsx"]:
            figures = run_child(kind, database_url)
            print(
                f"  {kind.upper():4} roster export: {figures['rows']:,} rows in "
                f"{figures['seconds']:.2f} s = {figures['rows_per_s']:,.0f} rows/s "
                f"({figures['rows_per_cpu_s']:,.0f} per CPU second); "
                f"{figures['bytes'] / 2**20:.1f} MB file; peak memory "
                f"{figures['peak_mb']:.0f} MB (process before the export: "
                f"{figures['baseline_mb']:.0f} MB)"
            )


if __name__ == "__main__":
    main()

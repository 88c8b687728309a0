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

Between the two it grows the roster to NATIONAL_ROWS more kelurahan (8,400 by
default: a national register's kelurahan) and compares its PDF made the old way,
inside the request (the thresholds raised so the request makes it), with the
new: the request that queues it, then the worker that makes it (the worker's
own code, as `db_worker` runs it), with the worker's time, peak memory and the
memory it keeps afterwards. The XLSX of the whole register is measured both
ways too.

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
ROSTER_COLUMNS = 9


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


def current_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# What a request may make (reports/formats.py): raised for the child that measures a
# document made inside the request, as every document was before the queue.
INLINE_ALWAYS = {
    f"REPORT_{form}_{limit}_CELLS": str(10**12)
    for form in ["PDF", "XLSX", "CSV"]
    for limit in ["INLINE", "MAX"]
}


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


def build_other_documents(rows: int) -> None:
    """A briefing inviting ROWS facilitators, and a 2024 contract with payment details
    for each of them: the blank attendance sheet and March's honorarium list of that
    length, whose PDFs cost differently per cell from the roster's."""
    from django.db import transaction

    from briefings.models import Briefing, BriefingSession
    from contracts.models import Contract, PaymentDetails
    from registry.models import Facilitator

    people = list(Facilitator.objects.filter(name__startswith="Fasilitator Uji")[:rows])
    with transaction.atomic():
        briefing = Briefing.objects.create(title="Pembekalan Nasional")
        BriefingSession.objects.create(
            briefing=briefing,
            date=datetime.date(2024, 2, 14),
            start_time=datetime.time(8),
            end_time=datetime.time(15),
            venue="Aula",
        )
        briefing.invitees.set(people)
        Contract.objects.bulk_create(
            Contract(
                facilitator=person,
                number=f"027/{n:05d}/2024",
                signed_on=datetime.date(2023, 12, 20),
                start_date=datetime.date(2024, 1, 1),
                end_date=datetime.date(2024, 12, 31),
                monthly_honorarium=2_750_000,
            )
            for n, person in enumerate(people)
        )
        PaymentDetails.objects.bulk_create(
            PaymentDetails(
                facilitator=person,
                bank_name="Bank Jateng",
                account_number=f"{n:010d}",
                account_holder=person.name,
            )
            for n, person in enumerate(people)
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

    if kind == "pdf-others":
        from briefings.models import Briefing
        from reports.pdf import warm_up

        warm_up()
        briefing = Briefing.objects.get(title="Pembekalan Nasional")
        documents = {
            "blank attendance sheet": (
                reverse("reports:attendance-sheet-pdf", args=[briefing.pk]) + "?kind=blank",
                reverse("reports:attendance-sheet-csv", args=[briefing.pk]) + "?kind=blank",
            ),
            "honorarium list": (
                reverse("contracts:honorarium-pdf") + "?month=2024-03",
                reverse("contracts:honorarium-csv") + "?month=2024-03",
            ),
        }
        figures = {}
        for name, (pdf_url, csv_url) in documents.items():
            table = b"".join(client.get(csv_url)).decode("utf-8-sig").splitlines()
            cells = (len(table) - 1) * len(table[0].split(";"))
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(pdf_url)
            assert response.status_code == 200, response.status_code
            figures[name] = {
                "rows": len(table) - 1,
                "cells": cells,
                "seconds": time.perf_counter() - started,
                "cpu_seconds": time.process_time() - cpu_started,
            }
        return figures

    if kind == "pdf-refused":
        client.get(reverse("home:index"))  # the session and connection warmed
        started = time.perf_counter()
        response = client.get(reverse("reports:roster-pdf"))
        assert response.status_code == 400, response.status_code
        return {"seconds": time.perf_counter() - started}

    if kind in ("pdf-inline", "xlsx-inline", "html-inline"):
        from reports.pdf import warm_up

        warm_up()
        fmt = kind.removesuffix("-inline")
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(reverse("reports:roster" + ("" if fmt == "html" else f"-{fmt}")))
        assert response.status_code == 200, response.status_code
        size = sum(len(chunk) for chunk in response)
        return {
            "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu_started,
            "bytes": size,
            "peak_mb": rss_mb(),
        }

    if kind in ("pdf-queue", "xlsx-queue"):
        from jobs.models import Job

        fmt = kind.removesuffix("-queue")
        client.get(reverse("home:index"))  # the session and connection warmed
        started = time.perf_counter()
        response = client.get(reverse(f"reports:roster-{fmt}"))
        seconds = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        job = Job.objects.get(kind="report", arguments__form=fmt, state="queued")
        return {"seconds": seconds, "rows": job.total, "location": response["Location"]}

    if kind == "worker":
        from django.core.management import call_command

        from jobs.models import Job
        from reports.pdf import warm_up

        warm_up()  # as db_worker has it loaded after its first document
        baseline = current_rss_mb()
        started, cpu_started = time.perf_counter(), time.process_time()
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
        job = Job.objects.filter(kind="report").latest("finished_at")
        assert job.state == "done", job.message
        return {
            "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu_started,
            "queued_to_done_s": (job.finished_at - job.created_at).total_seconds(),
            "file": job.result["file_name"],
            "baseline_mb": baseline,
            "peak_mb": rss_mb(),
            "after_mb": current_rss_mb(),
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


def run_child(kind: str, database_url: str, env: dict | None = None) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--database-url", database_url],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
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
        "--national-rows",
        type=int,
        default=8400,
        help="kelurahan in the roster PDF made inside the request and in the background "
        "(default 8,400; 0 leaves it out)",
    )
    parser.add_argument(
        "--measure",
        choices=[
            "csv",
            "xlsx",
            "pdf",
            "pdf-long",
            "pdf-inline",
            "xlsx-inline",
            "html-inline",
            "pdf-refused",
            "pdf-others",
            "pdf-queue",
            "xlsx-queue",
            "worker",
        ],
        help=argparse.SUPPRESS,
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
        long = run_child("pdf-long", database_url, INLINE_ALWAYS)
        per_row = (long["seconds"] - pdf["median_s"]) / args.pdf_rows * 1000
        print(
            f"  PDF of the roster of {long['rows']:,} kelurahan: {long['seconds']:.1f} s "
            f"({long['cpu_seconds']:.1f} s CPU) = {per_row:.1f} ms a row beyond the "
            f"Pekalongan roster ({long['cpu_seconds'] / long['rows'] * 1000:.1f} ms of CPU a "
            f"row); {long['bytes'] / 1024:.0f} KB; peak memory "
            f"{long['peak_mb']:.0f} MB"
        )
        per_cell = long["cpu_seconds"] / (long["rows"] * ROSTER_COLUMNS) * 1000
        print(f"    = {per_cell:.2f} ms of CPU a cell")
        build_other_documents(args.pdf_rows)
        connection.close()
        for name, figures in run_child("pdf-others", database_url, INLINE_ALWAYS).items():
            print(
                f"  PDF of the {name} of {figures['rows']:,} rows ({figures['cells']:,} cells): "
                f"{figures['seconds']:.1f} s ({figures['cpu_seconds']:.1f} s CPU) = "
                f"{figures['cpu_seconds'] / figures['cells'] * 1000:.2f} ms of CPU a cell"
            )
        built = args.pdf_rows
        if args.national_rows > built:
            build_large(args.national_rows - built, start=built)
            built = args.national_rows
            connection.close()
            national(database_url, "pdf")
        build_large(args.rows - built, start=built)
        connection.close()
        for kind in ["csv", "xlsx"]:
            figures = run_child(kind, database_url, INLINE_ALWAYS)
            print(
                f"  {kind.upper():4} roster export: {figures['rows']:,} rows in "
                f"{figures['seconds']:.2f} s = {figures['rows_per_s']:,.0f} rows/s "
                f"({figures['rows_per_cpu_s']:,.0f} per CPU second); "
                f"{figures['bytes'] / 2**20:.1f} MB file; peak memory "
                f"{figures['peak_mb']:.0f} MB (process before the export: "
                f"{figures['baseline_mb']:.0f} MB)"
            )
        from django.conf import settings

        cells = (args.rows + 30) * ROSTER_COLUMNS
        if cells > settings.REPORT_XLSX_INLINE_CELLS:
            national(database_url, "xlsx", inline=False)
        if cells > settings.REPORT_PDF_MAX_CELLS:
            refused = run_child("pdf-refused", database_url)
            print(f"  PDF of the whole register refused in {refused['seconds'] * 1000:.0f} ms")


def national(database_url: str, fmt: str, *, inline: bool = True) -> None:
    """The roster in `fmt` made inside the request, then queued and made by the worker."""
    for made in [fmt, "html"] if inline else []:
        figures = run_child(f"{made}-inline", database_url, INLINE_ALWAYS)
        print(
            f"  {'page' if made == 'html' else made.upper()} of the roster inside the request"
            f"{' (as before the queue)' if made != 'html' else ''}: {figures['seconds']:.1f} s "
            f"({figures['cpu_seconds']:.1f} s CPU), {figures['bytes'] / 2**20:.1f} MB, "
            f"peak memory {figures['peak_mb']:.0f} MB"
        )
    queued = run_child(f"{fmt}-queue", database_url)
    print(
        f"  {fmt.upper()} of the roster ({queued['rows']:,} rows) asked for now: the request "
        f"answers in {queued['seconds'] * 1000:.0f} ms with {queued['location']}"
    )
    worker = run_child("worker", database_url)
    print(
        f"  the worker makes it in {worker['seconds']:.1f} s ({worker['cpu_seconds']:.1f} s "
        f"CPU; {worker['queued_to_done_s']:.1f} s from the request to done), "
        f"{worker['file']}; worker memory {worker['baseline_mb']:.0f} MB before, peak "
        f"{worker['peak_mb']:.0f} MB, {worker['after_mb']:.0f} MB after"
    )


if __name__ == "__main__":
    main()

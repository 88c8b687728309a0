"""Benchmark of the main pages at two scales, and of the roster's throughput.

    python bench/run.py --scale pekalongan --database sqlite
    python bench/run.py --scale national --database postgresql

It builds a fresh scratch database (a SQLite file under bench/data/, or the
PostgreSQL database `faskel_bench`, or --bench-database, on DATABASE_URL's
server), fills it at the chosen scale, then prints for each main page the
median and 95th-percentile server time and the number of queries, and where
the time of a signed-in request goes, middleware by middleware
(bench/shares.py). Last it serves the application with gunicorn on 127.0.0.1
and measures requests per second with wrk (Debian package `wrk`), with one
connection and with --connections, on Django's floor (a view served without
any middleware), on the signed-in minimal view (every middleware, the session
and the user) and on the roster, in the same server and interleaved rounds,
and prints each as a ratio to the floor. --cache-url serves with a shared
cache (Redis), as several app servers run.
See docs/performance.md for the figures and how to read them.
"""

import argparse
import datetime
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NATIONAL = {
    "kecamatan": 7_000,
    "kelurahan_per_kecamatan": 12,  # 84,000 kelurahan
    "facilitators": 80_000,
    "posted": 76_000,
    "history": 40_000,  # earlier, closed postings
    "briefings": 500,
    "sessions_per_briefing": 2,
    "invitees_per_briefing": 1_000,  # 2 sessions x 1,000 = 2,000 attendance rows each
}
BATCH = 5_000
REQUESTS = 30
WARM_UP = 3


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["pekalongan", "national"], required=True)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per URL")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved wrk rounds")
    parser.add_argument(
        "--bench-database",
        default="faskel_bench",
        help="name of the scratch PostgreSQL database (dropped and made again)",
    )
    parser.add_argument(
        "--cache-url",
        default="",
        help="CACHE_URL of the server, e.g. redis://127.0.0.1:6379/0 (default: in-process)",
    )
    return parser.parse_args()


def scratch_database_url(database: str, name: str) -> str:
    if database == "sqlite":
        data = ROOT / "bench" / "data"
        data.mkdir(exist_ok=True)
        path = data / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    import psycopg

    # Through the server's maintenance database: the scratch one may be DATABASE_URL's.
    maintenance = re.sub(r"/[^/?]*(\?|$)", r"/postgres\1", server, count=1)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        # The planner setting README.md recommends for a database on SSD storage.
        connection.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
    return re.sub(r"/[^/?]*(\?|$)", rf"/{name}\1", server, count=1)


def environment(database_url: str, cache_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "DEBUG": "off",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "off",
        "SESSION_COOKIE_SECURE": "off",
        "CSRF_COOKIE_SECURE": "off",
        "STATIC_ROOT": str(ROOT / "bench" / "data" / "static"),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }


def generate_national(say):
    from django.db import transaction

    from assignments.models import Assignment
    from briefings.models import Attendance, Briefing, BriefingSession
    from registry.models import Facilitator, Institution, Kecamatan, Kelurahan

    n = NATIONAL
    with transaction.atomic():
        kecamatan = Kecamatan.objects.bulk_create(
            (
                Kecamatan(
                    code=f"{11 + i // 2500:02d}.{i // 50 % 50 + 1:02d}.{i % 50 + 1:02d}",
                    name=f"Kecamatan {i:04d}",
                )
                for i in range(n["kecamatan"])
            ),
            batch_size=BATCH,
        )
        say(f"{len(kecamatan):,} kecamatan")
        kelurahan = Kelurahan.objects.bulk_create(
            (
                Kelurahan(
                    code=f"{k.code}.{1001 + j:04d}", name=f"Kelurahan {k.code}.{j}", kecamatan=k
                )
                for k in kecamatan
                for j in range(n["kelurahan_per_kecamatan"])
            ),
            batch_size=BATCH,
        )
        say(f"{len(kelurahan):,} kelurahan")
        Institution.objects.bulk_create(
            (Institution(kelurahan=k, kind="LPM", name=f"LPM {k.name}") for k in kelurahan),
            batch_size=BATCH,
        )
        facilitators = Facilitator.objects.bulk_create(
            (
                Facilitator(
                    name=f"Fasilitator Nasional {i:05d}",
                    nik=f"99{i:014d}",
                    sex="LP"[i % 2],
                    phone=f"0812{i:08d}",
                    joined_on=datetime.date(2015, 1, 1),
                )
                for i in range(n["facilitators"])
            ),
            batch_size=BATCH,
        )
        say(f"{len(facilitators):,} facilitators")
        current = (
            Assignment(
                facilitator=facilitators[i],
                kelurahan=kelurahan[i],
                start_date=datetime.date(2019, 1, 2),
                decree_number=f"800/{i}/2019",
            )
            for i in range(n["posted"])
        )
        history = (
            Assignment(
                facilitator=facilitators[(i + 1) % n["facilitators"]],
                kelurahan=kelurahan[i],
                start_date=datetime.date(2015, 1, 1),
                end_date=datetime.date(2018, 12, 31),
            )
            for i in range(n["history"])
        )
        Assignment.objects.bulk_create(current, batch_size=BATCH)
        Assignment.objects.bulk_create(history, batch_size=BATCH)
        say(f"{n['posted'] + n['history']:,} postings")

        invitations = []
        attendance = []
        statuses = ["hadir"] * 8 + ["izin", "tidak_hadir"]
        for b in range(n["briefings"]):
            briefing = Briefing.objects.create(title=f"Bimtek Nasional {b:03d}")
            sessions = BriefingSession.objects.bulk_create(
                BriefingSession(
                    briefing=briefing,
                    date=datetime.date(2019, 3, 1) + datetime.timedelta(days=5 * b + s),
                    start_time=datetime.time(8),
                    end_time=datetime.time(15),
                    venue="Aula",
                )
                for s in range(n["sessions_per_briefing"])
            )
            start = b * 160
            invited = [
                facilitators[(start + k) % n["facilitators"]]
                for k in range(n["invitees_per_briefing"])
            ]
            invitations += [
                Briefing.invitees.through(briefing_id=briefing.pk, facilitator_id=f.pk)
                for f in invited
            ]
            attendance += [
                Attendance(session=s, facilitator=f, status=statuses[(f.pk + s.pk) % 10])
                for s in sessions
                for f in invited
            ]
            if len(attendance) >= 50_000:
                Briefing.invitees.through.objects.bulk_create(invitations, batch_size=BATCH)
                Attendance.objects.bulk_create(attendance, batch_size=BATCH)
                invitations, attendance = [], []
        Briefing.invitees.through.objects.bulk_create(invitations, batch_size=BATCH)
        Attendance.objects.bulk_create(attendance, batch_size=BATCH)
        say(f"{n['briefings']} briefings, {Attendance.objects.count():,} attendance rows")


def personas():
    """The users the pages are seen as: a staff member and a posted facilitator."""
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import User
    from assignments.models import Assignment

    staff = User.objects.create_user("bench.staf", is_staff=True)
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    posting = Assignment.objects.current().select_related("facilitator").order_by("pk").first()
    facilitator = User.objects.create_user("bench.faskel")
    facilitator.groups.add(Group.objects.get(name=roles.FACILITATOR))
    posting.facilitator.user = facilitator
    posting.facilitator.save(update_fields=["user"])
    return staff, facilitator, posting


def pages(posting):
    from django.urls import NoReverseMatch, reverse

    from briefings.models import Briefing

    briefing = Briefing.objects.filter(invitees=posting.facilitator).order_by("pk").first()
    session = briefing.sessions.order_by("pk").first()
    wanted = [
        ("dashboard", "home:index", {}, "staff"),
        ("kelurahan list", "home:kelurahan-list", {}, "staff"),
        (
            "kelurahan detail",
            "home:kelurahan-detail",
            {"code": posting.kelurahan.code},
            "staff",
        ),
        ("facilitator list", "home:facilitator-list", {}, "staff"),
        (
            "facilitator detail",
            "home:facilitator-detail",
            {"pk": posting.facilitator_id},
            "staff",
        ),
        ("roster", "assignments:roster", {}, "staff"),
        (
            "briefing attendance form",
            "briefings:session-attendance",
            {"pk": briefing.pk, "session_pk": session.pk},
            "staff",
        ),
        ("my page (/me/)", "home:me", {}, "facilitator"),
    ]
    found = []
    for label, name, kwargs, who in wanted:
        try:
            found.append((label, reverse(name, kwargs=kwargs), who))
        except NoReverseMatch:
            print(f"  (no page {name} in this version)")
    return found


def measure_pages(staff, facilitator, posting):
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Counting needs the query log kept across the request (as the test runner does).
    request_started.disconnect(reset_queries)

    clients = {"staff": Client(), "facilitator": Client()}
    clients["staff"].force_login(staff)
    clients["facilitator"].force_login(facilitator)
    results = []
    for label, url, who in pages(posting):
        client = clients[who]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        query_count = len(queries)  # read now: the log is cleared below
        timings = []
        for attempt in range(WARM_UP + REQUESTS):
            started = time.perf_counter()
            client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            if attempt >= WARM_UP:
                timings.append(elapsed)
            reset_queries()
        p95 = statistics.quantiles(timings, n=20)[-1]
        results.append((label, url, statistics.median(timings), p95, query_count))
    return results


def session_cookie(user) -> str:
    """A signed-in session of the user, in the session engine the settings choose."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Measured side by side in the same server: Django's floor (no middleware), the
# cheapest signed-in page, and the roster.
FLOOR = [
    ("bare Django view", "/bench/bare"),
    ("signed-in minimal view", "/bench/minimal"),
    ("roster", "/assignments/"),
]


def wrk(port: int, path: str, cookie: str, connections: int, seconds: int) -> float:
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "-H",
            f"Cookie: sessionid={cookie}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{path} answered errors under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def throughput(env, cookie, seconds, connections, rounds):
    """Requests/s of FLOOR's pages, one connection and `connections`, in interleaved
    rounds (the median of each), so a busy machine disturbs each page alike."""
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): throughput not measured")
        return None
    port = free_port()
    workers = os.cpu_count() or 2
    # The repository's gunicorn.conf.py (the application preloaded), with sync
    # workers, one per CPU, and no access log.
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config=gunicorn.conf.py",
            "bench.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--threads=1",
            "--log-level=warning",
        ],
        env={**env, "GUNICORN_ACCESS_LOG": ""},
        cwd=ROOT,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)  # the workers boot after the socket is bound
        rates = {(label, c): [] for label, _ in FLOOR for c in (1, connections)}
        for _ in range(rounds):
            for c in (1, connections):
                for label, path in FLOOR:
                    rates[label, c].append(wrk(port, path, cookie, c, seconds))
        return {key: statistics.median(values) for key, values in rates.items()}, workers
    finally:
        server.terminate()
        server.wait(timeout=30)


def print_throughput(measured, connections, seconds, rounds):
    rates, workers = measured
    print(
        f"\nthroughput: gunicorn, {workers} sync workers, gunicorn.conf.py; wrk {seconds} s per "
        f"page, median of {rounds} interleaved rounds; load average now "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"{'':<26} {'1 connection':>22} {f'{connections} connections':>22}")
    print(f"{'':<26} {'requests/s':>12} {'ratio':>9} {'requests/s':>12} {'ratio':>9}")
    for label, _path in FLOOR:
        cells = []
        for c in (1, connections):
            rate = rates[label, c]
            cells.append(f"{rate:>12.0f} {rate / rates[FLOOR[0][0], c]:>9.3f}")
        print(f"{label:<26} {' '.join(cells)}")
    print("(ratio: to the bare Django view in the same run)")


def main():
    args = parse_args()
    database_url = scratch_database_url(args.database, args.bench_database)
    env = environment(database_url, args.cache_url)
    os.environ.update(env)

    import logging

    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # its sign-in notes are not figures
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_wilayah", stdout=open(os.devnull, "w"))  # noqa: SIM115
    if args.scale == "pekalongan":
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    else:
        generate_national(lambda line: print("  generated", line, flush=True))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a database in service has them
    staff, facilitator, posting = personas()
    print(f"data ready in {time.perf_counter() - started:.0f} s\n")

    print(f"{args.scale} scale on {args.database}: {REQUESTS} requests per page, in-process")
    print(f"{'page':<26} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for label, _url, p50, p95, queries in measure_pages(staff, facilitator, posting):
        print(f"{label:<26} {p50:>8.1f} {p95:>8.1f} {queries:>8}")

    cookie = session_cookie(staff)
    from bench.shares import measure as measure_shares
    from bench.shares import print_shares

    print("\nwhere a signed-in request's time goes (in-process, no HTTP):")
    print_shares(measure_shares([path for _label, path in FLOOR[1:]], cookie))

    measured = throughput(env, cookie, args.seconds, args.connections, args.rounds)
    if measured:
        print_throughput(measured, args.connections, args.seconds, args.rounds)


if __name__ == "__main__":
    main()

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
    # The daily work of a fraction of the posted facilitators (every tenth): the
    # logbook of the last three months and this one, and the three months' reports;
    # contracts for every hundredth, with their payment details.
    "working_every": 10,
    "report_months": 3,
    "entries_per_month": 4,
    "contract_every": 100,
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
        "--reuse",
        action="store_true",
        help="measure again on the scratch database of an earlier run (no drop, no build)",
    )
    parser.add_argument(
        "--no-throughput",
        action="store_true",
        help="time the pages and the middleware only (no gunicorn, no wrk)",
    )
    parser.add_argument(
        "--cache-url",
        default="",
        help="CACHE_URL of the server, e.g. redis://127.0.0.1:6379/0 (default: in-process)",
    )
    return parser.parse_args()


def scratch_database_url(database: str, name: str, reuse: bool = False) -> str:
    """The scratch database's URL, made empty unless `reuse` keeps it as it is."""
    if database == "sqlite":
        data = ROOT / "bench" / "data"
        data.mkdir(exist_ok=True)
        path = data / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm") if not reuse else ():
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if reuse:
        return re.sub(r"/[^/?]*(\?|$)", rf"/{name}\1", server, count=1)
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
        generate_work(say)


def generate_work(say):
    """The logbook, monthly reports and contracts of a fraction of the posted
    facilitators, dated from today: what the daily pages of the office, of an area
    and of a facilitator show."""
    from django.utils import timezone

    from activities.models import ActivityEntry, ActivityKind, MonthlyReport, month_start
    from assignments.models import Assignment
    from contracts.models import Contract, PaymentDetails

    n = NATIONAL
    today = timezone.localdate()
    this_month = month_start(today)
    months = [this_month]
    for _ in range(n["report_months"]):
        months.insert(0, month_start(months[0] - datetime.timedelta(days=1)))
    kinds = list(ActivityKind.objects.filter(active=True).values_list("pk", flat=True))
    postings = list(
        Assignment.objects.current()
        .order_by("pk")
        .values_list("facilitator_id", "kelurahan_id")[:: n["working_every"]]
    )
    now = timezone.now()
    entries, reports = [], []
    # Of the last month's reports, what the office sees in its first days: most
    # submitted, some checked, some still drafts or sent back; earlier months approved.
    last_states = ["submitted"] * 5 + ["verified"] * 3 + ["draft", "returned"]
    for index, (facilitator_id, kelurahan_id) in enumerate(postings):
        for month in months:
            for e in range(n["entries_per_month"] if month < this_month else min(today.day, 2)):
                entries.append(
                    ActivityEntry(
                        facilitator_id=facilitator_id,
                        kelurahan_id=kelurahan_id,
                        date=month + datetime.timedelta(days=min(e * 6, today.day - 1))
                        if month == this_month
                        else month + datetime.timedelta(days=e * 6),
                        accompanied="LPM",
                        kind_id=kinds[e % len(kinds)],
                        description="Pendampingan pengurus LPM dalam rapat bulanan",
                        result="Disepakati tindak lanjut",
                        participants=12,
                        hours=2.5,
                    )
                )
            if month == this_month:
                continue
            state = last_states[index % len(last_states)] if month == months[-2] else "approved"
            reached = {
                "submitted": state != "draft",
                "verified": state in ("verified", "approved"),
                "approved": state == "approved",
            }
            reports.append(
                MonthlyReport(
                    facilitator_id=facilitator_id,
                    kelurahan_id=kelurahan_id,
                    month=month,
                    summary="Ringkasan kegiatan bulan ini",
                    problems="Tidak ada kendala berarti",
                    plan="Melanjutkan pendampingan",
                    state=state,
                    submitted_at=now - datetime.timedelta(days=index % 20)
                    if reached["submitted"]
                    else None,
                    verified_at=now if reached["verified"] else None,
                    approved_at=now if reached["approved"] else None,
                )
            )
        if len(entries) >= 50_000:
            ActivityEntry.objects.bulk_create(entries, batch_size=BATCH)
            entries = []
    ActivityEntry.objects.bulk_create(entries, batch_size=BATCH)
    MonthlyReport.objects.bulk_create(reports, batch_size=BATCH)
    say(f"{ActivityEntry.objects.count():,} activities, {len(reports):,} monthly reports")

    year_start, year_end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    contracted = postings[:: n["contract_every"] // n["working_every"]]
    Contract.objects.bulk_create(
        (
            Contract(
                facilitator_id=facilitator_id,
                number=f"800/{i}/DPMPPA/{today.year}",
                signed_on=year_start,
                start_date=year_start,
                end_date=year_end,
                monthly_honorarium=2_500_000,
            )
            for i, (facilitator_id, _kelurahan) in enumerate(contracted)
        ),
        batch_size=BATCH,
    )
    PaymentDetails.objects.bulk_create(
        (
            PaymentDetails(
                facilitator_id=facilitator_id,
                bank_name="Bank Jateng",
                account_number=f"10{facilitator_id:010d}",
                account_holder="Fasilitator",
                npwp=f"{facilitator_id:015d}",
            )
            for facilitator_id, _kelurahan in contracted
        ),
        batch_size=BATCH,
    )
    say(f"{len(contracted):,} contracts with payment details")


class Personas:
    """The users the pages are seen as: office staff, an office supervisor, an area
    supervisor (a camat: the kecamatan of the first posting) and posted facilitators
    (the first `facilitators` postings of those with daily work). Made once; a run
    on a reused database finds them."""

    def __init__(self, facilitators: int = 1):
        from django.contrib.auth.models import Group

        from accounts import roles
        from accounts.models import User
        from assignments.models import Assignment

        def account(username, role, **fields):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username, **fields)
                user.groups.add(Group.objects.get(name=role))
            return user

        working = Assignment.objects.current().select_related("facilitator", "kelurahan")
        every = NATIONAL["working_every"] if Assignment.objects.count() > 1_000 else 1
        postings = list(working.order_by("pk")[: facilitators * every : every])
        self.posting = postings[0]
        self.staff = account("bench.staf", roles.STAFF, is_staff=True)
        self.supervisor = account("bench.supervisor", roles.SUPERVISOR)
        self.camat = account(
            "bench.camat", roles.AREA_SUPERVISOR, area=self.posting.kelurahan.kecamatan.code
        )
        self.facilitators = []
        for i, posting in enumerate(postings):
            user = account("bench.faskel" + (f".{i}" if i else ""), roles.FACILITATOR)
            if posting.facilitator.user_id != user.pk:
                posting.facilitator.user = user
                posting.facilitator.save(update_fields=["user"])
            self.facilitators.append(user)
        self.facilitator = self.facilitators[0]

    def of(self, who: str):
        return getattr(self, who)


def pages(personas):
    """Every page of the URLconf a user opens daily, as the role that opens it:
    (label, path, who)."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from activities.models import MonthlyReport, month_start
    from briefings.models import Briefing

    posting = personas.posting
    briefing = Briefing.objects.filter(invitees=posting.facilitator).order_by("pk").first()
    session = briefing.sessions.order_by("pk").first()
    today = timezone.localdate()
    last_month = month_start(month_start(today) - datetime.timedelta(days=1))
    kecamatan = posting.kelurahan.kecamatan.code
    waiting = (
        MonthlyReport.objects.filter(state="submitted", kelurahan__kecamatan__code=kecamatan)
        .order_by("pk")
        .first()
    ) or MonthlyReport.objects.order_by("pk").first()
    wanted = [
        ("dashboard", "home:index", {}, "", "staff"),
        ("kelurahan list", "home:kelurahan-list", {}, "", "staff"),
        (
            "kelurahan detail",
            "home:kelurahan-detail",
            {"code": posting.kelurahan.code},
            "",
            "staff",
        ),
        ("facilitator list", "home:facilitator-list", {}, "", "staff"),
        (
            "facilitator detail",
            "home:facilitator-detail",
            {"pk": posting.facilitator_id},
            "",
            "staff",
        ),
        ("roster", "assignments:roster", {}, "", "staff"),
        ("briefing list", "briefings:briefing-list", {}, "", "staff"),
        ("briefing detail", "briefings:briefing-detail", {"pk": briefing.pk}, "", "staff"),
        ("briefing edit", "briefings:briefing-update", {"pk": briefing.pk}, "", "staff"),
        (
            "attendance form",
            "briefings:session-attendance",
            {"pk": briefing.pk, "session_pk": session.pk},
            "",
            "staff",
        ),
        (
            "report matrix (a kecamatan)",
            "activities:matrix",
            {},
            f"?kecamatan={kecamatan}&year={today.year}",
            "staff",
        ),
        ("report inbox", "activities:inbox", {}, "", "staff"),
        ("report review", "activities:review", {"pk": waiting.pk}, "", "staff"),
        (
            "honorarium list (a month)",
            "contracts:honorarium",
            {},
            f"?month={last_month:%Y-%m}",
            "staff",
        ),
        (
            "honorarium list (a month, a kecamatan)",
            "contracts:honorarium",
            {},
            f"?month={last_month:%Y-%m}&kecamatan={kecamatan}",
            "staff",
        ),
        ("evaluation recap", "contracts:evaluation-recap", {}, "", "staff"),
        ("reports index", "reports:index", {}, "", "staff"),
        ("roster report (a kecamatan)", "reports:roster", {}, f"?kecamatan={kecamatan}", "staff"),
        ("camat: dashboard", "home:index", {}, "", "camat"),
        ("camat: roster", "assignments:roster", {}, "", "camat"),
        ("faskel: my page (/me/)", "home:me", {}, "", "facilitator"),
        ("faskel: logbook", "activities:logbook", {}, "", "facilitator"),
        ("faskel: new activity form", "activities:entry-create", {}, "", "facilitator"),
        (
            "faskel: monthly report",
            "activities:my-report",
            {"year": last_month.year, "month": last_month.month},
            "",
            "facilitator",
        ),
        ("faskel: my briefings", "briefings:my-briefings", {}, "", "facilitator"),
    ]
    found = []
    for label, name, kwargs, query, who in wanted:
        try:
            found.append((label, reverse(name, kwargs=kwargs) + query, who))
        except NoReverseMatch:
            print(f"  (no page {name} in this version)")
    return found


def measure_pages(personas):
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Counting needs the query log kept across the request (as the test runner does).
    request_started.disconnect(reset_queries)

    clients = {}
    results = []
    for label, url, who in pages(personas):
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(personas.of(who))
        client = clients[who]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)  # read now: the log is cleared below
        timings = []
        if response.status_code != 200:
            # Not the page (a refusal, an error): timed once, and said.
            started = time.perf_counter()
            client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            print(f"  {label}: {url} answered {response.status_code} in {elapsed:.0f} ms")
            results.append((label, url, elapsed, elapsed, query_count, response.status_code))
            reset_queries()
            continue
        for attempt in range(WARM_UP + REQUESTS):
            started = time.perf_counter()
            client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            if attempt >= WARM_UP:
                timings.append(elapsed)
            reset_queries()
        p95 = statistics.quantiles(timings, n=20)[-1]
        results.append(
            (label, url, statistics.median(timings), p95, query_count, response.status_code)
        )
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


def wait_for_workers(port: int) -> None:
    """Until a worker answers: gunicorn binds the socket before it forks the workers
    (and, with gunicorn.conf.py, before the warm-up PDF), which on a busy machine
    takes seconds."""
    import urllib.request

    for _ in range(1200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer in two minutes")


# Measured side by side in the same server: Django's floor (no middleware), the
# cheapest signed-in page, and the roster.
FLOOR = [
    ("bare Django view", "/bench/bare"),
    ("signed-in minimal view", "/bench/minimal"),
    ("roster", "/assignments/"),
]


def wrk_rate(port: int, path: str, cookie: str, connections: int, seconds: int) -> tuple:
    """Requests/s of `path` under `wrk`, signed in by `cookie`, and what went wrong
    ("12 not 2xx") or ""."""
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout=10s",
            "-H",
            f"Cookie: sessionid={cookie}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, (f"{errors.group(1)} not 2xx" if errors else "")


def wrk(port: int, path: str, cookie: str, connections: int, seconds: int) -> float:
    rate, errors = wrk_rate(port, path, cookie, connections, seconds)
    if errors:
        raise SystemExit(f"{path} answered errors under load: {errors}")
    return rate


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
        wait_for_workers(port)
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


def prepare(args, facilitators: int = 1):
    """Django set up on the scratch database, built at the scale (or, with
    args.reuse, as an earlier run left it), and the personas."""
    database_url = scratch_database_url(args.database, args.bench_database, args.reuse)
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
    from registry.models import Facilitator

    if not (args.reuse and Facilitator.objects.exists()):
        call_command("load_wilayah", stdout=open(os.devnull, "w"))  # noqa: SIM115
        if args.scale == "pekalongan":
            call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        else:
            generate_national(lambda line: print("  generated", line, flush=True))
        with connection.cursor() as cursor:
            # Planner statistics and the visibility map (index-only scans), as
            # autovacuum keeps them in a database in service.
            cursor.execute("VACUUM ANALYZE")
    personas = Personas(facilitators)
    print(f"data ready in {time.perf_counter() - started:.0f} s\n")
    return env, personas


def print_pages(results, title):
    print(f"\n{title}\n")
    print("| page | p50 ms | p95 ms | queries |")
    print("| --- | --- | --- | --- |")
    for label, _url, p50, p95, queries, status in results:
        note = "" if status == 200 else f" (answers {status})"
        print(f"| {label}{note} | {p50:.1f} | {p95:.1f} | {queries} |")


def main():
    args = parse_args()
    env, personas = prepare(args)
    print_pages(
        measure_pages(personas),
        f"{args.scale} scale on {args.database}: {REQUESTS} requests per page, in-process; "
        f"load average {os.getloadavg()[0]:.1f}",
    )

    cookie = session_cookie(personas.staff)
    from bench.shares import measure as measure_shares
    from bench.shares import print_shares

    print("\nwhere a signed-in request's time goes (in-process, no HTTP):")
    print_shares(measure_shares([path for _label, path in FLOOR[1:]], cookie))

    if args.no_throughput:
        return
    measured = throughput(env, cookie, args.seconds, args.connections, args.rounds)
    if measured:
        print_throughput(measured, args.connections, args.seconds, args.rounds)


if __name__ == "__main__":
    main()

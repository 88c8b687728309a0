"""Server time of the briefing pages at the national scale (80,000 facilitators).

    python bench/briefings.py --database postgresql            # build, then measure
    python bench/briefings.py --database postgresql --reuse    # measure an existing build

It builds the national data of bench/run.py (7,000 kecamatan, 84,000 kelurahan,
80,000 facilitators, 500 briefings of two sessions with 1,000 invitees each) in
a scratch database (`faskel_bench_briefings`, or --bench-database), adds one
briefing that invites every active facilitator (the default of a new briefing),
and prints the median and 95th-percentile server time and the queries of each
briefing page, as staff, in-process through Django's test client (the time to
first byte less the network). Pages this version does not have are left out,
so the same command measures before and after a change.
"""

import argparse
import contextlib
import datetime
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import environment, generate_national, scratch_database_url  # noqa: E402

REQUESTS = 10
WARM_UP = 2
EVERYONE = "Rapat Koordinasi Nasional"  # the briefing that invites every active facilitator


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--bench-database", default="faskel_bench_briefings")
    parser.add_argument("--reuse", action="store_true", help="measure the database as it is")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    return parser.parse_args()


def invite_everyone(say):
    from django.db import transaction

    from briefings.models import Briefing, BriefingSession
    from registry.models import Facilitator

    with transaction.atomic():
        briefing = Briefing.objects.create(title=EVERYONE)
        BriefingSession.objects.create(
            briefing=briefing,
            date=datetime.date(2030, 3, 4),
            start_time=datetime.time(8),
            end_time=datetime.time(15),
            venue="Aula",
        )
        Briefing.invitees.through.objects.bulk_create(
            (
                Briefing.invitees.through(briefing_id=briefing.pk, facilitator_id=pk)
                for pk in Facilitator.objects.values_list("pk", flat=True).iterator()
            ),
            batch_size=5_000,
        )
    say(f"one briefing inviting all {briefing.invitees.count():,} facilitators")


def staff_user():
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import User

    user = User.objects.filter(username="bench.staf").first()
    if user is None:
        user = User.objects.create_user("bench.staf", is_staff=True)
        user.groups.add(Group.objects.get(name=roles.STAFF))
    return user


def pages():
    from django.urls import NoReverseMatch, reverse

    from briefings.models import Briefing

    thousand = Briefing.objects.exclude(title=EVERYONE).order_by("pk").first()
    everyone = Briefing.objects.get(title=EVERYONE)
    wanted = [
        ("detail, 1,000 invitees", "briefings:briefing-detail", thousand, {}),
        ("detail, 80,000 invitees", "briefings:briefing-detail", everyone, {}),
        ("edit, 1,000 invitees", "briefings:briefing-update", thousand, {}),
        ("edit, 80,000 invitees", "briefings:briefing-update", everyone, {}),
        ("new briefing", "briefings:briefing-create", None, {}),
        ("invitees, 80,000", "briefings:invitees", everyone, {}),
        ("invitees, search", "briefings:invitees", everyone, {"q": "Nasional 0421"}),
        ("attendance form, 1,000", "briefings:session-attendance", thousand, {"session": 1}),
        ("invitations, 80,000", "briefings:invitations", everyone, {}),
        ("certificates, 1,000", "briefings:certificates", thousand, {}),
        ("check-in code, 80,000", "briefings:session-checkin", everyone, {"session": 1}),
    ]
    found = []
    for label, name, briefing, extra in wanted:
        kwargs = {"pk": briefing.pk} if briefing else {}
        query = ""
        if "session" in extra:
            kwargs["session_pk"] = briefing.sessions.order_by("pk").first().pk
        if "q" in extra:
            query = f"?q={extra['q'].replace(' ', '+')}"
        with contextlib.suppress(NoReverseMatch):  # a page this version does not have
            found.append((label, reverse(name, kwargs=kwargs) + query))
    return found


def measure(user, requests: int):
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    request_started.disconnect(reset_queries)
    client = Client()
    client.force_login(user)
    for label, url in pages():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            first = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        count = len(queries)
        timings = []
        runs = requests if first < 5_000 else 2  # a page of many seconds: two are enough
        for attempt in range(WARM_UP + runs if first < 5_000 else runs):
            started = time.perf_counter()
            client.get(url)
            if attempt >= (WARM_UP if first < 5_000 else 0):
                timings.append((time.perf_counter() - started) * 1000)
            reset_queries()
        p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 2 else max(timings)
        size = len(response.content) // 1024
        print(
            f"{label:<26} {statistics.median(timings):9.1f} {p95:9.1f} {count:8} {size:7} KB",
            flush=True,
        )


def main():
    args = parse_args()
    if args.reuse:
        database_url = re.sub(
            r"/[^/?]*(\?|$)",
            rf"/{args.bench_database}\1",
            os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
            count=1,
        )
        if args.database == "sqlite":
            database_url = f"sqlite:///{ROOT / 'bench' / 'data' / 'bench.sqlite3'}"
    else:
        database_url = scratch_database_url(args.database, args.bench_database)
    os.environ.update(environment(database_url, ""))
    os.environ["LOG_LEVEL"] = "WARNING"

    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    from django.conf import settings

    # Static files from the source folders: no collectstatic needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not args.reuse:
        call_command("load_wilayah", stdout=open(os.devnull, "w"))  # noqa: SIM115
        say = lambda line: print("  generated", line, flush=True)  # noqa: E731
        generate_national(say)
        invite_everyone(say)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"data ready in {time.perf_counter() - started:.0f} s", flush=True)
    user = staff_user()
    print(f"load average {os.getloadavg()[0]:.1f}; in-process, signed in as staff")
    print(f"{'page':<26} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8} {'size':>10}")
    measure(user, args.requests)


if __name__ == "__main__":
    main()

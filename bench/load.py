"""A load run: a mix of the register's users against gunicorn, at stepped user counts.

    python bench/load.py --bench-database faskel_load_bench --cache-url redis://127.0.0.1:6379/0
    python bench/load.py --reuse ...     # on the database an earlier run built

It builds (or, with --reuse, finds) the national database of bench/run.py on
PostgreSQL, serves it with gunicorn on 127.0.0.1 with the repository's
gunicorn.conf.py and the shared cache of --cache-url (Redis), and runs locust
headless at each of --users for --step-seconds, one fresh locust process per
step. The users are the domain's, as weighted locust user classes:

- office staff browsing (dashboard, roster, facilitator and kelurahan pages, a
  briefing) and saving a page of a session's attendance (a real POST of the
  form, with its CSRF token and formset);
- facilitators on /me/ reading their pages and writing an activity (a real
  POST of the new-activity form);
- an area supervisor (camat) reading the area's dashboard, roster and kelurahan;
- an office supervisor opening a report page and now and then asking for a PDF:
  a kecamatan's roster (made in the request) or a briefing's attendance sheet
  (1,000 invitees: a redirect to a background job, counted as such).

Each user waits 1-3 s between pages (THINK). It prints, as markdown tables,
p50/p95/p99 per page at each step, the largest step at which every page (the
PDFs apart) kept its p95 under 200 ms, and then, on the same server, wrk's
requests/s of the bare Django view, the signed-in minimal view and every daily
page of bench/run.py, each as a ratio to the bare view. The machine's load
average is printed with each step: on a shared machine read the ratios.

This file is also the locustfile: locust imports it with BENCH_LOAD_PLAN naming
the plan (cookies, paths) that the run wrote.
"""

import json
import os
import random
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THINK = (1, 3)  # seconds a person spends on a page before the next
AIM_MS = 200  # p95 under load, every page

# The locustfile part ---------------------------------------------------------

if os.environ.get("BENCH_LOAD_PLAN"):
    from locust import HttpUser, between, task

    PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text())

    class FormFields(HTMLParser):
        """The fields a browser would send with the page's form that holds `marker`."""

        def __init__(self, marker: str):
            super().__init__()
            self.marker, self.forms, self.select, self.textarea = marker, [], None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form":
                self.forms.append({"action": a.get("action") or "", "fields": []})
            elif not self.forms:
                return
            fields = self.forms[-1]["fields"]
            if tag == "input" and a.get("name"):
                kind = a.get("type", "text")
                if kind in ("submit", "button", "file", "image"):
                    return
                if kind in ("radio", "checkbox") and "checked" not in a:
                    return
                fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
            elif tag == "select" and a.get("name"):
                self.select = [a["name"], None, None]
            elif tag == "option" and self.select:
                if self.select[2] is None:
                    self.select[2] = a.get("value", "")
                if "selected" in a:
                    self.select[1] = a.get("value", "")
            elif tag == "textarea" and a.get("name"):
                self.textarea = [a["name"], ""]

        def handle_endtag(self, tag):
            if tag == "select" and self.select:
                name, chosen, first = self.select
                self.forms[-1]["fields"].append((name, chosen if chosen is not None else first))
                self.select = None
            elif tag == "textarea" and self.textarea:
                self.forms[-1]["fields"].append(tuple(self.textarea))
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                self.textarea[1] += data

        def form(self) -> dict:
            for form in self.forms:
                if any(name == self.marker for name, _ in form["fields"]):
                    return form
            raise LookupError(self.marker)

    def form_of(html: str, marker: str) -> dict:
        parser = FormFields(marker)
        parser.feed(html)
        return parser.form()

    class Person(HttpUser):
        abstract = True
        wait_time = between(*THINK)
        role = ""

        def on_start(self):
            cookies = PLAN["cookies"][self.role]
            Person.counter = getattr(Person, "counter", 0) + 1
            self.client.cookies.set("sessionid", cookies[Person.counter % len(cookies)])

        def page(self, name: str, path: str):
            with self.client.get(path, name=name, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code}")
                return response

        def save(self, name: str, action: str, fields: dict, *, referer: str):
            """POST a form as a browser does; a save is answered by a redirect."""
            with self.client.post(
                action,
                data=fields,
                name=name,
                headers={"Referer": self.host + referer},
                allow_redirects=False,
                catch_response=True,
            ) as saved:
                if saved.status_code != 302:
                    saved.failure(f"{saved.status_code}")

    class Staff(Person):
        """Office staff: the register's pages all day, and the attendance of a briefing."""

        weight = 5
        role = "staff"

        @task(3)
        def dashboard(self):
            self.page("dashboard", "/")

        @task(3)
        def roster(self):
            self.page("roster", "/assignments/")

        @task(1)
        def facilitator_list(self):
            self.page("facilitator list", "/facilitators/")

        @task(2)
        def facilitator_detail(self):
            pk = random.choice(PLAN["facilitators"])
            self.page("facilitator detail", f"/facilitators/{pk}/")

        @task(1)
        def kelurahan_list(self):
            self.page("kelurahan list", "/kelurahan/")

        @task(2)
        def kelurahan_detail(self):
            code = random.choice(PLAN["kelurahan"])
            self.page("kelurahan detail", f"/kelurahan/{code}/")

        @task(2)
        def briefing_detail(self):
            pk = random.choice(PLAN["briefings"])
            self.page("briefing detail", f"/briefings/{pk}/")

        @task(1)
        def save_attendance(self):
            path = random.choice(PLAN["attendance"])
            response = self.page("attendance form", path)
            if response.status_code != 200:
                return
            form = form_of(response.text, "rows-TOTAL_FORMS")
            fields = dict(form["fields"])
            # One row changed, as a person correcting the list does; the rest as shown.
            rows = int(fields["rows-TOTAL_FORMS"])
            row = random.randrange(rows)
            fields[f"rows-{row}-status"] = random.choice(["hadir", "izin", "tidak_hadir"])
            action = form["action"]
            if not action.startswith("/"):
                action = path + action if action.startswith("?") else path
            self.save("attendance form: save (POST)", action, fields, referer=path)

    class Facilitator(Person):
        """A facilitator on /me/: the logbook of the day, the report, the briefings."""

        weight = 3
        role = "facilitator"

        @task(2)
        def me(self):
            self.page("faskel: my page (/me/)", "/me/")

        @task(2)
        def logbook(self):
            self.page("faskel: logbook", "/me/activities/")

        @task(1)
        def report(self):
            self.page("faskel: monthly report", PLAN["my_report"])

        @task(1)
        def briefings(self):
            self.page("faskel: my briefings", "/me/briefings/")

        @task(2)
        def log_activity(self):
            path = "/me/activities/new/"
            response = self.page("faskel: new activity form", path)
            if response.status_code != 200:
                return
            fields = dict(form_of(response.text, "description")["fields"])
            fields.update(
                description="Pendampingan rapat pengurus LPM membahas rencana kerja",
                result="Disepakati jadwal musyawarah kelurahan",
                participants="15",
                hours="2",
            )
            self.save("faskel: new activity (POST)", path, fields, referer=path)

    class AreaSupervisor(Person):
        """A camat: the area's dashboard, roster and kelurahan."""

        weight = 1
        role = "camat"

        @task(2)
        def dashboard(self):
            self.page("camat: dashboard", "/")

        @task(2)
        def roster(self):
            self.page("camat: roster", "/assignments/")

        @task(1)
        def kelurahan(self):
            self.page("camat: kelurahan detail", random.choice(PLAN["camat_kelurahan"]))

    class Supervisor(Person):
        """An office supervisor: a report page, the monthly reports, now and then a PDF."""

        weight = 1
        role = "supervisor"

        @task(3)
        def roster_report(self):
            self.page("supervisor: roster report (a kecamatan)", PLAN["roster_report"])

        @task(2)
        def matrix(self):
            self.page("supervisor: report matrix (a kecamatan)", PLAN["matrix"])

        @task(1)
        def roster_pdf(self):
            self.page("supervisor: roster PDF (a kecamatan)", PLAN["roster_pdf"])

        @task(1)
        def sheet_pdf(self):
            """Too long for the request: the page offers it and its button asks for the
            job; asked again while that job waits, the page leads to the job."""
            name = "supervisor: attendance sheet PDF (1,000 invitees)"
            with self.client.get(
                PLAN["sheet_pdf"],
                name=f"{name}: offer, or its job",
                allow_redirects=False,
                catch_response=True,
            ) as offer:
                if offer.status_code == 302 and "/jobs/" in offer.headers.get("Location", ""):
                    return
                if offer.status_code != 200:
                    offer.failure(f"{offer.status_code}")
                    return
            form = form_of(offer.text, "document")
            with self.client.post(
                form["action"],
                data=dict(form["fields"]),
                name=f"{name} → job (POST)",
                headers={"Referer": self.host + PLAN["sheet_pdf"]},
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 302 or "/jobs/" not in response.headers.get(
                    "Location", ""
                ):
                    response.failure(f"{response.status_code} {response.headers.get('Location')}")


# The run ---------------------------------------------------------------------


def parse_args():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 25, 50, 100, 150])
    parser.add_argument("--step-seconds", type=int, default=40, help="locust time per step")
    parser.add_argument("--bench-database", default="faskel_bench")
    parser.add_argument("--reuse", action="store_true", help="the database of an earlier run")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--seconds", type=int, default=3, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved wrk rounds")
    parser.add_argument("--accounts", type=int, default=100, help="facilitator accounts")
    args = parser.parse_args()
    args.scale, args.database = "national", "postgresql"
    return args


def plan(personas, accounts: int) -> dict:
    """What the locust users need: a session cookie per account, and the places,
    people and briefings they open (among those with data)."""
    import datetime

    from django.utils import timezone

    from activities.models import month_start
    from assignments.models import Assignment
    from bench.run import session_cookie
    from briefings.models import Briefing

    posting = personas.posting
    kecamatan = posting.kelurahan.kecamatan
    today = timezone.localdate()
    last_month = month_start(month_start(today) - datetime.timedelta(days=1))
    postings = list(
        Assignment.objects.current()
        .select_related("kelurahan")
        .order_by("pk")
        .values_list("facilitator_id", "kelurahan__code")[::400]
    )
    briefings = list(Briefing.objects.order_by("pk").values_list("pk", flat=True)[:50])
    attendance = [
        f"/briefings/{b.pk}/attendance/{s}/"
        for b in Briefing.objects.order_by("pk")[:20]
        for s in b.sessions.values_list("pk", flat=True)
    ]
    staff = [session_cookie(personas.staff) for _ in range(10)]
    return {
        "cookies": {
            "staff": staff,
            "supervisor": [session_cookie(personas.supervisor) for _ in range(3)],
            "camat": [session_cookie(personas.camat) for _ in range(3)],
            "facilitator": [session_cookie(user) for user in personas.facilitators[:accounts]],
        },
        "facilitators": [pk for pk, _code in postings],
        "kelurahan": [code for _pk, code in postings],
        "camat_kelurahan": [
            f"/kelurahan/{code}/" for code in kecamatan.kelurahan.values_list("code", flat=True)
        ],
        "briefings": briefings,
        "attendance": attendance,
        "my_report": f"/me/reports/{last_month.year}/{last_month.month}/",
        "roster_report": f"/reports/roster/?kecamatan={kecamatan.code}",
        "roster_pdf": f"/reports/roster.pdf?kecamatan={kecamatan.code}",
        "sheet_pdf": f"/reports/attendance-sheet/{briefings[0]}.pdf",
        "matrix": f"/activities/?kecamatan={kecamatan.code}&year={today.year}",
        "staff_cookie": staff[0],
    }


def serve(env, port):
    import subprocess

    # The repository's gunicorn.conf.py as it is (workers and threads from the CPUs),
    # no access log.
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config=gunicorn.conf.py",
            "bench.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        env={**env, "GUNICORN_ACCESS_LOG": ""},
        cwd=ROOT,
    )


def step(users: int, seconds: int, port: int, plan_path: Path, out: Path) -> dict:
    """One locust run of `users` users; its stats per request name."""
    import csv
    import subprocess

    prefix = out / f"step_{users}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(Path(__file__)),
            "--headless",
            "--only-summary",
            "--reset-stats",
            f"--users={users}",
            f"--spawn-rate={max(1, users // 5)}",
            f"--run-time={seconds}s",
            f"--host=http://127.0.0.1:{port}",
            f"--csv={prefix}",
            "--loglevel=WARNING",
        ],
        env={**os.environ, "BENCH_LOAD_PLAN": str(plan_path)},
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv") as f:
        return {row["Name"]: row for row in csv.DictReader(f)}


def probe(port, path, cookie) -> tuple[int, float]:
    import http.client
    import time

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
    status = connection.getresponse().status
    connection.close()
    return status, time.perf_counter() - started


def main():
    import time

    args = parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.run import (
        FLOOR,
        free_port,
        pages,
        prepare,
        session_cookie,
        wait_for_workers,
        wrk_rate,
    )

    env, personas = prepare(args, facilitators=args.accounts)
    out = Path("/tmp") / f"faskel-load-{os.getpid()}"
    out.mkdir(parents=True, exist_ok=True)
    plan_path = out / "plan.json"
    the_plan = plan(personas, args.accounts)
    plan_path.write_text(json.dumps(the_plan))
    daily = pages(personas)
    cookies = {who: session_cookie(personas.of(who)) for who in {w for _l, _p, w in daily}}

    from django.db import connections

    connections.close_all()
    port = free_port()
    server = serve(env, port)
    try:
        wait_for_workers(port)
        time.sleep(2)  # every worker up, not only the first
        results, loads = {}, {}
        for users in args.users:
            results[users] = step(users, args.step_seconds, port, plan_path, out)
            loads[users] = os.getloadavg()[0]
            total = results[users].get("Aggregated", {})
            print(
                f"{users} users: {float(total.get('Requests/s', 0)):.1f} requests/s, "
                f"{total.get('Failure Count', '?')} failures, load average {loads[users]:.1f}",
                flush=True,
            )
        print_load(results, loads, args)

        # Each daily page once first: one that does not answer 200 is said, not loaded.
        answering = []
        for label, path, who in daily:
            status, elapsed = probe(port, path, cookies[who])
            if status == 200:
                answering.append((label, path, who))
            else:
                print(f"{label}: {path} answers {status} in {elapsed:.1f} s: not measured")
        daily = answering
        rates = {}
        for _ in range(args.rounds):
            for label, path in FLOOR[:2]:
                rates.setdefault(label, []).append(
                    wrk_rate(port, path, the_plan["staff_cookie"], args.connections, args.seconds)
                )
            for label, path, who in daily:
                rates.setdefault(label, []).append(
                    wrk_rate(port, path, cookies[who], args.connections, args.seconds)
                )
        print_rates(rates, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\n(locust's CSV files: {out}; load average at the end {os.getloadavg()[0]:.1f})")


def print_load(results, loads, args):
    steps = list(results)
    names = sorted({name for r in results.values() for name in r if name != "Aggregated"})
    print(
        f"\nUnder load: locust, {args.step_seconds} s per step, users wait {THINK[0]}-{THINK[1]} s "
        "between pages; gunicorn with gunicorn.conf.py; ms p50 / p95 / p99 (requests)\n"
    )
    print("| page | " + " | ".join(f"{u} users" for u in steps) + " |")
    print("| --- |" + " --- |" * len(steps))
    for name in names:
        cells = []
        for u in steps:
            row = results[u].get(name)
            if not row or not int(row["Request Count"]):
                cells.append("—")
                continue
            failed = int(row["Failure Count"])
            cells.append(
                f"{row['50%']} / {row['95%']} / {row['99%']} ({row['Request Count']}"
                + (f", {failed} failed" if failed else "")
                + ")"
            )
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(
        "| **all requests/s** | "
        + " | ".join(f"{float(results[u]['Aggregated']['Requests/s']):.1f}" for u in steps)
        + " |"
    )
    print("| load average | " + " | ".join(f"{loads[u]:.1f}" for u in steps) + " |")
    held = None
    for u in steps:
        worst = max(
            (
                float(row["95%"])
                for name, row in results[u].items()
                if name != "Aggregated" and "PDF" not in name and int(row["Request Count"])
            ),
            default=0,
        )
        failures = int(results[u]["Aggregated"]["Failure Count"])
        if worst < AIM_MS and not failures:
            held = u
        else:
            break
    print(
        f"\nLargest step with every page's p95 under {AIM_MS} ms (PDFs apart) and no failure: "
        f"{held if held is not None else 'none'} users"
    )


def print_rates(rates, args):
    import statistics

    floor = statistics.median(r for r, _ in rates["bare Django view"])
    print(
        f"\nThroughput on the same server: wrk -c{args.connections}, {args.seconds} s per page, "
        f"median of {args.rounds} interleaved rounds\n"
    )
    print("| page | requests/s | ratio to bare Django |")
    print("| --- | --- | --- |")
    for label, measured in rates.items():
        rate = statistics.median(r for r, _ in measured)
        notes = {note for _, note in measured if note}
        note = f" ({', '.join(sorted(notes))})" if notes else ""
        print(f"| {label}{note} | {rate:,.0f} | {rate / floor:.3f} |")


if __name__ == "__main__":
    main()

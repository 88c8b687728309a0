"""PostgreSQL dies in the middle of a write: nothing is left half-changed, and
the application answers again once the database is back, without a restart.

The test runs a PostgreSQL of its own (initdb in a temporary folder, its own
port), as the `postgres` system user since the suite runs as root. A trigger, test
scaffolding in that database only, pauses the write half-way (after the move has
ended the old posting, after some attendance rows, after some imported
facilitators); the server is then killed with `pg_ctl -m immediate`, as a crash
would, and started again.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

pytestmark = pytest.mark.postgresql

BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "faskel_faults"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A throwaway PostgreSQL cluster run by the postgres system user."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="faskel-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        shutil.chown(self.folder, "postgres", "postgres")
        self.as_postgres(
            BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync"
        )

    def as_postgres(self, *command) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, command)],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.as_postgres(
            BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w", "start"
        )

    def kill(self) -> None:
        self.as_postgres(BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database=DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url(), autocommit=True)


@pytest.fixture(scope="module")
def server():
    if os.geteuid() != 0 or not (BIN / "initdb").exists():
        pytest.fail("the fault test needs root and PostgreSQL 15's binaries")
    server = Server()
    try:
        server.start()
        with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {DATABASE}")
        env = app_env(server)
        for command in (["migrate", "--no-input"], ["seed_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=settings.BASE_DIR,
                env=env,
                check=True,
                capture_output=True,
                timeout=120,
            )
        yield server
    finally:
        server.remove()


def app_env(server) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **env,
        "DATABASE_URL": server.url(),
        "DJANGO_SETTINGS_MODULE": "faskel.settings",
        # A job whose worker died with the database is put back as soon as its page looks.
        "JOBS_STALE_AFTER": "0",
    }


class App:
    """The application process, driven through tests/security/fault_driver.py."""

    def __init__(self, server):
        self.log = server.folder / "app.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.security.fault_driver"],
            cwd=settings.BASE_DIR,
            env=app_env(server),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=(server.folder / "app.log").open("w"),
            text=True,
        )

    def send(self, **command) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def receive(self) -> dict:
        line = self.process.stdout.readline()
        assert line, "the application process died: see app.log in " + str(self.log)
        return json.loads(line)

    def ask(self, **command) -> dict:
        self.send(**command)
        return self.receive()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def app(server):
    app = App(server)
    assert app.ask(do="login", username="staf")["status"] == 200
    yield app
    app.close()


def row_counts(db) -> dict[str, int]:
    tables = [
        name
        for (name,) in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


RULES = {
    "a kelurahan has at most one current posting": """
        SELECT kelurahan_id FROM assignments_assignment WHERE end_date IS NULL
        GROUP BY kelurahan_id HAVING count(*) > 1""",
    "a facilitator has at most one current posting": """
        SELECT facilitator_id FROM assignments_assignment WHERE end_date IS NULL
        GROUP BY facilitator_id HAVING count(*) > 1""",
    "postings of one kelurahan never overlap": """
        SELECT a.id FROM assignments_assignment a JOIN assignments_assignment b
          ON a.kelurahan_id = b.kelurahan_id AND a.id < b.id
         AND daterange(a.start_date, a.end_date, '[]')
          && daterange(b.start_date, b.end_date, '[]')""",
    "postings of one facilitator never overlap": """
        SELECT a.id FROM assignments_assignment a JOIN assignments_assignment b
          ON a.facilitator_id = b.facilitator_id AND a.id < b.id
         AND daterange(a.start_date, a.end_date, '[]')
          && daterange(b.start_date, b.end_date, '[]')""",
    "a posting ends on or after its start": """
        SELECT id FROM assignments_assignment WHERE end_date < start_date""",
    "one attendance row per facilitator and session": """
        SELECT session_id, facilitator_id FROM briefings_attendance
        GROUP BY session_id, facilitator_id HAVING count(*) > 1""",
    "NIKs are unique": """
        SELECT nik FROM registry_facilitator WHERE nik <> '' GROUP BY nik HAVING count(*) > 1""",
}


def broken_rules(db) -> list[str]:
    return [rule for rule, query in RULES.items() if db.execute(query).fetchall()]


def pause_after(db, table: str, condition: str) -> None:
    """Make the next write to `table` that meets `condition` wait, mid-transaction."""
    db.execute(
        f"""
        CREATE OR REPLACE FUNCTION fault_pause() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {condition} THEN PERFORM pg_sleep(120); END IF;
            RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS fault_pause ON {table};
        CREATE TRIGGER fault_pause AFTER INSERT ON {table}
            FOR EACH ROW EXECUTE FUNCTION fault_pause();
        """
    )


def wait_for_the_pause(db) -> None:
    for _ in range(200):
        if db.execute("SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep'").fetchone():
            return
        time.sleep(0.05)
    pytest.fail("the write never reached the pause")


def crash_during(server, app, *, table, condition, **command) -> dict:
    """Send the command, kill the server while its write waits half-way, start it again.

    Returns what the application answered to the interrupted request.
    """
    with server.connect() as db:
        pause_after(db, table, condition)
        app.send(**command)
        wait_for_the_pause(db)
    server.kill()
    answer = app.receive()
    server.start()
    with server.connect() as db:
        db.execute(f"DROP TRIGGER fault_pause ON {table}")
    return answer


def test_a_crash_in_the_middle_of_writes_leaves_the_register_whole(server, app):
    with server.connect() as db:
        assert broken_rules(db) == []
        moving, target = db.execute(
            """SELECT a.facilitator_id, k.code FROM assignments_assignment a,
                      registry_kelurahan k
                WHERE a.end_date IS NULL AND k.id <> a.kelurahan_id
                ORDER BY a.id, k.id LIMIT 1"""
        ).fetchone()
        # Free the target kelurahan first: its facilitator goes to reserve.
        released = db.execute(
            """SELECT facilitator_id FROM assignments_assignment a JOIN registry_kelurahan k
                 ON k.id = a.kelurahan_id WHERE a.end_date IS NULL AND k.code = %s""",
            [target],
        ).fetchone()[0]
    done = app.ask(
        do="post",
        path="/assignments/release/",
        data={
            "facilitator": released,
            "end_date": "2026-01-31",
            "decree_number": "SK 1/2026",
            "confirmed": "1",
        },
    )
    assert done["status"] == 302

    # 1. A move: the old posting is ended, the new one is being written.
    with server.connect() as db:
        before = row_counts(db)
    move = {
        "facilitator": moving,
        "to_kelurahan": target,
        "start_date": "2026-02-01",
        "decree_number": "SK 2/2026",
        "confirmed": "1",
    }
    answer = crash_during(
        server,
        app,
        table="assignments_assignment",
        condition="true",
        do="post",
        path="/assignments/move/",
        data=move,
    )
    assert answer["status"] == 503
    assert "coba lagi sebentar" in answer["body"]
    with server.connect() as db:
        assert row_counts(db) == before
        assert broken_rules(db) == []
        assert (
            db.execute(
                "SELECT count(*) FROM assignments_assignment WHERE facilitator_id = %s"
                " AND end_date IS NULL AND start_date < '2026-02-01'",
                [moving],
            ).fetchone()[0]
            == 1
        )  # the old posting is still open
    # The same process answers again, and the move now goes through whole.
    assert app.ask(do="get", path="/healthz")["status"] == 200
    assert app.ask(do="get", path="/facilitators/")["status"] == 200
    assert app.ask(do="post", path="/assignments/move/", data=move)["status"] == 302
    with server.connect() as db:
        assert broken_rules(db) == []

    # 2. Attendance for a whole session: some rows are written, then the crash.
    with server.connect() as db:
        briefing, session = db.execute(
            "SELECT briefing_id, id FROM briefings_briefingsession ORDER BY id LIMIT 1"
        ).fetchone()
        invitees = [
            pk
            for (pk,) in db.execute(
                "SELECT facilitator_id FROM briefings_briefing_invitees WHERE briefing_id = %s"
                " ORDER BY facilitator_id LIMIT 50",
                [briefing],
            )
        ]
        db.execute("DELETE FROM briefings_attendance WHERE session_id = %s", [session])
        before = row_counts(db)
    rows = {"rows-TOTAL_FORMS": str(len(invitees)), "rows-INITIAL_FORMS": "0"}
    for number, pk in enumerate(invitees):
        rows[f"rows-{number}-facilitator"] = str(pk)
        rows[f"rows-{number}-status"] = "hadir"
    answer = crash_during(
        server,
        app,
        table="briefings_attendance",
        condition=f"(SELECT count(*) FROM briefings_attendance WHERE session_id = {session}) >= 3",
        do="post",
        path=f"/briefings/{briefing}/attendance/{session}/",
        data=rows,
    )
    assert answer["status"] == 503
    with server.connect() as db:
        assert row_counts(db) == before
        assert broken_rules(db) == []
    assert app.ask(do="get", path=f"/briefings/{briefing}/")["status"] == 200

    # 3. An import confirmation: the request queues it at once; the worker has
    # written some facilitators when the database dies.
    people = [
        {
            "NIK": f"33750199010{n:05d}",
            "NAME": f"Impor Uji {n}",
            "PHONE": f"08123400{n:04d}",
            "KELURAHAN_CODE": "",
            "KELURAHAN": "",
            "START": "",
            "DECREE": "",
        }
        for n in range(1, 6)
    ]
    assert app.ask(do="preview", rows=people)["status"] == 200
    assert app.ask(do="confirm")["status"] == 302
    with server.connect() as db:
        before = row_counts(db)
        already = before["registry_facilitator"]
    answer = crash_during(
        server,
        app,
        table="registry_facilitator",
        condition=f"(SELECT count(*) FROM registry_facilitator) >= {already + 2}",
        do="work",
    )
    assert "error" in answer  # the worker lost its database mid-write
    with server.connect() as db:
        assert row_counts(db) == before
        assert broken_rules(db) == []
    # The job's page, once the database is back, puts the silent job back on the
    # queue; the next run writes all five, whole.
    assert app.ask(do="job") == {"status": 200, "state": "queued", "attempts": 1}
    assert app.ask(do="work") == {"ran": 1}
    assert app.ask(do="job") == {"status": 200, "state": "done", "attempts": 2}
    with server.connect() as db:
        after = row_counts(db)
        assert after["registry_facilitator"] == already + 5
        assert broken_rules(db) == []

"""A real worker process while its PostgreSQL goes away or turns read-only.

The worker is `manage.py db_worker` in a process of its own on the test's
database. Its connections are cut with pg_terminate_backend (what a database
restart does to them) while the database refuses writes (ALTER DATABASE ... SET
default_transaction_read_only, which new connections take). The worker must
stay up, say so in its log, and go on once the database takes writes again; the
job it had in hand goes back on the queue at once, not after JOBS_STALE_AFTER.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from jobs.services import job_start
from tests.jobs import tasks

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
APPLICATION = "faskel-outage-worker"


@pytest.fixture
def database():
    params = connection.settings_dict
    admin = psycopg.connect(
        host=params["HOST"],
        port=params["PORT"],
        user=params["USER"],
        dbname="postgres",
        autocommit=True,
    )

    class Database:
        name = params["NAME"]

        def read_only(self, on: bool) -> None:
            setting = "SET default_transaction_read_only = on" if on else "RESET ALL"
            admin.execute(f'ALTER DATABASE "{self.name}" {setting}')

        def cut_the_worker(self) -> int:
            return len(
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND application_name = %s",
                    [self.name, APPLICATION],
                ).fetchall()
            )

    yield Database()
    Database().read_only(False)
    admin.close()


@pytest.fixture
def worker(tmp_path):
    params = connection.settings_dict
    url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**params)
    env = {
        **os.environ,
        "DATABASE_URL": f"{url}?application_name={APPLICATION}",
        "LOG_LEVEL": "INFO",
    }
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    process.log = log
    yield process
    process.kill()
    process.wait(10)


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)
    raise AssertionError("waited in vain")


def test_an_idle_worker_waits_for_a_read_only_database_and_goes_on(worker, database, staff_user):
    wait_for(lambda: "Starting worker" in worker.log.read_text(), 30)
    database.read_only(True)
    assert database.cut_the_worker() >= 1
    wait_for(lambda: "waits and connects again" in worker.log.read_text(), 20)
    time.sleep(1.5)
    assert worker.poll() is None  # still running

    database.read_only(False)
    job = job_start(kind="count", owner=staff_user, task=tasks.count_to, arguments={"n": 3})
    wait_for(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE, 60)
    assert "takes writes again" in worker.log.read_text()
    assert worker.poll() is None


def test_the_job_in_hand_when_the_database_went_away_runs_again_at_once(
    worker, database, staff_user, tmp_path
):
    go = tmp_path / "go"
    job = job_start(
        kind="wait", owner=staff_user, task=tasks.wait_for_go, arguments={"go": str(go)}
    )
    wait_for(lambda: Job.objects.get(pk=job.pk).done == 1, 30)

    database.read_only(True)
    database.cut_the_worker()
    go.touch()  # the job goes on, and finds its connection cut
    wait_for(lambda: "waits and connects again" in worker.log.read_text(), 20)
    assert worker.poll() is None
    database.read_only(False)

    # JOBS_STALE_AFTER is 600 s: done long before.
    wait_for(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE, 60)
    job.refresh_from_db()
    assert (job.attempts, job.result) == (2, {"counted": 2})
    first_run, second_run = DBTaskResult.objects.order_by("enqueued_at")
    assert (first_run.status, second_run.status) == ("FAILED", "SUCCESSFUL")
    assert worker.poll() is None

"""A real worker process killed in the middle of an import, then a new one started.

The worker is `manage.py db_worker` in a process of its own, on the test's
PostgreSQL database; it is killed with SIGKILL while the import's transaction
is open (the progress it wrote through its second connection is already on the
page). The database rolls that transaction back: nothing is written. The page
puts the silent job back on the queue and a new worker imports the file once.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from registry.models import Facilitator
from tests.imports.helpers import CONFIRM_URL, confirmation, preview
from tests.imports.test_queue import big_workbook
from tests.jobs.worker import run_queued_tasks

ROOT = Path(__file__).resolve().parents[2]
ROWS = 3000


def worker(*args: str) -> subprocess.Popen:
    params = connection.settings_dict
    url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**params)
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    return subprocess.Popen([*command, *args], cwd=ROOT, env=env)


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.05)
    raise AssertionError("waited in vain")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_nothing_and_the_next_one_imports_once(
    staff_user, wilayah, settings
):
    client = Client()
    client.force_login(staff_user)
    response = preview(client, big_workbook(ROWS))
    answer = client.post(CONFIRM_URL, confirmation(response))
    job = Job.objects.get(kind="import-confirm")

    first = worker("--interval", "0.1")
    try:
        # The progress shows while the rows are being written (not only at the end).
        wait_for(lambda: Job.objects.filter(pk=job.pk, state="running", done__gt=0).exists(), 60)
        page = client.get(answer.url)
        assert 0 < page.context["job"].done < ROWS
        assert "Menulis baris" in page.content.decode()
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()

    assert not Facilitator.objects.exists()  # the open transaction died with it
    confirm_task = DBTaskResult.objects.get(task_path="imports.jobs.import_confirm")
    assert confirm_task.status == "RUNNING"  # the queue will not run it again
    assert run_queued_tasks() == 0

    settings.JOBS_STALE_AFTER = 0  # its silence has lasted long enough
    assert client.get(answer.url).context["job"].state == "queued"
    second = worker("--batch", "--interval", "0")
    assert second.wait(120) == 0

    done = client.get(answer.url)
    assert f"Impor selesai: {ROWS} baru" in done.content.decode()
    assert Facilitator.objects.count() == ROWS
    assert Facilitator.history.count() == ROWS
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 2)

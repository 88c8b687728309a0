"""The job plumbing: a job's page, its outcome, and what happens when a worker dies.

What django-tasks-db guarantees, and what the jobs rely on: a worker claims a
task in a locked transaction (status RUNNING, its worker id) before running it,
so no second worker ever gets it; a worker that dies leaves it RUNNING for
ever: nothing in the queue runs it again or says it failed. `jobs` adds what is
missing: a job whose worker fell silent (no progress for JOBS_STALE_AFTER) is
put back on the queue by the page that looks at it, and a run only works on a
job it claimed (queued -> running), so a task run twice does nothing twice.
"""

import datetime
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from jobs.models import Job
from jobs.services import UNEXPECTED, _claim, job_start
from registry.models import Facilitator
from tests.imports.helpers import CONFIRM_URL, confirmation, preview
from tests.imports.test_queue import big_workbook
from tests.jobs import tasks
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db


def page_of(client, job):
    return client.get(reverse("jobs:job", args=[job.pk]))


def test_a_job_shows_its_progress_then_its_outcome(client, staff_user):
    client.force_login(staff_user)
    job = job_start(kind="count", owner=staff_user, task=tasks.count_to, arguments={"n": 5})

    waiting = page_of(client, job)
    assert waiting.context["job"].state == "queued"
    assert "Menunggu giliran" in waiting.content.decode()
    assert 'data-job-refresh="2"' in waiting.content.decode()

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.result) == ("done", 5, 5, {"counted": 5})
    done = page_of(client, job)
    assert "Selesai." in done.content.decode()
    assert "data-job-refresh" not in done.content.decode()  # no more looking again


def test_a_refused_job_says_why_and_a_broken_one_says_it_changed_nothing(client, staff_user):
    client.force_login(staff_user)
    refused = job_start(kind="x", owner=staff_user, task=tasks.refuse)
    broken = job_start(kind="x", owner=staff_user, task=tasks.break_down)

    run_queued_tasks()

    assert "Berkas tidak lengkap." in page_of(client, refused).content.decode()
    broken.refresh_from_db()
    assert (broken.state, broken.message) == ("failed", str(UNEXPECTED))
    assert (
        "Pekerjaan berhenti karena kesalahan tak terduga"
        in page_of(client, broken).content.decode()
    )
    # The queue keeps the traceback for the administrator, not the page.
    failed = DBTaskResult.objects.get(task_path="tests.jobs.tasks.break_down")
    assert failed.status == "FAILED" and "RuntimeError: a bug" in failed.traceback
    assert "a bug" not in page_of(client, broken).content.decode()


def test_a_job_is_seen_by_its_owner_alone(client, staff_user, supervisor_user):
    job = job_start(kind="count", owner=staff_user, task=tasks.count_to, arguments={"n": 1})
    assert page_of(client, job).status_code == 302  # to the sign-in page
    client.force_login(supervisor_user)
    assert page_of(client, job).status_code == 404


def test_a_task_run_twice_does_its_job_once(staff_user):
    job = job_start(kind="count", owner=staff_user, task=tasks.count_to, arguments={"n": 2})
    tasks.count_to.enqueue(str(job.pk))  # the same job queued a second time

    assert run_queued_tasks() == 2
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 1)


def test_an_import_claimed_by_a_dead_worker_is_neither_run_twice_nor_lost(staff):
    response = preview(staff, big_workbook(60))
    answer = staff.post(CONFIRM_URL, confirmation(response))
    job = Job.objects.get(kind="import-confirm")
    # A worker claims the task and starts the job, then dies (its server goes down):
    # its transaction is rolled back by the database, so nothing of it is written.
    with exclusive_transaction():
        task = DBTaskResult.objects.ready().get_locked()
        task.claim("worker-that-died")
    assert _claim(str(job.pk)) == 1

    assert run_queued_tasks() == 0  # no other worker gets the claimed task
    assert staff.get(answer.url).context["job"].state == "running"
    assert not Facilitator.objects.exists()

    later = timezone.now() + datetime.timedelta(seconds=settings.JOBS_STALE_AFTER + 1)
    with time_machine.travel(later):
        page = staff.get(answer.url)  # whoever waits puts the silent job back
        assert page.context["job"].state == "queued"
        assert staff.get(answer.url).context["job"].state == "queued"  # once
        assert run_queued_tasks() == 1
        done = staff.get(answer.url)

    assert "Impor selesai: 60 baru" in done.content.decode()
    assert Facilitator.objects.count() == 60
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 2)
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"  # the queue never knew


def test_a_silent_job_nobody_watches_is_queued_again_by_the_periodic_command(staff_user):
    job = job_start(kind="count", owner=staff_user, task=tasks.count_to, arguments={"n": 3})
    with exclusive_transaction():
        task = DBTaskResult.objects.ready().get_locked()
        task.claim("worker-that-died")
    assert _claim(str(job.pk)) == 1

    out = StringIO()
    call_command("recover_jobs", stdout=out)  # not silent long enough yet
    assert "0 job(s)" in out.getvalue()
    job.refresh_from_db()
    assert job.state == "running"

    later = timezone.now() + datetime.timedelta(seconds=settings.JOBS_STALE_AFTER + 1)
    with time_machine.travel(later):
        call_command("recover_jobs", stdout=out)
        assert "1 job(s) queued again." in out.getvalue()
        assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 2)


def test_finished_jobs_and_tasks_are_removed_after_a_week(staff_user):
    old = job_start(kind="count", owner=staff_user, task=tasks.count_to, arguments={"n": 1})
    run_queued_tasks()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        new = job_start(kind="count", owner=staff_user, task=tasks.count_to, arguments={"n": 1})
    assert list(Job.objects.all()) == [new]
    assert DBTaskResult.objects.get().args_kwargs["args"] == [str(new.pk)]
    assert old.pk != new.pk


def test_a_document_a_job_made_is_offered_to_its_owner_alone(client, staff_user, supervisor_user):
    job = job_start(kind="document", owner=staff_user, task=tasks.make_document)
    file_url = reverse("jobs:job-file", args=[job.pk])
    client.force_login(staff_user)
    assert client.get(file_url).status_code == 404  # not made yet

    run_queued_tasks()
    page = page_of(client, job).content.decode()
    assert "Unduh daftar.pdf" in page and file_url in page
    response = client.get(file_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="daftar.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 daftar"
    client.force_login(supervisor_user)
    assert client.get(file_url).status_code == 404

    # A week later the job and its file are gone.
    from django.core.files.storage import default_storage

    stored = Job.objects.get(pk=job.pk).result["file"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        job_start(kind="count", owner=staff_user, task=tasks.count_to, arguments={"n": 1})
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not default_storage.exists(stored)


def test_a_document_missing_from_the_storage_is_not_found_rather_than_an_error(client, staff_user):
    # A worker that wrote the file where the web server cannot see it (no shared
    # MEDIA_ROOT) made the download answer 500.
    from django.core.files.storage import default_storage

    job = job_start(kind="document", owner=staff_user, task=tasks.make_document)
    run_queued_tasks()
    default_storage.delete(Job.objects.get(pk=job.pk).result["file"])
    client.force_login(staff_user)
    assert client.get(reverse("jobs:job-file", args=[job.pk])).status_code == 404

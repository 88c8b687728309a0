"""Background jobs: start one from a request, run it on the queue, report its progress.

The queue is django-tasks with its database backend (`django_tasks_db`): a task
is a row in the database and `manage.py db_worker` processes run them, on any
server that reaches the database. No other service is needed.

A job is a `Job` row (who started it, progress, outcome) plus one queued task
that runs it. Writing one:

    @job_task
    def report_build(job: Job, progress: Progress) -> dict:
        rows = ...
        progress.update(0, total=len(rows), step=_("Writing the report"))
        for n, row in enumerate(rows, 1):
            ...
            progress.update(n)
        return {"file": name}          # kept as job.result (JSON)

    job = job_start(kind="report", owner=request.user, task=report_build,
                    arguments={"year": 2024})
    return redirect(job_url(job))      # or the app's own page for it

- `raise JobFailed(message)` ends it as failed with a message for its owner
  (any other exception too, with a general message; the queue keeps the traceback).
- The task is enqueued in the caller's transaction: if that rolls back, there
  is no job and no task. The worker only sees it once committed.
- At most one run at a time: a run claims the job (queued -> running, one more
  attempt) before it starts, and only the run of the current attempt writes
  progress and outcome. django-tasks-db itself runs a task at most once: a
  worker claims it in a locked transaction; if that worker dies, the task
  stays "running" in the queue for ever. `job_recover` puts a job whose worker
  fell silent back on the queue, which is safe for work that writes all or
  nothing in one transaction (the dead worker's transaction was rolled back).
- Progress written inside the job's own transaction goes through a second
  connection, so the page sees it before the commit (PostgreSQL). SQLite has
  one writer at a time: there, progress inside that transaction is skipped and
  the page shows the last step written outside it.
"""

import copy
import datetime
import functools
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.utils import load_backend
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from jobs.models import Job

logger = logging.getLogger(__name__)

UNEXPECTED = _(
    "The work stopped because of an unexpected error; nothing was changed. Try again, "
    "or ask the administrator."
)
# How long a finished job (and its result) is kept.
KEPT_FOR = datetime.timedelta(days=7)
# How often progress is written at most (seconds): a page refreshes every 2 s.
PROGRESS_EVERY = 0.5
# The second connection progress is written through (see Progress).
SIDE_ALIAS = "jobs-progress"


class JobFailed(Exception):
    """The job cannot be done; `message` tells its owner why."""

    def __init__(self, message, result=None):
        super().__init__(str(message))
        self.message = message
        self.result = result


class Progress:
    """How far a running job got: `update(done, total=..., step=...)`."""

    def __init__(self, job: Job, attempt: int):
        self.job = job
        self.attempt = attempt
        self._depth = len(connection.atomic_blocks)
        self._written_at = 0.0
        self._side = None

    def update(self, done: int, *, total: int | None = None, step=None, force=False) -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total
        if step is not None:
            self.job.step = str(step)[:200]
        now = time.monotonic()
        if not force and total is None and step is None and now - self._written_at < PROGRESS_EVERY:
            return
        self._written_at = now
        self._write(
            {
                "done": done,
                "total": self.job.total,
                "step": self.job.step,
                "heartbeat_at": timezone.now(),
            }
        )

    def _write(self, fields: dict) -> None:
        jobs = Job.objects.filter(pk=self.job.pk, attempts=self.attempt, state=Job.State.RUNNING)
        if len(connection.atomic_blocks) <= self._depth:
            jobs.update(**fields)
            return
        if connection.vendor == "sqlite":
            # The job's transaction holds SQLite's only write lock (taken at BEGIN):
            # no other connection can write now. Progress is a courtesy; the outcome
            # is written after the commit.
            return
        # Inside the job's own transaction: through a connection of its own, so the
        # page sees it now, not at the commit.
        if self._side is None:
            self._side = _side_connection()
        jobs.using(SIDE_ALIAS).update(**fields)

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            del connections[SIDE_ALIAS]
            self._side = None


def _side_connection():
    params = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
    side = load_backend(params["ENGINE"]).DatabaseWrapper(params, SIDE_ALIAS)
    connections[SIDE_ALIAS] = side  # this thread's only
    return side


def job_task(function: Callable[[Job, Progress], dict | None]):
    """Make `function(job, progress)` the task that runs jobs of its kind.

    It must live at module level under its own name (the queue finds it by path)."""

    @functools.wraps(function)
    def run(job_id: str) -> None:
        _run(function, job_id)

    return task()(run)


def job_start(*, kind: str, owner, task, arguments: dict | None = None, total: int = 0) -> Job:
    """Create the job and put it on the queue, in the caller's transaction.

    Finished jobs (with their files), and the queue's finished tasks, are removed
    after KEPT_FOR."""
    with transaction.atomic():
        _remove_old(timezone.now() - KEPT_FOR)
        job = Job.objects.create(
            kind=kind,
            task_path=task.module_path,
            owner=owner,
            arguments=arguments or {},
            total=total,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        task.enqueue(str(job.pk))
    return job


def job_file(job: Job, *, content: bytes | File, file_name: str, content_type: str) -> dict:
    """Keep a file the job made (a document: bytes, or a file for a large one) for its
    owner; return it as the job's result. The job's page then offers it
    (`/jobs/<id>/file/`, its owner only).

    A file whose every download must be recorded adds `on_download` to the result:
    the path of a function `(*, job, by)` that the download calls first."""
    if isinstance(content, bytes):
        content = ContentFile(content)
    stored = default_storage.save(f"jobs/{job.pk}/{file_name}", content)
    return {"file": stored, "file_name": file_name, "content_type": content_type}


def _remove_old(gone: datetime.datetime) -> None:
    old = Job.objects.filter(finished_at__lt=gone)
    for result in old.exclude(result=None).values_list("result", flat=True):
        if isinstance(result, dict) and result.get("file"):
            default_storage.delete(result["file"])
    old.delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=gone).delete()


def job_url(job: Job) -> str:
    return reverse("jobs:job", args=[job.pk])


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOBS_STALE_AFTER)


def job_recover(*, job: Job, now: datetime.datetime) -> bool:
    """Put a running job whose worker fell silent back on the queue.

    Silent: no progress for JOBS_STALE_AFTER seconds (the worker died, or its
    server went away). Only for jobs that write all or nothing, which a dead
    worker leaves unwritten. Returns whether it was put back."""
    last_sign = job.heartbeat_at or job.started_at
    if job.state != Job.State.RUNNING or last_sign is None or now - last_sign < stale_after():
        return False
    requeued = _requeue(job, attempt=job.attempts, why="fell silent")
    job.refresh_from_db()
    return requeued


def job_requeue_abandoned(*, job: Job, attempt: int) -> bool:
    """Put back on the queue, at once, the run `attempt` of a job that its own worker
    gave up because the database went away under it (jobs.management.commands.db_worker).

    The worker knows the run is over, so nobody need wait JOBS_STALE_AFTER for its
    silence. As safe as job_recover, for the same jobs: the database rolled back
    what the run had not committed. Returns whether it was put back."""
    return _requeue(job, attempt=attempt, why="lost the database")


def _requeue(job: Job, *, attempt: int, why: str) -> bool:
    # Only the run that is still the current attempt: a later one may be running.
    with transaction.atomic():
        requeued = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempts=attempt).update(
            state=Job.State.QUEUED, step="", heartbeat_at=None
        )
        if requeued:
            logger.warning("Job %s %s at attempt %s; queued again", job.pk, why, attempt)
            import_string(job.task_path).enqueue(str(job.pk))
    return bool(requeued)


def _claim(job_id: str) -> int | None:
    """queued -> running, one attempt more; None when it is not waiting (already
    running elsewhere, or finished): then this run does nothing."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != Job.State.QUEUED:
            return None
        job.attempts += 1
        job.state = Job.State.RUNNING
        job.started_at = job.heartbeat_at = now
        job.save(update_fields=["attempts", "state", "started_at", "heartbeat_at"])
        return job.attempts


def _finish(job: Job, attempt: int, state: str, *, result=None, message="") -> None:
    Job.objects.filter(pk=job.pk, attempts=attempt, state=Job.State.RUNNING).update(
        state=state,
        result=result,
        message=str(message),
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
        done=job.done,
        total=job.total,
    )


def _run(function, job_id: str) -> None:
    attempt = _claim(job_id)
    if attempt is None:
        logger.info("Job %s is not waiting; this run does nothing", job_id)
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    progress = Progress(job, attempt)
    try:
        with translation.override(job.language):
            try:
                result = function(job, progress)
            except JobFailed as failed:
                _finish(
                    job, attempt, Job.State.FAILED, message=failed.message, result=failed.result
                )
                return
            except Exception:
                logger.exception("Job %s (%s) failed", job_id, job.kind)
                _finish(job, attempt, Job.State.FAILED, message=UNEXPECTED)
                raise
            _finish(job, attempt, Job.State.DONE, result=result)
    finally:
        progress.close()

"""django-tasks-db's `db_worker`, which waits for the database instead of exiting.

The library's worker stops at the first database error outside a task (a
database restart, a connection cut, a read-only database), and so does it when
it cannot record the outcome of the task in hand. This one logs it, waits until
the database takes writes again, and goes on; the job it had in hand goes back
on the queue at once (jobs.services.job_requeue_abandoned) instead of after
JOBS_STALE_AFTER. The `jobs` app comes before django_tasks_db in INSTALLED_APPS
so that `manage.py db_worker` is this command.
"""

import contextlib
import logging
import time
import uuid

from django.db import (
    DatabaseError,
    InterfaceError,
    InternalError,
    OperationalError,
    connections,
    transaction,
)
from django_tasks_db.management.commands import db_worker

from jobs.models import Job
from jobs.services import job_requeue_abandoned

logger = logging.getLogger("django_tasks_db")

# What a database that went away, or turned read-only, raises (PostgreSQL's
# "read-only transaction" is an InternalError). A bug (ProgrammingError,
# IntegrityError) still stops the worker.
UNAVAILABLE = (OperationalError, InterfaceError, InternalError)
FIRST_WAIT = 1.0
LONGEST_WAIT = 30.0


class Worker(db_worker.Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The task being run, and the attempt of its job that run is (None: no job).
        self.in_hand = None

    def run(self) -> None:
        lost = None
        while True:
            try:
                if lost is not None:
                    self.give_back(lost)
                return super().run()
            except UNAVAILABLE as error:
                if not self.running:
                    raise
                lost = error
                logger.warning(
                    "The database is unavailable (%s): worker_id=%s waits and connects again.",
                    first_line(error),
                    self.worker_id,
                )
                self.wait_for_database()
                logger.warning(
                    "The database takes writes again: worker_id=%s goes on.", self.worker_id
                )

    def run_task(self, db_task_result) -> None:
        self.in_hand = (db_task_result, self.job_attempt(db_task_result))
        super().run_task(db_task_result)
        self.in_hand = None

    @staticmethod
    def job_attempt(db_task_result) -> tuple[Job, int] | None:
        """The job a task runs, and the attempt its run will be (the next)."""
        args = db_task_result.args_kwargs.get("args") or [None]
        try:
            job = Job.objects.filter(pk=uuid.UUID(str(args[0]))).first()
        except ValueError:
            return None
        return (job, job.attempts + 1) if job else None

    def wait_for_database(self) -> None:
        wait = FIRST_WAIT
        while True:
            for connection in connections.all(initialized_only=True):
                with contextlib.suppress(DatabaseError):  # already gone
                    connection.close()
            time.sleep(wait)
            try:
                # A write, rolled back: a read-only database answers reads.
                with transaction.atomic():
                    Job.objects.filter(pk=uuid.UUID(int=0)).update(step="")
                    transaction.set_rollback(True)
                return
            except UNAVAILABLE as error:
                logger.info("The database is still unavailable (%s).", first_line(error))
                wait = min(wait * 2, LONGEST_WAIT)

    def give_back(self, error: BaseException) -> None:
        """The task in hand when the database went away: its outcome recorded as
        failed, its job (if its run is still the current one) queued again now."""
        if self.in_hand is None:
            return
        db_task_result, job_attempt = self.in_hand
        db_task_result.refresh_from_db()
        if db_task_result.status == "RUNNING":
            db_task_result.set_failed(error)
        if job_attempt is not None:
            job, attempt = job_attempt
            job_requeue_abandoned(job=job, attempt=attempt)
        self.in_hand = None


def first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class Command(db_worker.Command):
    help = (
        "Run the background jobs (django-tasks-db's worker that waits for the database "
        "when it goes away, and goes on)."
    )

    def handle(self, *args, **options):
        # The library's command builds its worker by this module-level name.
        library_worker, db_worker.Worker = db_worker.Worker, Worker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = library_worker

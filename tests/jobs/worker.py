"""Run the queue's tasks in a test, with the real worker of django-tasks-db.

`db_worker --batch` would do the same, but its loop closes the database
connection between tasks, which would end the test's transaction. This runs the
worker's own claim (a locked read of the next ready task, marked running with
the worker's id) and its `run_task`, until nothing is ready.
"""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction


def run_queued_tasks(*, limit: int = 100) -> int:
    """Run every ready task, and those they enqueue; returns how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        with exclusive_transaction():
            task = DBTaskResult.objects.ready().get_locked()
            if task is None:
                return ran
            task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    raise AssertionError(f"more than {limit} tasks: a task that enqueues itself?")

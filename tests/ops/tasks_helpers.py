"""Run database-queued tasks in the test's transaction, one attempt at a time, as db_worker."""

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_tasks(settings):
    """The real database backend instead of the tests' immediate one."""
    settings.TASKS = DB_BACKEND
    return DBTaskResult


def attempt(result_id, worker_id: str = "worker-1") -> DBTaskResult:
    """Claim the row and run it, as the worker's loop does (whatever its run_after)."""
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id=worker_id,
                    excluded_queue_names=[])
    row = DBTaskResult.objects.get(pk=result_id)
    row.claim(worker_id)
    worker.run_task(row)
    row.refresh_from_db()
    return row

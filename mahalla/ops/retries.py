"""Failed background tasks are tried again, with a growing wait, before they give up.

django-tasks has no retries of its own. When the database worker (``db_worker``) records a
task as failed, ``retry_failed_task`` (connected to ``task_finished`` in ``OpsConfig.ready``)
puts the same row back in the queue, to run after ``TASK_RETRY_BASE_SECONDS * 2 **
(attempts - 1)`` (capped at ``TASK_RETRY_MAX_SECONDS``, plus up to 10 % jitter), until it has
been tried ``TASK_MAX_ATTEMPTS`` times. Then it stays failed: the dead-letter page
(``mahalla.ops.deadletter``) lists it, and an administrator may run it again.

Not retried here, because something else already retries them:
- periodic tasks (``core.periodic``): the scheduler enqueues the next run anyway;
- webhook deliveries: ``webhooks.services`` counts attempts and backs off per delivery;
and failures that another try cannot mend: the task's code is gone, or its row is gone.
Every task is idempotent (docs/ARCHITECTURE.md), so running one again is safe.
"""

from __future__ import annotations

import importlib
import logging
import random
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, SuspiciousOperation
from django.utils import timezone
from django_tasks import TaskResultStatus

logger = logging.getLogger(__name__)

# Tasks with a retry scheme of their own (see the module docstring).
OWN_RETRIES = frozenset({"mahalla.webhooks.tasks.deliver_webhook"})
# Errors another attempt cannot mend.
PERMANENT_ERRORS: tuple[type[BaseException], ...] = (ImportError, SuspiciousOperation,
                                                     ObjectDoesNotExist)


def max_attempts() -> int:
    return max(1, int(getattr(settings, "TASK_MAX_ATTEMPTS", 5)))


def retry_delay(attempts: int) -> timedelta:
    """The wait after ``attempts`` failed attempts: doubling from the base, capped, jittered."""
    base = int(getattr(settings, "TASK_RETRY_BASE_SECONDS", 30))
    cap = int(getattr(settings, "TASK_RETRY_MAX_SECONDS", 3600))
    seconds = min(base * 2 ** max(attempts - 1, 0), cap)
    return timedelta(seconds=seconds + random.uniform(0, seconds / 10))


def _periodic_paths() -> set[str]:
    from mahalla.core.periodic import PERIODIC_TASKS

    return {path for path, _every in PERIODIC_TASKS}


def is_retried(task_path: str, exception_class_path: str) -> bool:
    """Does a failure of this task with this error get another attempt from us?"""
    if task_path in OWN_RETRIES or task_path in _periodic_paths():
        return False
    error = _load(exception_class_path)
    # An error class we cannot load says nothing about the next attempt: try again.
    return not (isinstance(error, type) and issubclass(error, PERMANENT_ERRORS))


def _load(dotted: str):
    """The object at a dotted path, nested classes too (``app.models.Model.DoesNotExist``)."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                found = getattr(found, name)
        except AttributeError:
            return None
        return found
    return None


def retry_failed_task(sender, task_result, **kwargs) -> None:
    """``task_finished`` receiver: queue a failed database task again if it has attempts left.

    Never raises: the worker sends this signal from its own error handling.
    """
    row = getattr(task_result, "db_result", None)
    if row is None or task_result.status != TaskResultStatus.FAILED:
        return  # another backend (the immediate one in tests), or a success
    try:
        _retry(row)
    except Exception:  # noqa: BLE001 - a failed retry must not take the worker down
        logger.exception("could not schedule a retry of task %s", row.pk)


def _retry(row) -> None:
    from django_tasks_db.models import DBTaskResult

    attempts = len(row.worker_ids)
    if attempts >= max_attempts() or not is_retried(row.task_path, row.exception_class_path):
        logger.warning("task %s (%s) failed for good after %d attempt(s): %s", row.pk,
                       row.task_path, attempts, row.exception_class_path)
        return
    delay = retry_delay(attempts)
    updated = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now() + delay)
    if updated:
        logger.warning("task %s (%s) failed (attempt %d of %d, %s); next attempt in %d s",
                       row.pk, row.task_path, attempts, max_attempts(),
                       row.exception_class_path, delay.total_seconds())

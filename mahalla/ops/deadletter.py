"""The dead letters: background tasks that failed for good, and running one again.

A task is here when its row in the task queue (``django_tasks_db``) is FAILED: its retries
(``mahalla.ops.retries``) are used up, or its error was one another try cannot mend. Only
administrators see the list, and what it shows holds no personal data: task arguments are
summarised by type (numbers and ids as they are, text by its length) and error messages
have e-mail addresses and long digit runs (phones, PINFL) masked.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus

from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied
from mahalla.core.models import Role

MAX_ERROR_CHARS = 300
MAX_ARGS_CHARS = 200
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_DIGITS = re.compile(r"\+?\d[\d\s()-]{5,}\d")
_SHORT_INT = 10 ** 12  # ids are numbers below this; longer ones may be a PINFL or a phone


def can_manage_tasks(user) -> bool:
    """Administrators only: the list shows every body's work."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and (
        user.is_superuser or user.role == Role.ADMINISTRATOR))


def redact(text: str) -> str:
    """Mask what looks like personal data (e-mail addresses, phone and PINFL digits)."""
    text = _EMAIL.sub("[email]", text)
    return _DIGITS.sub("[digits]", text)


def _value(value) -> str:
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value) if abs(value) < _SHORT_INT else "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value))
        except ValueError:
            return f"str[{len(value)}]"
    if isinstance(value, list):
        return f"list[{len(value)}]"
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(str(k)[:30] for k in value)[:8]) + "}"
    return type(value).__name__


def args_summary(args_kwargs: dict) -> str:
    """``(42, 'str[12]', appeal_id=7)``: ids and numbers kept, text only by its length."""
    if not isinstance(args_kwargs, dict):
        return "(…)"
    args, kwargs = args_kwargs.get("args") or [], args_kwargs.get("kwargs") or {}
    parts = [_value(v) for v in args] + [f"{str(k)[:40]}={_value(v)}" for k, v in kwargs.items()]
    summary = "(" + ", ".join(parts) + ")"
    return summary if len(summary) <= MAX_ARGS_CHARS else summary[:MAX_ARGS_CHARS - 1] + "…"


def error_summary(exception_class_path: str, traceback: str) -> str:
    """The exception's class and message (the traceback's last line), redacted and cut."""
    lines = [line for line in (traceback or "").strip().splitlines() if line.strip()]
    last = lines[-1].strip() if lines else ""
    name = exception_class_path.rsplit(".", 1)[-1] if exception_class_path else ""
    message = last.split(":", 1)[1].strip() if ":" in last else ""
    text = f"{name}: {message}" if message else (name or last)
    text = redact(text)
    return text if len(text) <= MAX_ERROR_CHARS else text[:MAX_ERROR_CHARS - 1] + "…"


@dataclass(frozen=True)
class DeadLetter:
    id: str
    task_name: str
    task_path: str
    queue_name: str
    args: str
    error: str
    attempts: int
    enqueued_at: datetime
    finished_at: datetime | None


def failed_tasks():
    """The failed rows, newest failure first (a QuerySet, for paging)."""
    from django_tasks_db.models import DBTaskResult

    return (DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
            .order_by("-finished_at", "-enqueued_at")
            .only("id", "task_path", "queue_name", "args_kwargs", "exception_class_path",
                  "traceback", "worker_ids", "enqueued_at", "finished_at"))


def dead_letter(row) -> DeadLetter:
    return DeadLetter(
        id=str(row.pk), task_name=row.task_path.rsplit(".", 1)[-1], task_path=row.task_path,
        queue_name=row.queue_name, args=args_summary(row.args_kwargs),
        error=error_summary(row.exception_class_path, row.traceback),
        attempts=len(row.worker_ids or []), enqueued_at=row.enqueued_at,
        finished_at=row.finished_at)


def rerun_failed_task(*, result_id, actor):
    """Put a failed task back in the queue, with a fresh set of attempts; record who did it.

    The same row is queued again (its id stays), so the list shows it no more unless it
    fails for good again. The event keeps the attempts and the error class it had.
    """
    from django_tasks_db.models import DBTaskResult, get_date_max

    if not can_manage_tasks(actor):
        raise PermissionDenied(_("Only administrators may run failed tasks again."))
    with transaction.atomic():
        row = DBTaskResult.objects.select_for_update().filter(pk=result_id).first()
        if row is None:
            raise NotFound(_("There is no such task."))
        if row.status != TaskResultStatus.FAILED:
            raise Conflict(_("This task is no longer failed: it was run again already."))
        try:
            row.task  # noqa: B018 - imports the task function: is it still in the code?
        except (ImportError, SuspiciousOperation):
            raise DomainError(_("This task no longer exists in the code, so it cannot run "
                                "again.")) from None
        record_event(type="ops.task_rerun", object_type="django_tasks_db.dbtaskresult",
                     object_id=row.pk, actor=actor,
                     payload={"task": row.task_path, "attempts": len(row.worker_ids or []),
                              "error": row.exception_class_path})
        DBTaskResult.objects.filter(pk=row.pk).update(
            status=TaskResultStatus.READY, run_after=get_date_max(), worker_ids=[],
            started_at=None, finished_at=None)
        row.refresh_from_db()
    return row

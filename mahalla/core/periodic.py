"""Periodic tasks: what the `scheduler` command enqueues, and how often (seconds).

django-tasks has no beat of its own; the scheduler process only enqueues, the db_worker
runs. Every periodic task is idempotent, so two schedulers at once do no harm.
"""

from django.conf import settings

PERIODIC_TASKS: list[tuple[str, int]] = [
    ("mahalla.appeals.tasks.remind_due_soon_task", 15 * 60),
    ("mahalla.appeals.tasks.escalate_overdue_task", 15 * 60),
    ("mahalla.ledger.tasks.publish_checkpoint_task", settings.LEDGER_CHECKPOINT_SECONDS),
]


def register(path: str, every_seconds: int) -> None:
    if (path, every_seconds) not in PERIODIC_TASKS:
        PERIODIC_TASKS.append((path, every_seconds))

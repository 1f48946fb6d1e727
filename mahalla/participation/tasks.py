"""Periodic work of participation (listed in `apps.py`, enqueued by `manage.py scheduler`)."""

from django.db import connection
from django_tasks import task

from mahalla.participation import petitions, surveys, voting
from mahalla.participation.models import Ballot


@task()
def petitions_watch_task() -> dict:
    """Close petitions whose signing period ended; escalate late answers (once each)."""
    return {"expired": petitions.expire_petitions(),
            "escalated": petitions.escalate_late_answers()}


@task()
def close_due_votes_task() -> dict:
    """Close questionnaires and votes past their closing time (publishes the ballots)."""
    return {"surveys": surveys.close_due_surveys(), "elections": voting.close_due_elections()}


@task()
def shuffle_ballots_task() -> int:
    """Rewrite open votes' ballots in random order, then drop the old row versions."""
    count = voting.shuffle_open_elections()
    if count and connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {Ballot._meta.db_table}")  # noqa: S608 (a constant)
    return count

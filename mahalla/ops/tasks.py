from django_tasks import task

from mahalla.ops.idempotency import prune_expired


@task()
def prune_idempotency_records_task() -> int:
    """Delete stored idempotent responses past their time; return how many."""
    return prune_expired()

from django_tasks import task

from mahalla.ledger.services import publish_checkpoint


@task()
def publish_checkpoint_task() -> int:
    """Sign the log head if it grew since the last checkpoint; return the checkpoint's size."""
    return publish_checkpoint().size

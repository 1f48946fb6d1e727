from django_tasks import task

from mahalla.webhooks.services import attempt_delivery, retry_due_webhooks


@task()
def deliver_webhook(delivery_id: str) -> str:
    """One attempt at one delivery; idempotent: a delivered one is never sent again."""
    return attempt_delivery(delivery_id)


@task()
def retry_due_webhooks_task() -> int:
    """Enqueue the pending deliveries whose next attempt is due."""
    return retry_due_webhooks()

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from mahalla.notify.channels import CHANNELS
from mahalla.notify.models import OutboxMessage


@task()
def deliver_message(message_id: int) -> str:
    """Deliver one outbox message; idempotent: a message already sent is left alone."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        if message.status == OutboxMessage.Status.SENT:
            return "already sent"
        deliver = CHANNELS.get(message.channel)
        message.attempts += 1
        try:
            if deliver is None:
                raise ValueError(f"no delivery channel {message.channel}")
            deliver(message)
        except Exception as exc:  # noqa: BLE001 - any channel failure is recorded, not raised
            message.status = OutboxMessage.Status.FAILED
            message.last_error = str(exc)[:2000]
            message.save(update_fields=["attempts", "status", "last_error"])
            return "failed"
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["attempts", "status", "sent_at"])
    return "sent"

"""Queue messages to people. Callers never deliver directly: the outbox row comes first."""

from django.db import transaction
from django.utils import translation

from mahalla.notify.models import OutboxMessage


def queue_message(*, channel: str, kind: str, body: str, recipient=None, address: str = "",
                  subject: str = "", link: str = "") -> OutboxMessage:
    """Write an outbox row and enqueue its delivery once the surrounding transaction commits."""
    from mahalla.notify.tasks import deliver_message

    message = OutboxMessage.objects.create(
        recipient=recipient, address=address, channel=channel, kind=kind, subject=subject,
        body=body, link=link,
    )
    transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return message


def render_in_language(language: str, render):
    """Render message text in the recipient's language, whatever the request's language is."""
    with translation.override(language or "uz"):
        return str(render())

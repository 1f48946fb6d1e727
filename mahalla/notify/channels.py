"""Delivery channels of the outbox. Each takes a message and raises on failure."""

import logging

from django.core.mail import send_mail

from mahalla.notify.models import OutboxMessage

logger = logging.getLogger("mahalla.notify")


def deliver_in_app(message: OutboxMessage) -> None:
    """In-app messages are read from the inbox; delivery only marks them sent."""


def deliver_email(message: OutboxMessage) -> None:
    address = message.address or (message.recipient.email if message.recipient else "")
    if not address:
        raise ValueError("no email address")
    send_mail(message.subject or message.kind, message.body, None, [address])


def deliver_sms_to_log(message: OutboxMessage) -> None:
    """Development SMS gateway: the text goes to the worker log (a real gateway comes later)."""
    address = message.address or (message.recipient.phone if message.recipient else "")
    logger.warning("SMS to %s: %s", address, message.body)


CHANNELS = {
    OutboxMessage.Channel.IN_APP: deliver_in_app,
    OutboxMessage.Channel.EMAIL: deliver_email,
    OutboxMessage.Channel.SMS: deliver_sms_to_log,
}

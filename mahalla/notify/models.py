"""The notification outbox: every message to a person is a row first, delivered by a task."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalla.core.fields import EncryptedCharField


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        IN_APP = "in_app", _("In the app")
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        TELEGRAM = "telegram", _("Telegram")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="messages")
    # Where the message goes when there is no account yet (a phone being confirmed): a phone
    # or email, so encrypted at rest like every other personal identifier.
    address = EncryptedCharField(max_length=254, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(recipient__isnull=False) | ~Q(address=""),
                                   name="outbox_has_recipient_or_address"),
        ]
        indexes = [
            # A person's in-app inbox, newest first.
            models.Index(fields=["recipient", "channel", "-created_at"], name="outbox_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.kind} → {self.recipient_id or self.address}"

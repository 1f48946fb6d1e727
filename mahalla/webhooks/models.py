"""Outbound webhooks: who receives which appeal events, and the log of every delivery."""

import fnmatch
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mahalla.core.exceptions import DomainError
from mahalla.core.models import District, DomainEvent, Organization, Region
from mahalla.webhooks.destinations import check_url
from mahalla.webhooks.signing import new_secret

# "appeal.answered", "appeal.*", "*": the shell-style patterns a subscription may list.
EVENT_PATTERN = re.compile(r"^(\*|appeal\.[a-z_*]{1,60})$")


def check_event_types(value) -> list[str]:
    """The patterns, de-duplicated, if each is a valid appeal event pattern."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise DomainError(gettext('Give the event types as a list, e.g. ["appeal.*"].'),
                          field="event_types")
    patterns = list(dict.fromkeys(p.strip() for p in value if p.strip()))
    bad = [p for p in patterns if not EVENT_PATTERN.match(p)]
    if bad:
        raise DomainError(gettext("Not an appeal event type: %(type)s. Use e.g. appeal.* or "
                                  "appeal.answered.") % {"type": bad[0]}, field="event_types")
    return patterns


class WebhookSubscription(models.Model):
    """An external system that receives appeal events, optionally only some of them."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("URL"), max_length=500)
    # A shared secret both sides need for the HMAC, so it is kept as it is, not hashed.
    secret = models.CharField(
        _("signing secret"), max_length=128, default=new_secret, blank=True,
        help_text=_("Shared with the receiver to check signatures. Left empty, one is "
                    "generated."))
    event_types = models.JSONField(
        _("event types"), default=list, blank=True,
        help_text=_('Patterns such as ["appeal.*"] or ["appeal.registered", '
                    '"appeal.answered"]; empty: every appeal event.'))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("only appeals in region"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("only appeals in district"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("only appeals routed to organization"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        constraints = [
            models.CheckConstraint(condition=~Q(secret=""), name="webhook_subscription_has_secret"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.secret:
            # An emptied field means "generate one", as the help text says.
            self.secret = new_secret()
        errors = {}
        for field, check in (("url", check_url), ("event_types", check_event_types)):
            try:
                setattr(self, field, check(getattr(self, field)))
            except DomainError as exc:
                errors[field] = exc.message
        if errors:
            raise ValidationError(errors)

    def wants(self, event_type: str) -> bool:
        """Does this subscription ask for events of this type?"""
        return not self.event_types or any(fnmatch.fnmatchcase(event_type, pattern)
                                           for pattern in self.event_types)

    def covers(self, *, region_id, district_id, organization_id) -> bool:
        """Is an appeal at this place, with this responsible body, within the filters?"""
        return ((self.region_id is None or self.region_id == region_id)
                and (self.district_id is None or self.district_id == district_id)
                and (self.organization_id is None or self.organization_id == organization_id))


class WebhookDelivery(models.Model):
    """One event for one subscription: the exact body and the state of sending it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE,
                                     related_name="deliveries", verbose_name=_("subscription"))
    # Empty for a test ping; an event that was sent somewhere is never deleted.
    event = models.ForeignKey(DomainEvent, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("event"))
    event_type = models.CharField(_("event type"), max_length=64)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True,
                                                        blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"],
                                    name="webhook_delivery_once_per_event"),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False),
                name="webhook_delivered_has_time"),
        ]
        indexes = [
            # retry_due_webhooks: pending deliveries whose next attempt is due.
            models.Index(fields=["next_attempt_at"], name="webhook_delivery_due_idx",
                         condition=Q(status="pending")),
            # The admin log of one subscription, newest first.
            models.Index(fields=["subscription", "-created_at"], name="webhook_delivery_log_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription_id} ({self.status})"

"""Outbound webhooks: appeal events pushed to subscribed systems (my.gov.uz, agencies'
dispatch systems), signed, retried, and logged.

How it works
------------
1. A subscription (admin → Webhooks) names a URL, event type patterns (``["appeal.*"]``,
   ``["appeal.registered", "appeal.answered"]``; empty = every appeal event), and optionally a
   region, district or organization: then only appeals there (or routed to that body) count.
2. Every ``appeal.*`` DomainEvent passes through ``sinks.deliver_appeal_events`` inside the
   transaction of the change. For each matching active subscription a ``WebhookDelivery`` row
   is written with the exact body to send, and the ``deliver_webhook`` task is enqueued with
   ``transaction.on_commit``: a rolled-back change sends nothing.
3. The task POSTs the body (timeout ``WEBHOOK_TIMEOUT_SECONDS``, redirects not followed).
   2xx = delivered. Anything else is retried after ``WEBHOOK_RETRY_BASE_SECONDS *
   2 ** (attempts - 1)`` (capped at 6 h, plus up to 10 % jitter) until
   ``WEBHOOK_MAX_ATTEMPTS``, then the delivery is failed. A URL whose host resolves to a
   loopback, private or link-local address fails at once unless ``WEBHOOK_ALLOW_PRIVATE``.
4. ``retry_due_webhooks`` (periodic, every minute) re-enqueues pending deliveries whose
   time has come: the safety net when a task was lost or the backend cannot defer.
5. Admins re-send deliveries (``resend_delivery``) and ping a subscription
   (``send_test_ping``).

The body (no personal data: no author, phone, text, address or answer)::

    {"id": "<delivery uuid>", "type": "appeal.answered",
     "occurred_at": "2026-03-01T09:30:00.123456+00:00",
     "appeal": {"number": "MAH-2026-000123", "status": "answered", "category": "water",
                "kind": "problem_report", "priority": "normal", "organization": 7,
                "due_at": "2026-03-16T13:00:00+00:00",
                "url": "https://<site>/open311/v2/requests/MAH-2026-000123.json"},
     "ledger": {"event_id": 4211, "payload_hash": "<sha256 hex>"}}

``id`` is the same on every retry and re-send: receivers drop duplicates by it. ``url`` is
given for problem reports only (the other kinds are private correspondence, not in Open311).
Deliveries run in parallel in production: order events by ``occurred_at`` or ``event_id``.
The body is RFC 8785 canonical JSON, so it is byte-for-byte the same on every attempt.

Headers: ``X-Mahalla-Event: <type>``, ``X-Mahalla-Delivery: <delivery uuid>``,
``X-Mahalla-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``; see
``mahalla.webhooks.signing.verify_signature`` for the receiver's side.
"""

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import rfc8785
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, PermissionDenied
from mahalla.core.models import DomainEvent
from mahalla.webhooks import transport
from mahalla.webhooks.models import WebhookDelivery, WebhookSubscription

Status = WebhookDelivery.Status
PING = "ping"
MAX_RETRY_DELAY = timedelta(hours=6)
MAX_ERROR = 2000
SWEEP_BATCH = 500
# How often the scheduler runs retry_due_webhooks_task (registered in WebhooksConfig.ready()).
RETRY_SWEEP_SECONDS = 60


# --- payloads --------------------------------------------------------------------------------

def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def appeal_territory(appeal) -> tuple[int | None, int | None]:
    """(region id, district id) of an appeal."""
    return appeal.region_id, appeal.district_id


def open311_url(appeal) -> str | None:
    """The public Open311 address of the request; only problem reports are published there."""
    if appeal.kind != appeal.Kind.PROBLEM_REPORT:
        return None
    return f"{settings.SITE_URL}/open311/v2/requests/{appeal.number}.json"


def appeal_payload(*, delivery_id: uuid.UUID, event: DomainEvent, appeal) -> dict[str, Any]:
    """The body for one appeal event: ids, states and dates only, never personal data."""
    organization = appeal.organization if appeal.organization_id else None
    return {
        "id": str(delivery_id),
        "type": event.type,
        "occurred_at": _iso(event.created_at),
        "appeal": {
            "number": appeal.number,
            "status": appeal.status,
            "category": appeal.category,
            "kind": appeal.kind,
            "priority": appeal.priority,
            "organization": (getattr(organization, "code", "") or organization.pk)
            if organization else None,
            "due_at": _iso(appeal.due_at),
            "url": open311_url(appeal),
        },
        "ledger": {"event_id": event.pk, "payload_hash": event.payload_hash},
    }


def body_of(delivery: WebhookDelivery) -> bytes:
    """The bytes sent: canonical JSON, so every attempt sends (and signs) the same body."""
    return rfc8785.dumps(delivery.payload)


# --- queueing --------------------------------------------------------------------------------

def enqueue_delivery(delivery_id, *, run_after: datetime | None = None) -> bool:
    """Enqueue one attempt; False when the backend cannot defer (the sweep will catch it)."""
    from mahalla.webhooks.tasks import deliver_webhook

    task = deliver_webhook
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return False
        task = task.using(run_after=run_after)
    task.enqueue(str(delivery_id))
    return True


def _enqueue_after_commit(ids: list) -> None:
    # robust: a task backend hiccup must not turn a committed change into an error page;
    # the pending rows stay and retry_due_webhooks enqueues them.
    transaction.on_commit(lambda: [enqueue_delivery(pk) for pk in ids], robust=True)


def queue_event_deliveries(*, event: DomainEvent, appeal,
                           subscriptions: list[WebhookSubscription]) -> list[WebhookDelivery]:
    """Write one pending delivery per subscription in the caller's transaction; the sends
    are enqueued when it commits."""
    now = timezone.now()
    deliveries = []
    for subscription in subscriptions:
        delivery_id = uuid.uuid4()
        deliveries.append(WebhookDelivery(
            id=delivery_id, subscription=subscription, event=event, event_type=event.type,
            payload=appeal_payload(delivery_id=delivery_id, event=event, appeal=appeal),
            next_attempt_at=now, created_at=now))
    WebhookDelivery.objects.bulk_create(deliveries)
    _enqueue_after_commit([d.pk for d in deliveries])
    return deliveries


# --- back office -----------------------------------------------------------------------------

def _require(actor, permission: str) -> None:
    if actor is None or not actor.is_active or not actor.has_perm(permission):
        raise PermissionDenied(_("You may not manage webhooks."))


def save_subscription(*, subscription: WebhookSubscription, actor) -> WebhookSubscription:
    """Validate and save a new or changed subscription; the change is recorded as an event."""
    created = subscription._state.adding
    _require(actor, "webhooks.add_webhooksubscription" if created
             else "webhooks.change_webhooksubscription")
    try:
        subscription.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=field) from exc
    if created:
        subscription.created_by = actor
    with transaction.atomic():
        subscription.save()
        # The secret never goes into an event: the ledger is public.
        record_event(
            type="webhook.subscription_created" if created else "webhook.subscription_changed",
            obj=subscription, actor=actor,
            payload={"name": subscription.name, "url": subscription.url,
                     "event_types": subscription.event_types,
                     "region": subscription.region_id, "district": subscription.district_id,
                     "organization": subscription.organization_id,
                     "is_active": subscription.is_active})
    return subscription


def send_test_ping(*, subscription: WebhookSubscription, actor) -> WebhookDelivery:
    """Send a signed "ping" to the subscription's URL, to check the receiver end to end."""
    _require(actor, "webhooks.change_webhooksubscription")
    if not subscription.is_active:
        raise Conflict(_("The subscription is inactive; activate it first."))
    now = timezone.now()
    delivery_id = uuid.uuid4()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            id=delivery_id, subscription=subscription, event=None, event_type=PING,
            payload={"id": str(delivery_id), "type": PING, "occurred_at": _iso(now),
                     "subscription": {"id": subscription.pk, "name": subscription.name}},
            next_attempt_at=now, created_at=now)
        _enqueue_after_commit([delivery.pk])
    return delivery


def resend_delivery(*, delivery: WebhookDelivery, actor) -> WebhookDelivery:
    """Send a delivery again from the start (full retry budget), whatever its state; the
    body and its id stay the same, so a receiver that already has it can ignore it."""
    _require(actor, "webhooks.change_webhookdelivery")
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_for_update(of=("self",))
                    .select_related("subscription").get(pk=delivery.pk))
        if not delivery.subscription.is_active:
            raise Conflict(_("The subscription is inactive; activate it first."))
        delivery.status = Status.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.delivered_at = None
        delivery.save(update_fields=["status", "attempts", "next_attempt_at", "delivered_at"])
        record_event(type="webhook.resent", obj=delivery, actor=actor,
                     payload={"subscription": delivery.subscription_id,
                              "event": delivery.event_id, "type": delivery.event_type})
        _enqueue_after_commit([delivery.pk])
    return delivery


# --- sending ---------------------------------------------------------------------------------

def retry_delay(attempts: int) -> timedelta:
    """Wait before the next attempt after `attempts` failed ones: doubling, capped, jittered."""
    base = timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS)
    delay = min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY)
    # Jitter spreads the retries of many deliveries that failed together (a receiver outage).
    return delay + delay * random.uniform(0, 0.1)


def _lease() -> timedelta:
    # While an attempt is in flight its row looks "not due": the sweep and other workers skip
    # it; if the worker dies, the attempt is retried when the lease runs out.
    return timedelta(seconds=2 * float(settings.WEBHOOK_TIMEOUT_SECONDS) + 60)


def attempt_delivery(delivery_id) -> str:
    """Make one attempt at a pending, due delivery; return what happened.

    The row is locked only to claim the attempt (count it, push next_attempt_at out by a
    lease), never during the HTTP request, so two workers cannot send the same attempt and
    no transaction waits on a slow receiver. A delivered or failed delivery is left alone.
    """
    now = timezone.now()
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_for_update(of=("self",))
                    .select_related("subscription").filter(pk=delivery_id).first())
        if delivery is None:
            return "missing"
        if delivery.status != Status.PENDING:
            return f"already {delivery.status}"
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return "not due"
        subscription = delivery.subscription
        stop = ""
        if not subscription.is_active:
            stop = _("The subscription is inactive.")
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            stop = _("No more attempts left.")
        if stop:
            delivery.status, delivery.next_attempt_at = Status.FAILED, None
            delivery.last_error = stop
            delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
            return Status.FAILED
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.next_attempt_at = now + _lease()
        delivery.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
    outcome = transport.post(url=subscription.url, secret=subscription.secret,
                             body=body_of(delivery), event_type=delivery.event_type,
                             delivery_id=str(delivery.pk))
    return _record(delivery, outcome, claimed_at=now)


def _record(delivery: WebhookDelivery, outcome: transport.Outcome, *, claimed_at) -> str:
    now = timezone.now()
    fields: dict[str, Any] = {"last_status_code": outcome.status_code,
                              "last_error": outcome.error[:MAX_ERROR]}
    if outcome.ok:
        fields.update(status=Status.DELIVERED, delivered_at=now, next_attempt_at=None)
    elif outcome.permanent or delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        fields.update(status=Status.FAILED, next_attempt_at=None)
    else:
        fields.update(status=Status.PENDING,
                      next_attempt_at=now + retry_delay(delivery.attempts))
    # Only the claim that made this attempt may record it (a re-send may have started anew).
    updated = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=Status.PENDING, last_attempt_at=claimed_at).update(**fields)
    if not updated:
        return "superseded"
    if fields["status"] == Status.PENDING:
        enqueue_delivery(delivery.pk, run_after=fields["next_attempt_at"])
    return fields["status"]


def retry_due_webhooks(*, now: datetime | None = None) -> int:
    """Enqueue pending deliveries whose next attempt is due; return how many."""
    now = now or timezone.now()
    due = list(WebhookDelivery.objects
               .filter(status=Status.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at")
               .values_list("pk", flat=True)[:SWEEP_BATCH])
    for pk in due:
        enqueue_delivery(pk)
    return len(due)

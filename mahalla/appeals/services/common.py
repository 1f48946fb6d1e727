"""Helpers shared by the appeal services: steps, numbers, tokens, messages."""

import base64
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from mahalla.appeals.models import Appeal, AppealCounter, AppealStep
from mahalla.core.events import record_event
from mahalla.core.keyed import keyed_digest, keyed_hexdigest
from mahalla.notify.models import OutboxMessage
from mahalla.notify.services import queue_message, render_in_language


def tracking_hash(token: str) -> str:
    return keyed_hexdigest(f"appeal:{token}")


def new_tracking_token(idempotency_key: str = "") -> tuple[str, str]:
    """A fresh private token, or, for a request with an idempotency key, one derived from it.

    The derived token lets a client whose first response was lost get the same link again by
    retrying with its key; only someone holding the key can.
    """
    if idempotency_key:
        digest = keyed_digest(f"appeal-key:{idempotency_key}")
        token = base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")
    else:
        token = secrets.token_urlsafe(24)
    return token, tracking_hash(token)


def next_number(now=None) -> str:
    """MAH-YYYY-NNNNNN, dense per year; the counter row is locked for the transaction."""
    year = timezone.localtime(now or timezone.now()).year
    try:
        with transaction.atomic():
            AppealCounter.objects.create(year=year, last=0)
    except IntegrityError:
        pass
    counter = AppealCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"MAH-{year}-{counter.last:06d}"


def add_step(appeal: Appeal, *, action: str, actor=None, note: str = "", from_status: str = "",
             internal: bool = False, payload: dict | None = None) -> AppealStep:
    """Timeline row and domain event (→ ledger leaf) of one change, in the caller's transaction."""
    step = AppealStep.objects.create(
        appeal=appeal, action=action, from_status=from_status, to_status=appeal.status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role=getattr(actor, "role", "") if actor else "system",
        note=note,
        visibility=AppealStep.Visibility.INTERNAL if internal else AppealStep.Visibility.PUBLIC,
    )
    event_payload = {"number": appeal.number, "status": appeal.status, "action": action}
    event_payload.update(payload or {})
    record_event(type=f"appeal.{action}", obj=appeal, actor=actor, payload=event_payload)
    return step


def notify_author(appeal: Appeal, kind: str, render) -> None:
    """Tell the applicant in the app, and by email when that is their chosen channel."""
    author = appeal.author
    if author is None or appeal.contact == Appeal.Contact.NONE:
        return
    body = render_in_language(author.preferred_language, render)
    link = f"/appeals/{appeal.number}/"
    queue_message(channel=OutboxMessage.Channel.IN_APP, kind=kind, recipient=author, body=body,
                  link=link)
    if appeal.contact == Appeal.Contact.EMAIL and author.email:
        queue_message(channel=OutboxMessage.Channel.EMAIL, kind=kind, recipient=author,
                      address=author.email, subject=appeal.number, body=body, link=link)


def notify_staff(users, appeal: Appeal, kind: str, render,
                 channel: str = OutboxMessage.Channel.IN_APP) -> None:
    for user in users:
        body = render_in_language(user.preferred_language, render)
        address = user.phone if channel == OutboxMessage.Channel.SMS else ""
        queue_message(channel=channel, kind=kind, recipient=user, body=body, address=address,
                      link=f"/staff/appeals/{appeal.number}/")

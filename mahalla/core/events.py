"""The domain event journal and the one hook the transparency ledger fills.

Every service function that changes state calls `record_event` inside its transaction.
Sinks registered with `register_event_sink` (the ledger) run in the same transaction, so a
rolled-back change leaves neither an event nor a ledger leaf.
"""

import hashlib
from collections.abc import Callable
from typing import Any

import rfc8785
from django.db import transaction

from mahalla.core.models import DomainEvent

EventSink = Callable[[DomainEvent], None]
_sinks: list[EventSink] = []


def register_event_sink(sink: EventSink) -> None:
    if sink not in _sinks:
        _sinks.append(sink)


def payload_digest(payload: dict[str, Any]) -> str:
    """SHA-256 of the payload's RFC 8785 canonical JSON: the only trace of it the ledger keeps."""
    return hashlib.sha256(rfc8785.dumps(payload)).hexdigest()


def record_event(*, type: str, obj: Any = None, object_type: str = "", object_id: Any = "",
                 actor: Any = None, payload: dict[str, Any] | None = None) -> DomainEvent:
    """Write a DomainEvent for `obj` (or an explicit type/id) and pass it to the ledger sinks."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    payload = payload or {}
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    event = DomainEvent.objects.create(
        type=type,
        object_type=object_type,
        object_id=str(object_id),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role=getattr(actor, "role", "") or ("system" if actor is None else ""),
        payload=payload,
        payload_hash=payload_digest(payload),
    )
    for sink in _sinks:
        sink(event)
    return event

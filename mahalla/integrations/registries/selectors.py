"""Reads of the registry access journal."""

from __future__ import annotations

from django.db.models import QuerySet

from mahalla.core.models import DomainEvent
from mahalla.integrations.registries.pinfl import (
    legacy_pinfl_digest,
    pinfl_digest,
    validate_pinfl,
)
from mahalla.integrations.registries.services import EVENT_TYPE


def person_lookups(pinfl: str) -> QuerySet[DomainEvent]:
    """Every registry look-up of one person, newest first: who asked, when, why, with what result.

    For audits and for answering a person who asks who has looked at their data (ZRU-547).
    """
    pinfl = validate_pinfl(pinfl)
    # Entries are never rewritten (they are ledger leaves): older ones carry the legacy digest.
    digests = [pinfl_digest(pinfl), legacy_pinfl_digest(pinfl)]
    return (DomainEvent.objects.filter(type=EVENT_TYPE, payload__person__in=digests)
            .select_related("actor").order_by("-id"))

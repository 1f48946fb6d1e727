"""Looking a person up in the person registry: checked, permitted, and journalled.

Every look-up is an access to a person's record, so each one (found, not found, or failed)
writes a DomainEvent "registry.person_lookup" → transparency ledger. The event never holds the
PINFL: its payload has the PINFL's look-up hash (`pinfl.pinfl_digest`), the purpose, the adapter
and the outcome; the object id stays empty because ledger leaves, which are public, carry it.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from mahalla.core.events import record_event
from mahalla.core.exceptions import PermissionDenied
from mahalla.core.models import MAHALLA_STAFF_ROLES, Role
from mahalla.integrations.registries import person_registry
from mahalla.integrations.registries.base import (
    PersonRecord,
    PersonRegistry,
    RegistryError,
    RegistryUnavailable,
)
from mahalla.integrations.registries.pinfl import pinfl_digest, validate_pinfl

EVENT_TYPE = "registry.person_lookup"
OBJECT_TYPE = "registry.person"
# Staff who work with residents' records; not organization staff (utilities) or auditors.
LOOKUP_ROLES = MAHALLA_STAFF_ROLES | {Role.DISTRICT_OFFICIAL, Role.REGION_OFFICIAL,
                                      Role.ADMINISTRATOR}
# A short code naming why, e.g. "social.application", "household.verify": never free text,
# which could carry personal data into the journal.
PURPOSE = re.compile(r"[a-z][a-z0-9_.:-]{0,63}")


def may_look_up_persons(actor) -> bool:
    """Whether `actor` may look people up (None: the platform itself, e.g. a sign-in flow)."""
    if actor is None:
        return True
    if not (getattr(actor, "is_authenticated", False) and actor.is_active):
        return False
    return actor.is_superuser or actor.role in LOOKUP_ROLES


def lookup_person(pinfl: str, *, actor, purpose: str) -> PersonRecord | None:
    """The person with this PINFL in the configured registry, or None if it has none.

    Raises DomainError (field "pinfl") for a malformed PINFL, PermissionDenied when the actor's
    role may not look people up, RegistryUnavailable / RegistryError when the registry fails;
    ValueError when `purpose` is not a short code (a programming error). Each call that
    reaches the registry is journalled, whatever its outcome.
    """
    if not PURPOSE.fullmatch(purpose or ""):
        raise ValueError("purpose must be a short code such as 'social.application'")
    if not may_look_up_persons(actor):
        raise PermissionDenied(_("Your role may not look people up in the person registry."))
    pinfl = validate_pinfl(pinfl)
    adapter = person_registry()
    try:
        record = adapter.lookup_person(pinfl)
        if record is not None and record.pinfl != pinfl:
            raise RegistryError(detail=f"{adapter.name} answered with another person's record")
    except RegistryError as exc:
        outcome = "unavailable" if isinstance(exc, RegistryUnavailable) else "error"
        _journal(pinfl, actor=actor, purpose=purpose, adapter=adapter, outcome=outcome)
        raise
    _journal(pinfl, actor=actor, purpose=purpose, adapter=adapter,
             outcome="found" if record else "not_found")
    return record


def _journal(pinfl: str, *, actor, purpose: str, adapter: PersonRegistry, outcome: str) -> None:
    # The registry call stays outside the transaction: no database connection is held open
    # while a remote system takes its time.
    with transaction.atomic():
        record_event(type=EVENT_TYPE, object_type=OBJECT_TYPE, actor=actor,
                     payload={"person": pinfl_digest(pinfl), "purpose": purpose,
                              "adapter": adapter.name, "outcome": outcome})

"""The person-registry interface: what every adapter answers, and how it fails.

An adapter (`fake.FakePersonRegistry`, `http.HttpPersonRegistry`, a future OneID or state
registry client) implements `PersonRegistry`. Callers use `services.lookup_person`, which
validates the PINFL, checks who asks and journals the access; never an adapter directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.db import models
from django.utils.translation import gettext_lazy as _

from mahalla.core.exceptions import DomainError


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person as a registry knows them. Personal data: keep it in memory, log none of it."""

    pinfl: str
    last_name: str
    first_name: str
    patronymic: str  # "" when the person has none (it is optional in Uzbek documents)
    birth_date: dt.date
    sex: Sex
    # Where the person is registered: a 7-digit district/city SOATO code or a 10-digit
    # settlement code; "" when the registry does not say.
    address_soato: str = ""

    @property
    def full_name(self) -> str:
        """Last, first and patronymic name, the order of Uzbek documents."""
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic)
                        if part)

    def __repr__(self) -> str:
        # Tracebacks and debug logs show objects by repr: keep the person out of them.
        return f"<PersonRecord {self.pinfl[:1]}{'*' * 13}>"


class RegistryError(DomainError):
    """The registry answered, but not in a way we can use (or refused our request).

    `message` is for the user (translated); `detail` is for the log (English, no personal data).
    """

    status_code = 502
    default_message = _("The person registry gave an answer we cannot use. "
                        "Try again later or check the person's documents in person.")

    def __init__(self, message=None, *, detail: str = "", field: str | None = None):
        super().__init__(message or self.default_message, field=field)
        self.detail = detail


class RegistryUnavailable(RegistryError):
    """The registry could not be reached or did not answer in time: worth trying again later."""

    status_code = 503
    default_message = _("The person registry is not available right now. Try again later.")


@runtime_checkable
class PersonRegistry(Protocol):
    """Look a person up by PINFL in a registry outside the platform.

    `pinfl` has been validated (`pinfl.validate_pinfl`) by the caller. Return the record, or
    None when the registry has no such person. Raise RegistryUnavailable when the registry
    cannot be reached or does not answer in time, RegistryError when its answer is unusable.
    Never return a record whose PINFL differs from the one asked for.
    """

    #: Short name written into the access journal ("fake", "http", "oneid", ...).
    name: str

    def lookup_person(self, pinfl: str) -> PersonRecord | None: ...

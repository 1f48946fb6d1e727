"""PINFL (JShShIR), the 14-digit personal identification number: check it and read it.

Layout (docs/REGISTRIES.md, after /work/shared DOMAIN facts):
  digit 1       century and sex: 1/2 → 1800s, 3/4 → 1900s, 5/6 → 2000s; odd = male
  digits 2–7    birth date, DDMMYY
  digits 8–10   area code
  digits 11–13  serial number
  digit 14      check digit: weights 7, 3, 1 repeated over digits 1–13, sum mod 10
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.core.crypto import lookup_hash
from mahalla.core.exceptions import DomainError
from mahalla.core.keyed import keyed_hexdigest
from mahalla.integrations.registries.base import Sex

LENGTH = 14
WEIGHTS = (7, 3, 1) * 4 + (7,)
_DIGITS = re.compile(r"[0-9]{14}")  # ASCII only: str.isdigit() would let in other scripts' digits
_SEPARATORS = re.compile(r"[\s-]+")
_THREE_DIGITS = re.compile(r"[0-9]{3}")


def check_digit(first13: str) -> int:
    """The 14th digit that the first 13 call for."""
    return sum(int(d) * w for d, w in zip(first13, WEIGHTS, strict=True)) % 10


def validate_pinfl(value) -> str:
    """The PINFL as 14 ASCII digits; DomainError (field "pinfl") with the reason otherwise.

    Spaces and hyphens people type between groups are dropped.
    """
    pinfl = _SEPARATORS.sub("", str(value or ""))
    if not _DIGITS.fullmatch(pinfl):
        raise DomainError(_("Enter the PINFL: 14 digits."), field="pinfl")
    if check_digit(pinfl[:13]) != int(pinfl[13]):
        raise DomainError(_("This PINFL has a typo: its last (check) digit does not match. "
                            "Compare it with the document."), field="pinfl")
    if pinfl[0] not in "123456":
        raise DomainError(_("A PINFL starts with a digit from 1 to 6."), field="pinfl")
    born = _birth_date(pinfl)
    if born is None or born > timezone.localdate():
        raise DomainError(_("The birth date in this PINFL (digits 2 to 7) is not a valid date."),
                          field="pinfl")
    return pinfl


def _birth_date(pinfl: str) -> dt.date | None:
    century = 1800 + 100 * ((int(pinfl[0]) - 1) // 2)
    day, month, year = int(pinfl[1:3]), int(pinfl[3:5]), int(pinfl[5:7])
    try:
        return dt.date(century + year, month, day)
    except ValueError:
        return None


def birth_date_of(pinfl: str) -> dt.date:
    """Birth date encoded in a valid PINFL."""
    born = _birth_date(validate_pinfl(pinfl))
    assert born is not None  # validate_pinfl refused it otherwise
    return born


def sex_of(pinfl: str) -> Sex:
    """Sex encoded in a valid PINFL's first digit (odd: male)."""
    return Sex.MALE if int(validate_pinfl(pinfl)[0]) % 2 else Sex.FEMALE


def make_pinfl(*, birth_date: dt.date, sex: Sex, area: str = "000", serial: str = "001") -> str:
    """A PINFL with a correct check digit (for fakes, fixtures and tests)."""
    first = (birth_date.year // 100 - 18) * 2 + (1 if sex == Sex.MALE else 2)
    if not 1 <= first <= 6:
        raise ValueError("a PINFL encodes birth years 1800 to 2099")
    if not (_THREE_DIGITS.fullmatch(area) and _THREE_DIGITS.fullmatch(serial)):
        raise ValueError("area and serial are 3 digits each")
    first13 = f"{first}{birth_date:%d%m%y}{area}{serial}"
    return f"{first13}{check_digit(first13)}"


def pinfl_digest(pinfl: str) -> str:
    """Keyed hash of a PINFL, for journals and look-up columns that must not hold the number.

    One convention for the whole platform, so that records about one person can be matched:
    the look-up hash of encrypted PINFL columns (`LookupHashField(purpose="pinfl")`), whose
    key outlives rotations of the encryption keys.
    """
    return lookup_hash(pinfl, purpose="pinfl")


def legacy_pinfl_digest(pinfl: str) -> str:
    """The digest journal entries written before `pinfl_digest` moved to the look-up key."""
    return keyed_hexdigest(f"pinfl:{pinfl}")

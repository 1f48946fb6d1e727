"""A deterministic person registry for tests and development: made-up people, no network.

- Four built-in people (`PEOPLE`) with obviously fictional names ("soxta" = fake, "xayoliy" =
  imaginary, "sinov" = test, "namuna" = sample, "misol" = example) and area code 000.
- Any other valid PINFL gets a synthetic person: birth date and sex read from the PINFL, names
  and a district SOATO code picked from the PINFL's hash, so the same PINFL always gives the
  same answer.
- Serial 000 (digits 11–13) is "no such person": the answer is None.
- Serial 999, `FakePersonRegistry(unavailable=True)` or the setting REGISTRY_FAKE_UNAVAILABLE
  make it raise RegistryUnavailable, to try the "registry down" paths.
It never runs in production: `person_registry()` refuses it when DEBUG and TESTING are off.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from mahalla.integrations.registries.base import PersonRecord, RegistryUnavailable, Sex
from mahalla.integrations.registries.pinfl import birth_date_of, make_pinfl, sex_of

TERRITORY = Path(__file__).resolve().parents[2] / "core" / "data" / "territory.json"
NOT_FOUND_SERIAL = "000"
UNAVAILABLE_SERIAL = "999"


def _person(last, first, patronymic, born, sex, address, serial) -> PersonRecord:
    return PersonRecord(pinfl=make_pinfl(birth_date=born, sex=sex, serial=serial),
                        last_name=last, first_name=first, patronymic=patronymic,
                        birth_date=born, sex=sex, address_soato=address)


PEOPLE: tuple[PersonRecord, ...] = (
    _person("Soxtayev", "Sinov", "Namunayevich", dt.date(1985, 3, 14), Sex.MALE, "1726294",
            "001"),
    _person("Soxtayeva", "Namuna", "Misolovna", dt.date(1990, 7, 1), Sex.FEMALE, "1703202",
            "002"),
    _person("Xayoliyev", "Misol", "Tajribayevich", dt.date(2004, 12, 31), Sex.MALE, "1735204",
            "003"),
    # Born on a leap day, and no patronymic: both happen.
    _person("Xayoliyeva", "Orzu", "", dt.date(1948, 2, 29), Sex.FEMALE, "1718203", "004"),
)

# Synthetic people's names: fictional on purpose, so nobody mistakes them for real data.
_LAST = ("Soxtayev", "Xayoliyev", "Sinovov", "Namunayev", "Misolov", "Tajribayev")
_MALE = ("Sinov", "Misol", "Tajriba", "Namunabek", "Soxtaboy", "Xayolbek")
_FEMALE = ("Namuna", "Orzu", "Misolxon", "Sinovaxon", "Xayola", "Tajribaxon")
_FATHER = (("Sinovovich", "Sinovovna"), ("Misolovich", "Misolovna"),
           ("Tajribayevich", "Tajribayevna"), ("Namunayevich", "Namunayevna"),
           ("Xayolovich", "Xayolovna"), ("Soxtayevich", "Soxtayevna"))


@functools.cache
def _districts() -> tuple[str, ...]:
    regions = json.loads(TERRITORY.read_text(encoding="utf-8"))["regions"]
    return tuple(sorted(d["soato"] for r in regions for d in r.get("districts", [])))


def synthetic_person(pinfl: str) -> PersonRecord:
    """The made-up person the fake gives for a PINFL that is not built in."""
    sex = sex_of(pinfl)
    pick = hashlib.sha256(pinfl.encode()).digest()
    last = _LAST[pick[0] % len(_LAST)]
    son, daughter = _FATHER[pick[2] % len(_FATHER)]
    if sex == Sex.MALE:
        first, patronymic = _MALE[pick[1] % len(_MALE)], son
    else:
        last, first, patronymic = f"{last}a", _FEMALE[pick[1] % len(_FEMALE)], daughter
    districts = _districts()
    return PersonRecord(pinfl=pinfl, last_name=last, first_name=first, patronymic=patronymic,
                        birth_date=birth_date_of(pinfl), sex=sex,
                        address_soato=districts[int.from_bytes(pick[3:7]) % len(districts)])


class FakePersonRegistry:
    """Made-up answers, the same every time (see the module docstring for the rules)."""

    name = "fake"
    is_fake = True

    def __init__(self, *, unavailable: bool = False,
                 people: Iterable[PersonRecord] | None = None) -> None:
        self.unavailable = unavailable
        self.people = {p.pinfl: p for p in (PEOPLE if people is None else people)}
        self.calls: list[str] = []  # PINFLs asked, in order: tests read it

    def lookup_person(self, pinfl: str) -> PersonRecord | None:
        self.calls.append(pinfl)
        if (self.unavailable or getattr(settings, "REGISTRY_FAKE_UNAVAILABLE", False)
                or pinfl[10:13] == UNAVAILABLE_SERIAL):
            raise RegistryUnavailable(detail="fake registry told to be unavailable")
        if pinfl in self.people:
            return self.people[pinfl]
        if pinfl[10:13] == NOT_FOUND_SERIAL:
            return None
        return synthetic_person(pinfl)

"""Resident verification: a registry of methods and the level each action needs.

A method is a way a person's identity was confirmed; an action names the level it needs.
Learned from Decidim's verification registry: methods are registered in one place, and
features ask `has_level(user, level)` instead of checking methods themselves.
"""

from dataclasses import dataclass
from enum import IntEnum

from django.utils.translation import gettext_lazy as _

from mahalla.core.models import User


class Level(IntEnum):
    NONE = 0
    PHONE = 1  # the phone number was confirmed with a one-time code
    IDENTITY = 2  # the person is known: OneID, in person at the mahalla, or the household register


@dataclass(frozen=True)
class Method:
    code: str
    label: str
    level: Level


METHODS: dict[str, Method] = {}


def register_method(method: Method) -> None:
    METHODS[method.code] = method


register_method(Method("phone", _("Confirmed phone number"), Level.PHONE))
register_method(Method("oneid", _("OneID"), Level.IDENTITY))
register_method(Method("in_person", _("In person by mahalla staff"), Level.IDENTITY))
register_method(Method("household_register", _("Match in the household register"), Level.IDENTITY))


def level_of(user: User) -> Level:
    """The highest level any active verification of the user gives."""
    if not user.is_authenticated:
        return Level.NONE
    codes = user.verifications.filter(revoked_at__isnull=True).values_list("method", flat=True)
    levels = [METHODS[code].level for code in codes if code in METHODS]
    return max(levels, default=Level.NONE)


def has_level(user: User, level: Level) -> bool:
    return level_of(user) >= level

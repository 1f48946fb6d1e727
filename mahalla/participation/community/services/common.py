"""What the community services share: text checks, posting rates, public display names."""

import re
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from mahalla.core.exceptions import DomainError
from mahalla.core.keyed import keyed_hexdigest
from mahalla.core.models import Role
from mahalla.core.text import clean_multiline, clean_text

_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def checked_text(value, *, field: str, minimum: int, maximum: int,
                 multiline: bool = True) -> str:
    """Cleaned text within its length, without markup; a translated error otherwise."""
    if value is not None and not isinstance(value, str):
        raise DomainError(_("This value is not valid."), field=field)
    text = clean_multiline(value or "") if multiline else clean_text(value or "")
    if _HTML_TAG.search(text):
        raise DomainError(_("The text must not contain HTML tags or scripts."), field=field)
    if len(text) < minimum:
        if minimum <= 1:
            raise DomainError(_("This field is required."), field=field)
        raise DomainError(_("Write at least %(count)d characters.") % {"count": minimum},
                          field=field)
    if len(text) > maximum:
        raise DomainError(_("Write at most %(count)d characters.") % {"count": maximum},
                          field=field)
    return text


def checked_int(value, *, field: str, minimum: int, maximum: int, message: str) -> int:
    if isinstance(value, bool):
        raise DomainError(message, field=field)
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(message, field=field) from exc
    if not minimum <= number <= maximum:
        raise DomainError(message, field=field)
    return number


def posting_limit(kind: str) -> tuple[int, timedelta]:
    """How many comments (or topics) one person may post within the window."""
    if kind == "topic":
        return (getattr(settings, "COMMUNITY_TOPICS_PER_DAY", 3), timedelta(days=1))
    return (getattr(settings, "COMMUNITY_COMMENTS_PER_10_MINUTES", 10), timedelta(minutes=10))


def public_name(user, role: str = "") -> str:
    """The name shown on public pages: never a phone number or a full name.

    Staff speak in office ("Mahalla chairman"); a resident is "Resident #NNNNNN", six digits
    of a keyed hash (HMAC with the site's secret) of the account id: the same in every topic,
    so a conversation can be followed, and not reversible without the server's key.
    """
    role = role or getattr(user, "role", "")
    if user is None:
        return _("Former participant")
    if role and role != Role.RESIDENT:
        return str(Role(role).label) if role in Role.values else _("Official")
    number = int(keyed_hexdigest(f"community:pseudonym:{user.pk}")[:12], 16) % 900000 + 100000
    return _("Resident #%(number)d") % {"number": number}

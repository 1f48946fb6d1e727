"""Uzbek phone numbers: +998 followed by nine digits, stored as E.164, shown "+998 XX XXX XX XX"."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

_E164_UZ = re.compile(r"^\+998\d{9}$")
# What a stored number must look like (the column is encrypted, so the database cannot check).
E164_UZ_VALIDATOR = RegexValidator(r"^\+998\d{9}$",
                                   _("Enter an Uzbek number: +998 and nine digits."))


def normalize_phone(raw: str) -> str:
    """Return the number as +998XXXXXXXXX or raise ValidationError with a translated message.

    Accepts the forms people type: "90 123 45 67", "+998 (90) 123-45-67", "998901234567",
    "8 90 123 45 67" is not an Uzbek form and is refused. Operator prefixes are not hard-coded:
    the libphonenumber metadata decides which numbers exist.
    """
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Enter a phone number."), code="required")
    digits = re.sub(r"[\s\-().]", "", text)
    if not re.fullmatch(r"\+?\d+", digits):
        raise ValidationError(
            _("A phone number may contain only digits, spaces, +, - and brackets."), code="invalid")
    if digits.startswith("+"):
        candidate = digits
    elif digits.startswith("998") and len(digits) == 12:
        candidate = "+" + digits
    elif len(digits) == 9:
        candidate = "+998" + digits
    else:
        raise ValidationError(_("Enter an Uzbek number: +998 and nine digits."), code="invalid")
    try:
        parsed = phonenumbers.parse(candidate, "UZ")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("This is not a valid phone number."), code="invalid") from exc
    formatted = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if not _E164_UZ.match(formatted) or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("Enter an Uzbek number: +998 and nine digits."), code="invalid")
    return formatted


def format_phone(e164: str) -> str:
    """+998901234567 → "+998 90 123 45 67"; anything else is returned unchanged."""
    if not e164 or not _E164_UZ.match(e164):
        return e164 or ""
    d = e164[4:]
    return f"+998 {d[0:2]} {d[2:5]} {d[5:7]} {d[7:9]}"


def mask_phone(e164: str) -> str:
    """+998901234567 → "+998 90 *** ** 67", for places where the number must not be read whole."""
    if not e164 or not _E164_UZ.match(e164):
        return ""
    d = e164[4:]
    return f"+998 {d[0:2]} *** ** {d[7:9]}"


def phone_lookup_form(raw: str) -> str:
    """The form a phone is hashed in for look-ups: E.164 when it is a valid Uzbek number,
    otherwise the text as typed (trimmed), which then matches nothing stored. Never raises."""
    try:
        return normalize_phone(raw)
    except ValidationError:
        return (raw or "").strip()

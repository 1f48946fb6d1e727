"""POST requests: from the spec's form fields to an `AppealDraft` for `submit_appeal`.

Here only the shape of the input is checked (lengths, numbers, the attribute answers against
the service definition); whether the report is acceptable (text, the point inside Uzbekistan,
the place, email and media links) is the service's decision.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from mahalla.appeals.models import Appeal
from mahalla.appeals.open311 import attributes, catalogue
from mahalla.appeals.open311.formats import Open311Error
from mahalla.appeals.open311.params import short
from mahalla.appeals.services.submit import AppealDraft
from mahalla.appeals.sources import SubmissionSource

_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]*)\](\[\])?$")
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,40}$")
# Longest accepted value of each plain field (description: the spec's 4,000 characters).
LIMITS = {
    "service_code": 40, "lat": 40, "long": 40, "address_string": 300, "address_id": 20,
    "email": 254, "device_id": 100, "account_id": 100, "first_name": 100, "last_name": 100,
    "phone": 32, "description": 4000, "api_key": 200, "jurisdiction_id": 100, "locale": 20,
}
MAX_MEDIA_URLS = 20


@dataclass
class Submission:
    service_code: str
    fields: dict[str, str]
    media_urls: list[str]
    answers: dict


def _storable(name: str, value: str) -> str:
    # Databases refuse NUL; refuse it as bad input rather than fail on saving.
    if "\x00" in value:
        raise Open311Error(400, _("%(name)s contains characters that are not allowed.")
                           % {"name": short(name)})
    return value


def _plain_fields(data) -> dict[str, str]:
    fields = {}
    for name, limit in LIMITS.items():
        value = _storable(name, data.get(name, "")).strip()
        if len(value) > limit:
            raise Open311Error(400, _("%(name)s may be at most %(limit)s characters long.")
                               % {"name": name, "limit": limit})
        fields[name] = value
    return fields


def _coordinate(fields: dict[str, str], name: str, bound: int) -> Decimal | None:
    value = fields[name]
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not -bound <= number <= bound:
        raise Open311Error(400, _("%(name)s must be a number from -%(bound)s to %(bound)s "
                                  "(WGS84 degrees).") % {"name": name, "bound": bound})
    return number


def _media_urls(data) -> list[str]:
    urls = [_storable("media_url", u).strip() for u in data.getlist("media_url")]
    urls = list(dict.fromkeys(u for u in urls if u))
    if len(urls) > MAX_MEDIA_URLS:  # the service accepts fewer; this bounds the work
        raise Open311Error(400, _("Too many media_url values."))
    return urls


def _attribute_values(data) -> dict[str, list[str]]:
    """attribute[code]=value and attribute[code][]=value pairs, blanks dropped."""
    submitted: dict[str, list[str]] = {}
    for key, values in data.lists():
        if not key.startswith("attribute"):
            continue
        match = _ATTRIBUTE.match(key)
        if match is None or not match[1]:
            raise Open311Error(400, _("Attributes are sent as attribute[code]=value, or "
                                      "attribute[code][]=value for several values."))
        cleaned = [_storable(key, v).strip() for v in values]
        if any(cleaned):
            submitted.setdefault(match[1], []).extend(v for v in cleaned if v)
    return submitted


def parse(data) -> Submission:
    """The form of POST requests, checked for shape; Open311Error(400/404) otherwise."""
    fields = _plain_fields(data)
    code = fields["service_code"]
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    if not catalogue.exists(code):
        raise Open311Error(404, _("service_code %(code)s was not found.")
                           % {"code": short(code)})
    lat, lon = _coordinate(fields, "lat", 90), _coordinate(fields, "long", 180)
    if (lat is None) != (lon is None):
        raise Open311Error(400, _("lat and long must be sent together."))
    if lat is None and not fields["address_string"] and not fields["address_id"]:
        raise Open311Error(400, _("A location is required: lat and long, address_string or "
                                  "address_id."))
    media_urls = _media_urls(data)
    answers = attributes.validate(code, _attribute_values(data))
    return Submission(service_code=code, fields=fields, media_urls=media_urls, answers=answers)


def appeal_text(submission: Submission) -> str:
    """The description as sent, with one line per attribute answer for the staff.

    Staff read these lines in the site's default language. Without a description the text
    is the service's name and the answers.
    """
    with translation.override(settings.LANGUAGE_CODE):
        lines = attributes.readable_lines(submission.service_code, submission.answers)
        heading = _("Open311 report: %(service)s") % {
            "service": catalogue.service_name(submission.service_code)}
    description = submission.fields["description"]
    if description:
        return "\n\n".join([description, "\n".join(lines)]) if lines else description
    return "\n".join([heading, *lines])


def idempotency_key(request, api_key) -> str:
    """Ours for the client's Idempotency-Key header, kept apart per integration key."""
    header = request.headers.get("Idempotency-Key", "").strip()
    if not header:
        return ""
    if not _IDEMPOTENCY_KEY.match(header):
        raise Open311Error(400, _("The Idempotency-Key header must be 1 to 40 visible ASCII "
                                  "characters."))
    return f"open311:{api_key.pk}:{header}"


def draft(submission: Submission, *, api_key, idempotency_key: str) -> AppealDraft:
    fields = submission.fields
    source = SubmissionSource(
        api_key=api_key, device_id=fields["device_id"], account_id=fields["account_id"],
        first_name=fields["first_name"], last_name=fields["last_name"], email=fields["email"],
        phone=fields["phone"], media_urls=submission.media_urls,
        attributes=submission.answers,
    )
    return AppealDraft(
        kind=Appeal.Kind.PROBLEM_REPORT, channel=Appeal.Channel.OPEN311,
        category=submission.service_code, text=appeal_text(submission),
        latitude=fields["lat"] or None, longitude=fields["long"] or None,
        address=fields["address_string"], mahalla_code=fields["address_id"], anonymous=True,
        idempotency_key=idempotency_key, source=source,
    )

"""Reading what an Open311 client sent: language, jurisdiction, lists, W3C dates.

Per the spec an empty optional argument is the same as an absent one, so every reader here
treats "" like a missing parameter.
"""

import re
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from mahalla.appeals.open311.formats import Open311Error

# The spec: a range of at most 90 days, the last 90 days when no dates are given.
MAX_SPAN = timedelta(days=90)
_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def short(value: str, limit: int = 50) -> str:
    """A client's value quoted back in an error, never at unbounded length."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _supported(value: str) -> str | None:
    codes = {code for code, _name in settings.LANGUAGES}
    value = value.strip().lower().replace("_", "-")
    if value in codes:
        return value
    if value.startswith("uz-cyrl"):
        return "uz-cyrl" if "uz-cyrl" in codes else None
    primary = value.split("-")[0]
    return primary if primary in codes else None


def language(request) -> str:
    """The `locale` parameter when we speak it, else the language cookie / Accept-Language."""
    try:
        requested = request.GET.get("locale", "") or (
            request.POST.get("locale", "") if request.method == "POST" else "")
    except (SuspiciousOperation, MultiPartParserError):  # unreadable: its error will say so
        requested = ""
    return (_supported(requested) if requested else None) or \
        translation.get_language_from_request(request) or settings.LANGUAGE_CODE


def check_jurisdiction(value: str | None) -> None:
    """We serve one jurisdiction: jurisdiction_id may be left out or must name it."""
    value = (value or "").strip()
    ours = settings.OPEN311_JURISDICTION_ID
    if value and value != ours:
        raise Open311Error(404, _("jurisdiction_id %(given)s was not found; this server "
                                  "answers for %(ours)s.") % {"given": short(value),
                                                              "ours": ours})


def split_list(query, name: str) -> list[str]:
    """A comma-delimited parameter, which may also be given several times; blanks dropped."""
    items = []
    for raw in query.getlist(name):
        items.extend(part.strip() for part in raw.split(","))
    return list(dict.fromkeys(item for item in items if item))


def w3c_datetime(query, name: str) -> datetime | None:
    """A W3C date/time parameter (2010-01-01T00:00:00Z, 2010-01-01, 2010-01 or 2010).

    Without a time zone the server's zone is assumed; a bad value is a 400 that names it.
    """
    value = query.get(name, "").strip()
    if not value:
        return None
    parsed = None
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is None and _YEAR.match(value):
                day = datetime(int(value), 1, 1).date()
            elif day is None and (match := _YEAR_MONTH.match(value)):
                day = datetime(int(match[1]), int(match[2]), 1).date()
            parsed = datetime.combine(day, time.min) if day is not None else None
    except ValueError:
        parsed = None
    # Far years would overflow the 90-day arithmetic; no report is that old or that new.
    if parsed is None or not 1900 <= parsed.year <= 9000:
        raise Open311Error(400, _("%(name)s must be a date and time in W3C format, for example "
                                  "2010-01-01T00:00:00Z.") % {"name": name})
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def date_range(query, now=None) -> tuple[datetime, datetime]:
    """start_date and end_date with the spec's defaults; at most 90 days apart."""
    start, end = w3c_datetime(query, "start_date"), w3c_datetime(query, "end_date")
    if start is None and end is None:
        end = now or timezone.now()
    if start is None:
        start = end - MAX_SPAN
    elif end is None:
        end = start + MAX_SPAN
    if end < start:
        raise Open311Error(400, _("end_date must not be earlier than start_date."))
    if end - start > MAX_SPAN:
        raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
    return start, end

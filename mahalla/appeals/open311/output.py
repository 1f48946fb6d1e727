"""Problem reports as GeoReport v2 service requests, with the privacy rule in one place.

Every request carries all the spec's fields, in the spec's order. What a report says and where
it is (description, address, lat/long, photo) is shown only once moderators published it
(`Appeal.is_public`); before that a request shows its id, status, service, the responsible
body and its dates. Nothing about the person who reported it is ever shown: no name, phone,
email, device or account id.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.appeals.models import Appeal
from mahalla.appeals.open311 import catalogue

# GeoReport v2 "GET Service Requests" response fields, in the spec's order.
REQUEST_FIELDS = (
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
    "long", "media_url",
)
# The spec limits description to 4,000 characters; our texts may be longer.
MAX_DESCRIPTION = 4000
ANSWER_SHOWN = {Appeal.Status.ANSWERED, Appeal.Status.CLOSED}


def status(appeal: Appeal) -> str:
    return "open" if appeal.status in Appeal.OPEN_STATUSES else "closed"


def agency(appeal: Appeal) -> str | None:
    """The responsible organization, else the mahalla, district or region whose queue it is."""
    body = appeal.organization or appeal.mahalla or appeal.district or appeal.region
    return body.name if body is not None else None


def _due(appeal: Appeal) -> str:
    return timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")


def service_notice(appeal: Appeal) -> str | None:
    """What happens next, for an open report with a deadline."""
    if status(appeal) != "open" or appeal.due_at is None:
        return None
    return _("The responsible body must answer by %(date)s.") % {"date": _due(appeal)}


def status_notes(appeal: Appeal) -> str:
    if appeal.is_public and appeal.status in ANSWER_SHOWN and appeal.answer:
        return appeal.answer
    return str(appeal.get_status_display())


def _updated(appeal: Appeal):
    if status(appeal) == "closed":
        return appeal.closed_at or appeal.answered_at or appeal.updated_at
    return appeal.updated_at


def _description(text: str) -> str:
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def _media_url(appeal: Appeal, request) -> str | None:
    photos = getattr(appeal, "public_photos", None)
    if photos is None:
        photos = list(appeal.photos.filter(is_public=True).order_by("stage", "created_at"))
    if not photos:
        return None
    path = reverse("api-v1:appeal_photo",
                   kwargs={"number": appeal.number, "photo_id": photos[0].pk})
    return request.build_absolute_uri(path)


def service_request(appeal: Appeal, request) -> dict:
    """One report as the spec's `request`; the place and the words only once published."""
    published = appeal.is_public
    has_point = appeal.latitude is not None and appeal.longitude is not None
    return {
        "service_request_id": appeal.number,
        "status": status(appeal),
        "status_notes": status_notes(appeal),
        "service_name": catalogue.service_name(appeal.category),
        "service_code": appeal.category,
        "description": _description(appeal.text) if published else None,
        "agency_responsible": agency(appeal),
        "service_notice": service_notice(appeal),
        "requested_datetime": appeal.created_at,
        "updated_datetime": _updated(appeal),
        "expected_datetime": appeal.due_at,
        "address": (appeal.address or None) if published else None,
        "address_id": appeal.mahalla.code if published and appeal.mahalla_id else None,
        "zipcode": None,
        "lat": float(appeal.latitude) if published and has_point else None,
        "long": float(appeal.longitude) if published and has_point else None,
        "media_url": _media_url(appeal, request) if published else None,
    }


def created(appeal: Appeal) -> dict:
    """The answer to POST requests (a realtime service: the id, no token)."""
    if getattr(appeal, "repeated_report", False):
        notice = _("This problem was already reported at this place; your report was added "
                   "to %(number)s.") % {"number": appeal.number}
    elif appeal.due_at is not None and status(appeal) == "open":
        notice = _("Registered as %(number)s. The responsible body must answer by "
                   "%(date)s.") % {"number": appeal.number, "date": _due(appeal)}
    else:
        notice = _("Registered as %(number)s.") % {"number": appeal.number}
    # account_id "may not be returned": we keep the reporter's identifiers to ourselves.
    return {"service_request_id": appeal.number, "service_notice": notice, "account_id": None}


def token_row(appeal: Appeal, token: str) -> dict:
    return {"service_request_id": appeal.number, "token": token}

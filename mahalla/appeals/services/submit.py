"""Submitting an appeal or problem report: validate, register, route, set the deadline."""

import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.appeals import deadlines
from mahalla.appeals.models import Appeal, AppealPhoto, AppealSource, AppealSupport
from mahalla.appeals.photos import process_photos
from mahalla.appeals.places import (
    Place,
    nearest_mahalla,
    place_of_address,
    place_of_mahalla_code,
    place_of_point,
)
from mahalla.appeals.routing import route
from mahalla.appeals.services.common import (
    add_step,
    new_tracking_token,
    next_number,
    notify_author,
    notify_staff,
)
from mahalla.appeals.sources import SubmissionSource, checked_source
from mahalla.core import geo
from mahalla.core.categories import Category
from mahalla.core.exceptions import DomainError
from mahalla.core.models import Role, User
from mahalla.core.text import clean_multiline, clean_text, search_key
from mahalla.notify.models import OutboxMessage
from mahalla.triage.services import assess_submission
from mahalla.triage.services import record_result as record_triage

MIN_TEXT = 10
MAX_TEXT = 5000
DUPLICATE_RADIUS_M = 50
# A device's repeated report of one problem: same key, device and category within this radius.
DEVICE_REPEAT_RADIUS_M = 30
__all__ = ["AppealDraft", "SubmissionSource", "nearest_mahalla", "submit_appeal",
           "nearby_open_reports", "support_appeal", "queue_keepers"]
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


@dataclass
class AppealDraft:
    """What a channel collected; the service checks every field."""

    kind: str
    category: str
    text: str
    mahalla_code: str = ""
    latitude: str | float | Decimal | None = None
    longitude: str | float | Decimal | None = None
    address: str = ""
    contact: str = Appeal.Contact.IN_APP
    consent: bool = False
    anonymous: bool = False
    photos: list = field(default_factory=list)
    channel: str = Appeal.Channel.WEB
    priority: str = Appeal.Priority.NORMAL
    idempotency_key: str = ""
    # Set by channels for outside systems (Open311, integration keys, devices).
    source: SubmissionSource | None = None


def _clean_text(text: str) -> str:
    text = clean_text(text) if "\n" not in (text or "") else clean_multiline(text)
    if _HTML_TAG.search(text):
        raise DomainError(_("The text must not contain HTML tags or scripts."), field="text")
    if len(text) < MIN_TEXT:
        raise DomainError(_("Describe the matter in at least 10 characters."), field="text")
    if len(text) > MAX_TEXT:
        raise DomainError(_("The text may be at most 5,000 characters."), field="text")
    return text


def _point(latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    if latitude in (None, "") or longitude in (None, ""):
        raise DomainError(_("Give both latitude and longitude of the point."), field="latitude")
    try:
        lat = Decimal(str(latitude)).quantize(Decimal("0.000001"))
        lon = Decimal(str(longitude)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("The map point is not valid."), field="latitude") from exc
    if not lat.is_finite() or not lon.is_finite() or not geo.in_uzbekistan(lat, lon):
        raise DomainError(_("The map point is outside Uzbekistan."), field="latitude")
    return lat, lon


def _place(code: str, lat: Decimal | None, lon: Decimal | None, address: str) -> Place:
    if code:
        return place_of_mahalla_code(code)
    if lat is not None:
        return place_of_point(lat, lon)
    if address:
        return place_of_address(address)
    raise DomainError(_("Choose your mahalla or put a point on the map."), field="mahalla")


def nearby_open_reports(*, category: str, latitude, longitude,
                        radius_m: float = DUPLICATE_RADIUS_M, exclude_pk=None) -> list[Appeal]:
    """Open problem reports of the category within `radius_m` of the point, nearest first."""
    lat, lon = float(latitude), float(longitude)
    south, north, west, east = geo.bounding_box(lat, lon, radius_m)
    candidates = (Appeal.objects.open()
                  .filter(kind=Appeal.Kind.PROBLEM_REPORT, category=category,
                          merged_into__isnull=True,
                          latitude__range=(south, north), longitude__range=(west, east))
                  .exclude(pk=exclude_pk))
    found = [(geo.distance_m(lat, lon, float(a.latitude), float(a.longitude)), a)
             for a in candidates]
    return [a for d, a in sorted(found, key=lambda pair: pair[0]) if d <= radius_m]


def _validate(draft: AppealDraft, author: User | None):
    if draft.kind not in Appeal.Kind.values:
        raise DomainError(_("Choose what kind of appeal this is."), field="kind")
    # An empty category is allowed: triage suggests one, or a person chooses.
    if draft.category and draft.category not in Category.values:
        raise DomainError(_("Choose a category."), field="category")
    if draft.contact not in Appeal.Contact.values:
        raise DomainError(_("Choose how we should contact you."), field="contact")
    if draft.priority not in Appeal.Priority.values:
        raise DomainError(_("Unknown priority."), field="priority")
    anonymous = draft.anonymous or author is None
    if not anonymous and not draft.consent:
        raise DomainError(_("Agree to the processing of your personal data to send an appeal."),
                          field="consent")
    text = _clean_text(draft.text)
    lat, lon = _point(draft.latitude, draft.longitude)
    if (draft.kind == Appeal.Kind.PROBLEM_REPORT and lat is None and not draft.address.strip()
            and not draft.mahalla_code):
        raise DomainError(_("Show the place of the problem on the map or write its address."),
                          field="latitude")
    address = clean_text(draft.address)[:300]
    if _HTML_TAG.search(address):
        raise DomainError(_("The text must not contain HTML tags or scripts."), field="address")
    place = _place(draft.mahalla_code, lat, lon, address)
    photos = process_photos(draft.photos)
    source = checked_source(draft.source) if draft.source is not None else None
    return anonymous, text, lat, lon, place, address, photos, source


def submit_appeal(*, draft: AppealDraft, author: User | None, now=None) -> Appeal:
    """Register an appeal or problem report and route it; returns it with `tracking_token` set.

    Everything is checked before anything is written, so bad input leaves nothing stored.
    Anonymous appeals other than problem reports are recorded but not considered, as the
    law on appeals provides.
    """
    now = now or timezone.now()
    if author is not None and not author.is_authenticated:
        author = None
    key = (draft.idempotency_key or "").strip()[:64]
    replay = _replay(key, author)
    if replay is not None:
        return replay
    anonymous, text, lat, lon, place, address, photos, source = _validate(draft, author)
    if source is not None and source.machine_reported and lat is not None:
        repeated = _repeat_of_device_report(draft, source, lat, lon, now)
        if repeated is not None:
            return repeated
    # Triage: category for "other"/empty above the confidence threshold; urgency only raises.
    triage = assess_submission(text=text, category=draft.category, priority=draft.priority,
                               now=now)
    calendar = deadlines.Calendar()
    token, token_hash = new_tracking_token(key)
    try:
        appeal = _create(draft=draft, author=author, key=key, now=now, anonymous=anonymous,
                         text=text, lat=lat, lon=lon, place=place, address=address,
                         photos=photos, triage=triage, token_hash=token_hash,
                         calendar=calendar, source=source)
    except IntegrityError:
        # Two requests raced with one idempotency key: the other one created it.
        replay = _replay(key, author)
        if replay is None:
            raise
        return replay
    appeal.tracking_token = token
    return appeal


def _replay(key: str, author: User | None) -> Appeal | None:
    """The appeal an earlier request with this idempotency key created, with its token."""
    if not key:
        return None
    existing = Appeal.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.author_id != getattr(author, "pk", None):
        raise DomainError(_("This request key was already used."), field="idempotency_key")
    existing.tracking_token = new_tracking_token(key)[0]
    existing.replayed = True
    return existing


def _repeat_of_device_report(draft, source, lat, lon, now) -> Appeal | None:
    """A device reporting what it already reported: counted on the open report, not a new one.

    The key's row is locked while looking, so two posts of one device cannot both create.
    """
    from mahalla.integrations.models import ApiKey

    with transaction.atomic():
        if source.api_key is not None:
            ApiKey.objects.select_for_update().filter(pk=source.api_key.pk).first()
        category = draft.category or ""
        for appeal in nearby_open_reports(category=category, latitude=lat, longitude=lon,
                                          radius_m=DEVICE_REPEAT_RADIUS_M):
            origin = AppealSource.objects.select_for_update().filter(
                appeal=appeal, device_id=source.device_id,
                api_key=getattr(source.api_key, "pk", None)).first()
            if origin is None:
                continue
            origin.repeat_count += 1
            origin.last_reported_at = now
            origin.save(update_fields=["repeat_count", "last_reported_at"])
            add_step(appeal, action="repeated_report", internal=True,
                     payload={"repeats": origin.repeat_count})
            appeal.repeated_report = True
            return appeal
    return None


def _create(*, draft, author, key, now, anonymous, text, lat, lon, place, address, photos,
            triage, token_hash, calendar, source=None) -> Appeal:
    with transaction.atomic():
        appeal = Appeal(
            number=next_number(now), kind=draft.kind, category=triage.category, text=text,
            search_key=search_key(text), mahalla=place.mahalla, district=place.district,
            region=place.region, latitude=lat, longitude=lon,
            address=address, author=None if anonymous else author, is_anonymous=anonymous,
            contact=Appeal.Contact.NONE if anonymous else draft.contact,
            consent_at=None if anonymous else now, channel=draft.channel,
            priority=triage.priority, tracking_hash=token_hash, idempotency_key=key or None,
            created_at=now,
        )
        appeal.save()
        record_triage(appeal=appeal, outcome=triage)
        if source is not None:
            _record_source(appeal, source, now)
        for photo in photos:
            AppealPhoto.objects.create(appeal=appeal, image=photo.image,
                                       thumbnail=photo.thumbnail, width=photo.width,
                                       height=photo.height, sha256=photo.sha256,
                                       uploaded_by=appeal.author)
        add_step(appeal, action="submitted", actor=appeal.author,
                 payload={"kind": appeal.kind, "category": appeal.category,
                          "channel": appeal.channel, "photos": len(photos)})
        if anonymous and appeal.kind != Appeal.Kind.PROBLEM_REPORT:
            appeal.status = Appeal.Status.NOT_CONSIDERED
            appeal.save(update_fields=["status", "updated_at"])
            add_step(appeal, action="not_considered", from_status=Appeal.Status.RECEIVED,
                     note=_("Anonymous appeals are recorded but not considered "
                            "(Law on appeals of individuals and legal entities, Art. 25)."))
        else:
            _register_and_route(appeal, now=now, calendar=calendar)
    return appeal


def _record_source(appeal: Appeal, source: SubmissionSource, now) -> None:
    AppealSource.objects.create(
        appeal=appeal, api_key=source.api_key, device_id=source.device_id,
        account_id=source.account_id,
        reporter_name=" ".join(filter(None, [source.first_name, source.last_name])),
        reporter_email=source.email, reporter_phone=source.phone, media_urls=source.media_urls,
        attributes=source.attributes, token=secrets.token_urlsafe(18),
        machine_reported=source.machine_reported, last_reported_at=now)
    if source.media_urls:
        from mahalla.appeals.tasks import fetch_media_task

        pk = appeal.pk
        transaction.on_commit(lambda: fetch_media_task.enqueue(pk))


def _register_and_route(appeal: Appeal, *, now, calendar) -> None:
    appeal.registered_at = deadlines.registration_time(now, calendar)
    appeal.due_at = deadlines.compute_due_at(
        kind=appeal.kind, category=appeal.category, priority=appeal.priority,
        registered_at=appeal.registered_at, calendar=calendar)
    appeal.organization = route(category=appeal.category, place=appeal.place)
    appeal.status = Appeal.Status.REGISTERED
    appeal.save(update_fields=["registered_at", "due_at", "organization", "status",
                               "updated_at"])
    add_step(appeal, action="registered", from_status=Appeal.Status.RECEIVED,
             payload={"organization": appeal.organization_id,
                      "due_at": appeal.due_at.isoformat()})
    number = appeal.number
    notify_author(appeal, "appeal.registered",
                  lambda: _("Your appeal %(number)s is registered. We will answer by %(due)s.")
                  % {"number": number,
                     "due": timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")})
    keepers = list(queue_keepers(appeal))
    notify_staff(keepers, appeal, "appeal.new",
                 lambda: _("New appeal %(number)s in your queue.") % {"number": number})
    if appeal.priority == Appeal.Priority.CRITICAL:
        # Danger to life or health: the body hears at once, by SMS as well as in the app.
        notify_staff(keepers, appeal, "appeal.critical",
                     lambda: _("URGENT: appeal %(number)s reports a danger to people. "
                               "Act now.") % {"number": number},
                     channel=OutboxMessage.Channel.SMS)


def queue_keepers(appeal: Appeal):
    """Who receives a new appeal: the organization's dispatchers, else the mahalla chairman,
    else (no mahalla known) the district's officials, else the region's."""
    if appeal.organization_id:
        return User.objects.filter(organization=appeal.organization_id, is_active=True,
                                   role=Role.ORG_DISPATCHER)
    if appeal.mahalla_id:
        return User.objects.filter(mahalla=appeal.mahalla_id, is_active=True,
                                   role=Role.MAHALLA_CHAIRMAN)
    if appeal.district_id:
        return User.objects.filter(district=appeal.district_id, is_active=True,
                                   role=Role.DISTRICT_OFFICIAL)
    return User.objects.filter(region=appeal.region_id, is_active=True,
                               role=Role.REGION_OFFICIAL)


def support_appeal(*, appeal: Appeal, user: User) -> Appeal:
    """"Me too" on an open problem report; once per person."""
    if not user.is_authenticated:
        raise DomainError(_("Log in to support a report."))
    if appeal.kind != Appeal.Kind.PROBLEM_REPORT or not appeal.is_open:
        raise DomainError(_("Only open problem reports can be supported."))
    with transaction.atomic():
        __, created = AppealSupport.objects.get_or_create(appeal=appeal, user=user)
        if not created:
            raise DomainError(_("You already support this report."))
        Appeal.objects.filter(pk=appeal.pk).update(supporters_count=F("supporters_count") + 1)
        appeal.refresh_from_db()
        add_step(appeal, action="supported", actor=user, internal=True)
    return appeal


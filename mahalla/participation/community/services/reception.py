"""The virtual reception: officials publish slots, residents book and cancel, reminders go
out before the slot, the official records the outcome, and an outcome that needs action is
filed as the resident's appeal through the appeals service.

Double booking is refused by the database (`booking_one_active_per_slot`): two requests at
the same moment both try to insert, one of them fails and is told the slot is taken.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from mahalla.appeals.models import Appeal
from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied
from mahalla.core.models import MAHALLA_STAFF_ROLES, Role, User
from mahalla.notify.models import OutboxMessage
from mahalla.notify.services import queue_message, render_in_language
from mahalla.participation.community import permissions as perm
from mahalla.participation.community.models import Booking, ReceptionSlot
from mahalla.participation.community.services.common import checked_text

MIN_LENGTH = timedelta(minutes=5)
MAX_LENGTH = timedelta(hours=8)
MAX_AHEAD = timedelta(days=180)
MAX_ACTIVE_BOOKINGS = 3
APPEAL_KINDS = (Appeal.Kind.APPLICATION, Appeal.Kind.PROPOSAL, Appeal.Kind.COMPLAINT)


def remind_before() -> timedelta:
    return timedelta(minutes=getattr(settings, "RECEPTION_REMIND_MINUTES", 24 * 60))


def _moment(value, field: str) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = parse_datetime(str(value or "").strip())
        except ValueError:
            moment = None
        if moment is None:
            raise DomainError(_("Enter a date and time."), field=field)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _body_of(host: User) -> dict:
    if host.role in MAHALLA_STAFF_ROLES and host.mahalla_id:
        return {"mahalla_id": host.mahalla_id}
    if host.role == Role.DISTRICT_OFFICIAL and host.district_id:
        return {"district_id": host.district_id}
    if host.role == Role.ORG_DISPATCHER and host.organization_id:
        return {"organization_id": host.organization_id}
    raise PermissionDenied(_("Reception slots are published by mahalla staff, district "
                             "officials and heads of organizations."))


def publish_slot(*, host: User, kind: str, starts_at, ends_at, place: str = "",
                 video_url: str = "", subject: str = "", now=None) -> ReceptionSlot:
    """Publish a reception time of `host` for the body they serve."""
    now = now or timezone.now()
    if not perm.is_host(host):
        raise PermissionDenied(_("Reception slots are published by mahalla staff, district "
                                 "officials and heads of organizations."))
    body = _body_of(host)
    if kind not in ReceptionSlot.Kind.values:
        raise DomainError(_("Choose in person or by video link."), field="kind")
    start = _moment(starts_at, "starts_at")
    end = _moment(ends_at, "ends_at")
    if start <= now:
        raise DomainError(_("The reception must start in the future."), field="starts_at")
    if start > now + MAX_AHEAD:
        raise DomainError(_("Publish receptions at most 180 days ahead."), field="starts_at")
    if not MIN_LENGTH <= end - start <= MAX_LENGTH:
        raise DomainError(_("A reception lasts from 5 minutes to 8 hours."), field="ends_at")
    subject = checked_text(subject, field="subject", minimum=0, maximum=200, multiline=False)
    place = checked_text(place, field="place", minimum=0, maximum=300, multiline=False)
    video_url = (video_url or "").strip() if isinstance(video_url, str) else ""
    if kind == ReceptionSlot.Kind.IN_PERSON:
        video_url = ""
        if len(place) < 3:
            raise DomainError(_("Write where the reception takes place."), field="place")
    else:
        place = ""
        try:
            URLValidator(schemes=["https"])(video_url)
        except ValidationError as exc:
            raise DomainError(_("Give the video link (an https:// address)."),
                              field="video_url") from exc
        if len(video_url) > 500:
            raise DomainError(_("Give the video link (an https:// address)."),
                              field="video_url")
    overlapping = ReceptionSlot.objects.filter(
        host=host, status=ReceptionSlot.Status.PUBLISHED, starts_at__lt=end, ends_at__gt=start)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=host.pk).first()  # one publisher at a time
        if overlapping.exists():
            raise Conflict(_("You already have a reception at that time."), field="starts_at")
        slot = ReceptionSlot.objects.create(host=host, host_role=host.role, kind=kind,
                                            place=place, video_url=video_url, subject=subject,
                                            starts_at=start, ends_at=end, created_at=now,
                                            **body)
        record_event(type="community.slot_published", obj=slot, actor=host,
                     payload={"kind": kind, "starts_at": start.isoformat(),
                              "ends_at": end.isoformat(), **{k: v for k, v in body.items()}})
    return slot


def _link(url_name: str, language: str, **kwargs) -> str:
    with translation.override(language or "uz"):
        return reverse(url_name, kwargs=kwargs or None)


def _tell(user: User, kind: str, render, url_name: str, **kwargs) -> None:
    language = user.preferred_language
    queue_message(channel=OutboxMessage.Channel.IN_APP, kind=kind, recipient=user,
                  body=render_in_language(language, render),
                  link=_link(url_name, language, **kwargs))


def _when(slot: ReceptionSlot) -> str:
    return timezone.localtime(slot.starts_at).strftime("%d.%m.%Y %H:%M")


def cancel_slot(*, slot: ReceptionSlot, actor: User, reason: str, now=None) -> ReceptionSlot:
    """Withdraw a published slot; a resident who booked it is told."""
    now = now or timezone.now()
    if not perm.manages_slot(actor, slot):
        raise PermissionDenied(_("You may not change this reception."))
    reason = checked_text(reason, field="reason", minimum=3, maximum=500, multiline=False)
    with transaction.atomic():
        slot = ReceptionSlot.objects.select_for_update().get(pk=slot.pk)
        if slot.status != ReceptionSlot.Status.PUBLISHED or slot.starts_at <= now:
            raise Conflict(_("Only a published reception that has not started can be "
                             "cancelled."))
        slot.status = ReceptionSlot.Status.CANCELLED
        slot.save(update_fields=["status"])
        for booking in slot.bookings.select_related("resident").filter(
                status=Booking.Status.BOOKED):
            booking.status = Booking.Status.CANCELLED
            booking.cancelled_at = now
            booking.save(update_fields=["status", "cancelled_at"])
            when = _when(slot)
            _tell(booking.resident, "reception.slot_cancelled",
                  lambda w=when, r=reason: _("The reception of %(when)s was cancelled: "
                                             "%(reason)s") % {"when": w, "reason": r},
                  "community:reception")
        record_event(type="community.slot_cancelled", obj=slot, actor=actor, payload={})
    return slot


def require_booker(*, resident: User) -> None:
    """Refuse someone who may not book receptions (checked before reading the form)."""
    if not getattr(resident, "is_authenticated", False) or resident.role != Role.RESIDENT:
        raise PermissionDenied(_("Residents book reception slots."))
    if not perm.may_comment_level(resident):
        raise PermissionDenied(_("Confirm your phone number to book a reception."))


def book_slot(*, slot: ReceptionSlot, resident: User, matter: str, consent: bool,
              now=None) -> Booking:
    """Book a free slot. One active booking per slot, enforced by the database."""
    now = now or timezone.now()
    require_booker(resident=resident)
    if not ReceptionSlot.objects.filter(perm.bookable_filter(resident), pk=slot.pk).exists():
        raise NotFound(_("Not found."))
    matter = checked_text(matter, field="matter", minimum=10, maximum=2000)
    if consent is not True:
        raise DomainError(_("Agree that an outcome needing action is filed as your appeal."),
                          field="consent")
    if slot.status != ReceptionSlot.Status.PUBLISHED or slot.starts_at <= now:
        raise Conflict(_("This reception can no longer be booked."))
    active = Booking.objects.filter(resident=resident, status=Booking.Status.BOOKED,
                                    slot__starts_at__gt=now).count()
    if active >= MAX_ACTIVE_BOOKINGS:
        raise Conflict(_("You have %(count)d upcoming receptions booked; cancel one first.")
                       % {"count": active})
    try:
        with transaction.atomic():
            booking = Booking.objects.create(slot=slot, resident=resident, matter=matter,
                                             consent_at=now, created_at=now)
            record_event(type="community.slot_booked", obj=booking, actor=resident,
                         payload={"slot": slot.pk})
            when = _when(slot)
            _tell(slot.host, "reception.booked",
                  lambda: _("A resident booked your reception of %(when)s.") % {"when": when},
                  "community:staff_slot", pk=slot.pk)
    except IntegrityError as exc:
        raise Conflict(_("Someone has just booked this time. Choose another one.")) from exc
    return booking


def cancel_booking(*, booking: Booking, resident: User, now=None) -> Booking:
    """The resident cancels their booking before the slot starts; the slot is free again."""
    now = now or timezone.now()
    if booking.resident_id != getattr(resident, "pk", None):
        raise NotFound(_("Not found."))
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        if booking.status != Booking.Status.BOOKED:
            raise Conflict(_("This booking is not active."))
        if booking.slot.starts_at <= now:
            raise Conflict(_("The reception has already started."))
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        record_event(type="community.booking_cancelled", obj=booking, actor=resident,
                     payload={"slot": booking.slot_id})
    return booking


def remind_upcoming(*, now=None) -> int:
    """Remind residents (and the official) of receptions starting within the reminder
    window, once each booking. Idempotent: the booking row is locked and marked."""
    now = now or timezone.now()
    ids = list(Booking.objects.filter(
        status=Booking.Status.BOOKED, reminded_at__isnull=True,
        slot__status=ReceptionSlot.Status.PUBLISHED,
        slot__starts_at__gt=now, slot__starts_at__lte=now + remind_before(),
    ).values_list("pk", flat=True))
    count = 0
    for pk in ids:
        with transaction.atomic():
            booking = (Booking.objects.select_for_update(of=("self",))
                       .select_related("slot", "resident", "slot__host").get(pk=pk))
            if booking.reminded_at is not None or booking.status != Booking.Status.BOOKED:
                continue
            booking.reminded_at = now
            booking.save(update_fields=["reminded_at"])
            slot = booking.slot
            when = _when(slot)
            where = slot.place if slot.kind == ReceptionSlot.Kind.IN_PERSON else slot.video_url

            def render(w=when, p=where, video=slot.kind == ReceptionSlot.Kind.VIDEO):
                if video:
                    return _("Reminder: your reception is at %(when)s by video link: "
                             "%(where)s") % {"when": w, "where": p}
                return _("Reminder: your reception is at %(when)s, place: %(where)s") \
                    % {"when": w, "where": p}

            _tell(booking.resident, "reception.reminder", render, "community:reception")
            _tell(slot.host, "reception.reminder_host",
                  lambda w=when: _("Reminder: a resident comes to your reception at "
                                   "%(when)s.") % {"when": w},
                  "community:staff_slot", pk=slot.pk)
            record_event(type="community.booking_reminded", obj=booking, actor=None,
                         payload={"slot": slot.pk})
            count += 1
    return count


def record_outcome(*, booking: Booking, actor: User, outcome: str, note: str,
                   appeal_kind: str = "", category: str = "", now=None) -> Booking:
    """The official records what the reception came to. When it needs action, the matter
    is filed as the resident's appeal (channel "entered by staff") and linked here."""
    from mahalla.appeals.services.submit import AppealDraft, submit_appeal
    from mahalla.core.categories import Category

    now = now or timezone.now()
    slot = booking.slot
    if not perm.manages_slot(actor, slot):
        raise PermissionDenied(_("You may not change this reception."))
    valid = set(Booking.Outcome.values) | {"no_show"}
    if outcome not in valid:
        raise DomainError(_("Choose the outcome of the reception."), field="outcome")
    note = checked_text(note, field="note", minimum=0 if outcome == "no_show" else 10,
                        maximum=4000)
    if outcome == Booking.Outcome.NEEDS_ACTION:
        if appeal_kind not in APPEAL_KINDS:
            raise DomainError(_("Choose what kind of appeal this is."), field="appeal_kind")
        if category not in Category.values:
            raise DomainError(_("Choose a category."), field="category")
    if slot.starts_at > now:
        raise Conflict(_("The outcome is recorded once the reception has started."))
    with transaction.atomic():
        booking = (Booking.objects.select_for_update(of=("self",))
                   .select_related("slot", "resident__mahalla").get(pk=booking.pk))
        if booking.status != Booking.Status.BOOKED:
            raise Conflict(_("The outcome of this booking is already recorded or it was "
                             "cancelled."))
        if outcome == "no_show":
            booking.status = Booking.Status.NO_SHOW
        else:
            booking.status = Booking.Status.HELD
            booking.outcome = outcome
        booking.outcome_note = note
        booking.outcome_at = now
        booking.outcome_by = actor
        booking.save(update_fields=["status", "outcome", "outcome_note", "outcome_at",
                                    "outcome_by"])
        payload = {"slot": slot.pk, "outcome": outcome}
        if outcome == Booking.Outcome.NEEDS_ACTION:
            appeal = submit_appeal(draft=AppealDraft(
                kind=appeal_kind, category=category,
                text=_appeal_text(booking, note), mahalla_code=_mahalla_code(booking),
                consent=True, channel=Appeal.Channel.STAFF,
                idempotency_key=f"reception-booking-{booking.pk}"),
                author=booking.resident, now=now)
            booking.appeal = appeal
            booking.save(update_fields=["appeal"])
            payload["appeal"] = appeal.number
        record_event(type="community.reception_outcome", obj=booking, actor=actor,
                     payload=payload)
        if booking.appeal_id:
            record_event(type="community.reception_became_appeal", obj=booking, actor=actor,
                         payload={"appeal": booking.appeal.number, "slot": slot.pk})
    return booking


def _mahalla_code(booking: Booking) -> str:
    mahalla = booking.slot.mahalla or booking.resident.mahalla
    if mahalla is None:
        raise DomainError(_("The resident has no home mahalla to file the appeal in."),
                          field="outcome")
    return mahalla.code


def _appeal_text(booking: Booking, note: str) -> str:
    """The official's note, with the reception it came from (resident's language)."""
    slot = booking.slot
    link = f"{settings.SITE_URL}{_link('community:reception_booking', 'uz', pk=booking.pk)}"

    def header():
        return _("From the reception of %(when)s (reception booking %(ref)s, %(link)s).") % {
            "when": _when(slot), "ref": booking.pk, "link": link}

    return f"{render_in_language(booking.resident.preferred_language, header)}\n{note}"[:5000]

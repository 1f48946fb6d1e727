"""The virtual reception: publishing, booking scope, double booking, reminders through the
outbox, outcomes and the appeal an outcome needing action becomes."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from mahalla.appeals.models import Appeal
from mahalla.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied
from mahalla.core.models import DomainEvent, Role
from mahalla.notify.models import OutboxMessage
from mahalla.participation.community.models import Booking, ReceptionSlot
from mahalla.participation.community.services import reception as svc
from tests.factories import UserFactory


def publish(host, *, start=None, minutes=30, **fields):
    start = start or timezone.now() + timedelta(days=3)
    values = {"kind": "in_person", "place": "Mahalla idorasi"}
    values.update(fields)
    return svc.publish_slot(host=host, starts_at=start, ends_at=start + timedelta(minutes=minutes),
                            **values)


# --- publishing -----------------------------------------------------------------------------

def test_officials_publish_slots_for_their_body(people):
    by_chairman = publish(people["chairman"])
    by_official = publish(people["official"], kind="video", place="",
                          video_url="https://video.example.uz/room/42")
    by_dispatcher = publish(people["dispatcher"])
    assert by_chairman.mahalla == people["home"] and by_chairman.district is None
    assert by_chairman.host_role_label == str(Role.MAHALLA_CHAIRMAN.label)
    assert by_official.district == people["district"] and by_official.place == ""
    assert by_dispatcher.organization == people["water"]
    assert DomainEvent.objects.filter(type="community.slot_published").count() == 3


@pytest.mark.parametrize("who", ["phoned", "executor", "auditor"])
def test_others_may_not_publish(people, who):
    with pytest.raises(PermissionDenied):
        publish(people[who])
    assert not ReceptionSlot.objects.exists()


@pytest.mark.parametrize("fields, field", [
    ({"kind": "phone"}, "kind"),
    ({"place": ""}, "place"),
    ({"kind": "video", "video_url": "http://plain.example.uz/"}, "video_url"),
    ({"kind": "video", "video_url": "javascript:alert(1)"}, "video_url"),
    ({"start": "kecha"}, "starts_at"),
    ({"start": timezone.now() - timedelta(hours=1)}, "starts_at"),
    ({"start": timezone.now() + timedelta(days=400)}, "starts_at"),
    ({"minutes": 0}, "ends_at"),
    ({"minutes": 9 * 60}, "ends_at"),
])
def test_bad_slots_are_refused_with_their_field(people, fields, field):
    start = fields.pop("start", None)
    minutes = fields.pop("minutes", 30)
    if isinstance(start, str):
        with pytest.raises(DomainError) as caught:
            svc.publish_slot(host=people["chairman"], kind="in_person", starts_at=start,
                             ends_at="2030-01-01T10:00", place="Idora")
    else:
        with pytest.raises(DomainError) as caught:
            publish(people["chairman"], start=start, minutes=minutes, **fields)
    assert caught.value.field == field
    assert not ReceptionSlot.objects.exists()


def test_an_official_cannot_overlap_their_own_slots(people, slot):
    with pytest.raises(Conflict):
        publish(people["chairman"], start=slot.starts_at + timedelta(minutes=10))
    publish(people["chairman"], start=slot.ends_at)  # back to back is fine


def test_the_database_refuses_a_slot_without_place_or_link(people):
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReceptionSlot.objects.create(host=people["chairman"], host_role="mahalla_chairman",
                                     mahalla=people["home"], kind="video", starts_at=start,
                                     ends_at=start + timedelta(minutes=30))


# --- booking --------------------------------------------------------------------------------

def test_a_resident_books_and_the_official_is_told(people, slot, book):
    booking = book(slot)
    assert booking.status == "booked" and booking.consent_at is not None
    assert OutboxMessage.objects.filter(recipient=people["chairman"],
                                        kind="reception.booked").exists()
    assert DomainEvent.objects.filter(type="community.slot_booked",
                                      object_id=str(booking.pk)).exists()


def test_a_slot_is_booked_only_once(people, slot, book):
    book(slot)
    with pytest.raises(Conflict):
        book(slot, who="verified")
    assert Booking.objects.filter(slot=slot).count() == 1


def test_the_database_refuses_a_second_active_booking(people, slot, book):
    book(slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=slot, resident=people["verified"], matter="Ikkinchi",
                               consent_at=timezone.now())


def test_cancelling_frees_the_slot(people, slot, book):
    first = book(slot)
    svc.cancel_booking(booking=first, resident=people["phoned"])
    second = book(slot, who="verified")
    assert second.status == "booked"
    with pytest.raises(Conflict):
        svc.cancel_booking(booking=first, resident=people["phoned"])


def test_only_the_resident_cancels_their_booking(people, slot, book):
    booking = book(slot)
    with pytest.raises(NotFound):
        svc.cancel_booking(booking=booking, resident=people["verified"])
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_residents_book_only_slots_of_their_territory(people, slot, book):
    with pytest.raises(NotFound):
        book(slot, who="stranger")  # the other mahalla's resident
    district_slot = publish(people["official"])
    utility_slot = publish(people["dispatcher"])
    assert book(district_slot, who="stranger").slot == district_slot
    assert book(utility_slot, who="stranger").slot == utility_slot


def test_booking_needs_a_confirmed_phone_consent_and_a_matter(people, slot, book):
    with pytest.raises(PermissionDenied):
        book(slot, who="unverified")
    with pytest.raises(PermissionDenied):
        svc.book_slot(slot=slot, resident=people["chairman"], matter="Staff cannot book",
                      consent=True)
    with pytest.raises(DomainError) as caught:
        svc.book_slot(slot=slot, resident=people["phoned"], matter="Suv quvuri haqida",
                      consent=False)
    assert caught.value.field == "consent"
    with pytest.raises(DomainError) as caught:
        book(slot, matter="qisqa")
    assert caught.value.field == "matter"
    assert not Booking.objects.exists()


def test_a_cancelled_or_past_slot_cannot_be_booked(people, slot, book):
    svc.cancel_slot(slot=slot, actor=people["chairman"], reason="Kasal bo'ldim")
    slot.refresh_from_db()
    with pytest.raises(Conflict):
        book(slot)
    other = publish(people["chairman"], start=timezone.now() + timedelta(days=5))
    with pytest.raises(Conflict):
        svc.book_slot(slot=other, resident=people["phoned"], matter="Suv quvuri haqida",
                      consent=True, now=other.starts_at + timedelta(minutes=1))


def test_cancelling_a_slot_tells_the_resident(people, slot, book):
    booking = book(slot)
    svc.cancel_slot(slot=slot, actor=people["chairman"], reason="Kasal bo'ldim")
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert OutboxMessage.objects.filter(recipient=people["phoned"],
                                        kind="reception.slot_cancelled").exists()
    with pytest.raises(PermissionDenied):
        svc.cancel_slot(slot=slot, actor=people["other_chairman"], reason="Sabab yoʻq")


# --- reminders ------------------------------------------------------------------------------

def test_reminders_go_through_the_outbox_once(people, book, django_capture_on_commit_callbacks):
    soon = publish(people["chairman"], start=timezone.now() + timedelta(hours=5))
    later = publish(people["chairman"], start=timezone.now() + timedelta(days=5))
    booked_soon, booked_later = book(soon), book(later, who="verified")
    with django_capture_on_commit_callbacks(execute=True):
        assert svc.remind_upcoming() == 1
    assert svc.remind_upcoming() == 0  # idempotent
    reminders = OutboxMessage.objects.filter(kind="reception.reminder")
    assert [m.recipient for m in reminders] == [people["phoned"]]
    assert reminders.get().status == OutboxMessage.Status.SENT  # delivered by the task
    assert "Mahalla idorasi" in reminders.get().body
    assert OutboxMessage.objects.filter(kind="reception.reminder_host",
                                        recipient=people["chairman"]).count() == 1
    booked_soon.refresh_from_db()
    booked_later.refresh_from_db()
    assert booked_soon.reminded_at is not None and booked_later.reminded_at is None
    # Two days on, the later one is due.
    assert svc.remind_upcoming(now=timezone.now() + timedelta(days=4, hours=12)) == 1


def test_the_reminder_task_is_periodic():
    from mahalla.core.periodic import PERIODIC_TASKS

    assert any(path.endswith("community.tasks.remind_receptions_task")
               for path, __ in PERIODIC_TASKS)


def test_a_cancelled_booking_gets_no_reminder(people, book):
    soon = publish(people["chairman"], start=timezone.now() + timedelta(hours=2))
    svc.cancel_booking(booking=book(soon), resident=people["phoned"])
    assert svc.remind_upcoming() == 0
    assert not OutboxMessage.objects.filter(kind="reception.reminder").exists()


# --- outcomes -------------------------------------------------------------------------------

def held(slot):
    return slot.starts_at + timedelta(minutes=10)


def test_an_outcome_that_needs_action_becomes_the_residents_appeal(people, slot, book):
    booking = book(slot)
    done = svc.record_outcome(booking=booking, actor=people["chairman"],
                              outcome="needs_action",
                              note="Hovlidagi suv quvuri almashtirilishi kerak.",
                              appeal_kind="application", category="water", now=held(slot))
    appeal = Appeal.objects.get()
    assert done.appeal == appeal and done.status == "held"
    assert appeal.author == people["phoned"] and appeal.channel == Appeal.Channel.STAFF
    assert appeal.mahalla == people["home"] and appeal.status == Appeal.Status.REGISTERED
    assert appeal.organization == people["water"]  # routed like any water appeal
    assert f"/reception/bookings/{booking.pk}/" in appeal.text  # the link back
    assert "almashtirilishi kerak" in appeal.text
    events = DomainEvent.objects.filter(object_id=str(booking.pk),
                                        type__startswith="community.reception")
    assert {e.type for e in events} == {"community.reception_outcome",
                                        "community.reception_became_appeal"}
    assert events.get(type="community.reception_became_appeal").payload["appeal"] == \
        appeal.number
    with pytest.raises(Conflict):
        svc.record_outcome(booking=booking, actor=people["chairman"], outcome="resolved",
                           note="Yana bir bor yozaman", now=held(slot))
    assert Appeal.objects.count() == 1


def test_a_resolved_outcome_files_no_appeal(people, slot, book):
    booking = svc.record_outcome(booking=book(slot), actor=people["chairman"],
                                 outcome="resolved", note="Joyida tushuntirildi va hal qilindi",
                                 now=held(slot))
    assert booking.status == "held" and booking.appeal is None
    assert not Appeal.objects.exists()


def test_no_show(people, slot, book):
    booking = svc.record_outcome(booking=book(slot), actor=people["chairman"],
                                 outcome="no_show", note="", now=held(slot))
    assert booking.status == "no_show"


@pytest.mark.parametrize("fields, field", [
    ({"outcome": "great"}, "outcome"),
    ({"outcome": "resolved", "note": "qisqa"}, "note"),
    ({"outcome": "needs_action", "appeal_kind": "problem_report"}, "appeal_kind"),
    ({"outcome": "needs_action", "category": "weather"}, "category"),
])
def test_bad_outcomes_are_refused_and_change_nothing(people, slot, book, fields, field):
    booking = book(slot)
    values = {"note": "Yetarlicha uzun izoh yozildi", "appeal_kind": "application",
              "category": "water", **fields}
    with pytest.raises(DomainError) as caught:
        svc.record_outcome(booking=booking, actor=people["chairman"], now=held(slot), **values)
    assert caught.value.field == field
    booking.refresh_from_db()
    assert booking.status == "booked" and not Appeal.objects.exists()


def test_the_outcome_waits_for_the_reception(people, slot, book):
    with pytest.raises(Conflict):
        svc.record_outcome(booking=book(slot), actor=people["chairman"], outcome="resolved",
                           note="Hali boshlanmagan qabul")


@pytest.mark.parametrize("who", ["other_chairman", "dispatcher", "phoned", "auditor"])
def test_outsiders_cannot_record_outcomes(people, slot, book, who):
    booking = book(slot)
    with pytest.raises(PermissionDenied):
        svc.record_outcome(booking=booking, actor=people[who], outcome="resolved",
                           note="Begona odam yozmoqda", now=held(slot))


def test_colleagues_in_scope_may_record_the_outcome(people, slot, book):
    colleague = UserFactory(role=Role.MAHALLA_SOCIAL_WORKER, mahalla=people["home"])
    booking = svc.record_outcome(booking=book(slot), actor=colleague, outcome="explained",
                                 note="Tartib tushuntirildi", now=held(slot))
    assert booking.outcome_by == colleague

"""Double booking is impossible even when residents press "Book" at the same moment: the
partial unique constraint on active bookings decides, on SQLite and on PostgreSQL."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from mahalla.core.exceptions import Conflict
from mahalla.core.models import Organization, Role, ServiceArea, Verification
from mahalla.participation.community.models import Booking, ReceptionSlot
from mahalla.participation.community.services import reception
from tests.factories import DistrictFactory, MahallaFactory, OrganizationFactory, UserFactory

THREADS = 6


def in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def race(slot, residents) -> tuple[list, list, list]:
    barrier = threading.Barrier(len(residents))
    booked, refused, errors = [], [], []

    def attempt(resident):
        try:
            barrier.wait()
            while True:
                try:
                    booked.append(reception.book_slot(
                        slot=slot, resident=resident, consent=True,
                        matter="Hammamiz bir vaqtni band qilmoqchimiz"))
                    return
                except Conflict:
                    refused.append(resident.pk)
                    return
                except OperationalError as exc:
                    # The in-memory SQLite test database fails a locked write at once
                    # instead of waiting; PostgreSQL waits on the index entry.
                    if not (in_memory_sqlite() and "locked" in str(exc)):
                        raise
                    time.sleep(0.002)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(r,)) for r in residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return booked, refused, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_leave_exactly_one():
    district = DistrictFactory()
    home = MahallaFactory(district=district)
    water = OrganizationFactory(district=district, kind=Organization.Kind.UTILITY)
    ServiceArea.objects.create(organization=water, category="water", district=district)
    chairman = UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=home)
    residents = [UserFactory(mahalla=home) for __ in range(THREADS)]
    for resident in residents:
        Verification.objects.create(user=resident, method="phone")
    start = timezone.now() + timedelta(days=1)
    slot = reception.publish_slot(host=chairman, kind="in_person", place="Idora",
                                  starts_at=start, ends_at=start + timedelta(minutes=30))

    for round_number in range(3):
        booked, refused, errors = race(slot, residents)
        assert not errors, errors
        assert len(booked) == 1 and len(refused) == THREADS - 1, round_number
        assert Booking.objects.filter(slot=slot).exclude(status="cancelled").count() == 1
        # Free it again for the next round: cancelled bookings do not hold the slot.
        winner = booked[0]
        reception.cancel_booking(booking=winner, resident=winner.resident)
    assert ReceptionSlot.objects.get().status == "published"
    assert Booking.objects.filter(slot=slot, status="cancelled").count() == 3

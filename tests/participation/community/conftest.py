"""The community world: the appeals world (home and other mahalla of one district, a water
utility, their staff) with verification levels, and helpers for slots and topics."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mahalla.core.models import Verification
from mahalla.participation.community.services import discussions, reception
from tests.factories import UserFactory


def verify(user, *methods):
    for method in methods:
        Verification.objects.create(user=user, method=method)
    return user


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(world):
    """Residents at each verification level, and someone from the other mahalla."""
    verify(world["resident"], "phone", "oneid")
    verify(world["neighbour"], "phone")
    return {
        **world,
        "verified": world["resident"],  # identity verified: may start topics
        "phoned": world["neighbour"],  # phone confirmed: may comment, book
        "unverified": UserFactory(mahalla=world["home"]),
        "stranger": verify(UserFactory(mahalla=world["other"]), "phone", "oneid"),
    }


@pytest.fixture
def topic(people):
    return discussions.start_topic(mahalla=people["home"], title="Koʻcha yoritilishi",
                                   body="Kechqurun koʻchamiz qorongʻi, chiroqlar kerak.",
                                   author=people["chairman"])


@pytest.fixture
def slot(people):
    start = timezone.now() + timedelta(days=2)
    return reception.publish_slot(host=people["chairman"], kind="in_person", starts_at=start,
                                  ends_at=start + timedelta(minutes=30),
                                  place="Mahalla idorasi, 2-xona", subject="Obodonlashtirish")


@pytest.fixture
def book(people):
    def _book(slot, who="phoned", matter="Hovlidagi suv quvuri haqida gaplashmoqchiman"):
        return reception.book_slot(slot=slot, resident=people[who], matter=matter,
                                   consent=True)

    return _book

"""Ratings of services: once per interaction, only after it, published past the threshold;
answers to appeals are read from the appeal's own rating."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from mahalla.appeals.models import Appeal
from mahalla.core.exceptions import Conflict, DomainError, NotFound
from mahalla.core.models import DomainEvent
from mahalla.documents import services as documents
from mahalla.documents.models import EService
from mahalla.participation.community.models import ServiceRating
from mahalla.participation.community.services import ratings as svc
from mahalla.participation.community.services import reception
from tests.documents.edocs import RESIDENCE_ANSWERS
from tests.factories import UserFactory
from tests.participation.community.conftest import verify


def decided_application(people, who="phoned"):
    application = documents.submit_application(
        service=EService.objects.get(code="residence_certificate"), applicant=people[who],
        data=RESIDENCE_ANSWERS)
    return documents.reject_application(application=application, actor=people["chairman"],
                                        reason="Manzil tasdiqlanmadi")


def held_booking(people, slot, book, who="phoned"):
    booking = book(slot, who=who)
    return reception.record_outcome(booking=booking, actor=people["chairman"],
                                    outcome="resolved", note="Joyida hal qilindi, rahmat",
                                    now=slot.starts_at + timedelta(minutes=5))


def test_a_held_reception_is_rated_once_for_the_body(people, slot, book):
    booking = held_booking(people, slot, book)
    rating = svc.rate_service(resident=people["phoned"], interaction="reception",
                              object_id=booking.pk, score=4, comment="Yaxshi qabul")
    assert rating.mahalla == people["home"] and rating.organization is None
    assert DomainEvent.objects.filter(type="community.service_rated").count() == 1
    with pytest.raises(Conflict):
        svc.rate_service(resident=people["phoned"], interaction="reception",
                         object_id=booking.pk, score=1)
    assert ServiceRating.objects.count() == 1


def test_the_database_allows_one_rating_per_interaction(people, slot, book):
    booking = held_booking(people, slot, book)
    svc.rate_service(resident=people["phoned"], interaction="reception", object_id=booking.pk,
                     score=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRating.objects.create(resident=people["phoned"], interaction="reception",
                                     booking=booking, mahalla=people["home"], score=2)


def test_a_decided_application_rates_its_e_service(people):
    application = decided_application(people)
    rating = svc.rate_service(resident=people["phoned"], interaction="application",
                              object_id=application.pk, score=2)
    assert rating.eservice == application.service


def test_nothing_is_rated_before_the_interaction_is_over(people, slot, book):
    booking = book(slot)
    with pytest.raises(Conflict):
        svc.rate_service(resident=people["phoned"], interaction="reception",
                         object_id=booking.pk, score=5)
    application = documents.submit_application(
        service=EService.objects.get(code="residence_certificate"),
        applicant=people["phoned"], data=RESIDENCE_ANSWERS)
    with pytest.raises(Conflict):
        svc.rate_service(resident=people["phoned"], interaction="application",
                         object_id=application.pk, score=5)
    assert not ServiceRating.objects.exists()


def test_only_ones_own_interaction_is_rated(people, slot, book):
    booking = held_booking(people, slot, book)
    with pytest.raises(NotFound):
        svc.rate_service(resident=people["verified"], interaction="reception",
                         object_id=booking.pk, score=1)


@pytest.mark.parametrize("fields, field", [
    ({"score": 0}, "score"), ({"score": 6}, "score"), ({"score": "besh"}, "score"),
    ({"score": None}, "score"), ({"interaction": "appeal"}, "interaction"),
    ({"comment": "<script>alert(1)</script>"}, "comment"), ({"comment": "x" * 1001}, "comment"),
])
def test_bad_ratings_are_refused_with_their_field(people, slot, book, fields, field):
    booking = held_booking(people, slot, book)
    values = {"interaction": "reception", "object_id": booking.pk, "score": 3, **fields}
    with pytest.raises(DomainError) as caught:
        svc.rate_service(resident=people["phoned"], **values)
    assert caught.value.field == field
    assert not ServiceRating.objects.exists()


def test_averages_are_published_only_past_the_threshold(people, book, settings):
    settings.RATINGS_MIN_COUNT = 3
    scores = [5, 4, 3]
    residents = [verify(UserFactory(mahalla=people["home"]), "phone") for __ in scores]
    people.update({f"r{i}": r for i, r in enumerate(residents)})
    for i, score in enumerate(scores):
        slot = reception.publish_slot(
            host=people["chairman"], kind="in_person", place="Idora",
            starts_at=reception.timezone.now() + timedelta(days=1, hours=i),
            ends_at=reception.timezone.now() + timedelta(days=1, hours=i, minutes=30))
        booking = held_booking(people, slot, book, who=f"r{i}")
        svc.rate_service(resident=residents[i], interaction="reception", object_id=booking.pk,
                         score=score)
        published = svc.published_ratings()["bodies"]
        row = next(r for r in published if r["kind"] == "mahalla")
        if i < 2:
            assert row["published"] is False and row["average"] is None
            assert row["count"] is None  # not even how many, below the threshold
        else:
            assert row["published"] is True and row["average"] == 4.0 and row["count"] == 3


def test_appeal_ratings_are_read_from_the_appeals(people, submit, settings):
    settings.RATINGS_MIN_COUNT = 2
    appeals = [submit(), submit(author="neighbour")]
    Appeal.objects.filter(pk=appeals[0].pk).update(rating=5)
    assert svc.published_ratings()["appeals"][0]["published"] is False
    Appeal.objects.filter(pk=appeals[1].pk).update(rating=2)
    row = svc.published_ratings()["appeals"][0]
    assert row["id"] == people["water"].pk and row["average"] == 3.5 and row["count"] == 2
    assert not ServiceRating.objects.exists()  # not stored twice


def test_rateable_lists_what_is_left_to_rate(people, slot, book):
    booking = held_booking(people, slot, book)
    application = decided_application(people)
    left = svc.rateable_for(people["phoned"])
    assert left["bookings"] == [booking] and left["applications"] == [application]
    svc.rate_service(resident=people["phoned"], interaction="reception", object_id=booking.pk,
                     score=5)
    assert svc.rateable_for(people["phoned"])["bookings"] == []

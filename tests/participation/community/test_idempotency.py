"""A retried comment or booking with the same Idempotency-Key creates nothing new."""

import json

from django.test import Client

from mahalla.participation.community.models import Booking, Comment


def post(client, path, body, key):
    return client.post(path, data=json.dumps(body), content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_comment_is_posted_once(people, topic, db):
    client = Client()
    client.force_login(people["phoned"])
    path = f"/api/v1/community/topics/{topic.pk}/comments"
    body = {"body": "Chiroqlarni tezroq oʻrnatish kerak."}
    first = post(client, path, body, "c-1")
    again = post(client, path, body, "c-1")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == first.json()
    assert Comment.objects.filter(topic=topic).count() == 1


def test_a_retried_booking_answers_the_first_booking(people, slot):
    client = Client()
    client.force_login(people["phoned"])
    path = f"/api/v1/community/reception/slots/{slot.pk}/bookings"
    body = {"matter": "Hovlidagi suv quvuri haqida gaplashmoqchiman", "consent": True}
    first = post(client, path, body, "b-1")
    again = post(client, path, body, "b-1")
    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json() == first.json()
    assert Booking.objects.filter(slot=slot).count() == 1

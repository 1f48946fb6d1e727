"""End to end: an appeal walks its workflow; a real receiver gets one signed event per step."""

import hashlib
import hmac
import json
from datetime import UTC

import pytest
from django.db import transaction

from mahalla.appeals.models import Appeal
from mahalla.core.models import DomainEvent
from mahalla.webhooks.models import WebhookDelivery
from mahalla.webhooks.signing import verify_signature
from tests.webhooks.conftest import ANSWER

STEPS = [("appeal.submitted", "received"), ("appeal.registered", "registered"),
         ("appeal.assigned", "assigned"), ("appeal.started", "in_progress"),
         ("appeal.answered", "answered"), ("appeal.closed", "closed")]


def independent_hmac_ok(secret: str, header: str, body: bytes) -> bool:
    fields = dict(part.split("=", 1) for part in header.split(","))
    expected = hmac.new(secret.encode(), fields["t"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])


@pytest.mark.django_db(transaction=True)
def test_receiver_gets_one_signed_event_per_step_in_order(submit, walk, receiver, subscribe):
    subscription = subscribe(receiver.url())
    appeal = submit()
    walk(appeal)

    assert [(b["type"], b["appeal"]["status"]) for b in receiver.bodies()] == STEPS
    for request in receiver.requests:
        headers, body = request["headers"], request["body"]
        payload = json.loads(body)
        signature = headers["X-Mahalla-Signature"]
        assert verify_signature(subscription.secret, signature, body)
        assert independent_hmac_ok(subscription.secret, signature, body)
        assert not verify_signature("another-secret", signature, body)
        assert headers["Content-Type"] == "application/json"
        assert headers["X-Mahalla-Event"] == payload["type"]
        assert headers["X-Mahalla-Delivery"] == payload["id"]
        delivery = WebhookDelivery.objects.get(pk=payload["id"])
        assert delivery.status == WebhookDelivery.Status.DELIVERED
        assert (delivery.attempts, delivery.last_status_code) == (1, 200)
        event = DomainEvent.objects.get(pk=payload["ledger"]["event_id"])
        assert (event.type, event.object_id) == (payload["type"], str(appeal.pk))
        assert payload["ledger"]["payload_hash"] == event.payload_hash
    assert WebhookDelivery.objects.count() == len(STEPS)


@pytest.mark.django_db(transaction=True)
def test_body_has_state_and_no_personal_data(world, submit, walk, receiver, subscribe):
    subscribe(receiver.url())
    appeal = submit()
    walk(appeal)
    appeal = Appeal.objects.get(pk=appeal.pk)

    last = receiver.bodies()[-1]
    assert set(last) == {"id", "type", "occurred_at", "appeal", "ledger"}
    assert last["appeal"] == {
        "number": appeal.number, "status": "closed", "category": "water",
        "kind": "problem_report", "priority": appeal.priority,
        "organization": world["water"].pk, "due_at": appeal.due_at.astimezone(UTC).isoformat(),
        "url": f"https://mahalla.example.uz/open311/v2/requests/{appeal.number}.json",
    }
    raw = b"".join(r["body"] for r in receiver.requests).decode()
    people = [world[who] for who in ("resident", "executor", "dispatcher")]
    private = [appeal.text, ANSWER, *(p.phone for p in people), *(p.full_name for p in people)]
    for value in private:
        assert value and value not in raw
    for key in ("author", "phone", "text", "answer", "address", "latitude", "executor"):
        assert f'"{key}"' not in raw


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_sends_nothing(submit, receiver, subscribe):
    subscribe(receiver.url())
    with pytest.raises(RuntimeError), transaction.atomic():
        submit()
        assert WebhookDelivery.objects.count() == 2  # written with the change…
        raise RuntimeError("the request failed after the appeal was saved")

    assert WebhookDelivery.objects.count() == 0  # …and gone with it
    assert Appeal.objects.count() == 0
    assert receiver.requests == []

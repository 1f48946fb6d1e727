"""Idempotency-Key on every create operation of /api/v1 and on Open311 POST requests.

The same key from the same caller with the same request answers what the first request got
and creates nothing; the same key with another request is a 409 that changes nothing.
"""

import json

import pytest
import time_machine
from django.db import transaction
from django.http import JsonResponse
from django.test import Client
from django.utils import timezone

from mahalla.appeals.models import Appeal, AppealPhoto, AppealStep, AppealSupport
from mahalla.integrations.scopes import Scope
from mahalla.integrations.services import create_api_key
from mahalla.ops import idempotency
from mahalla.ops.models import IdempotencyRecord
from tests.appeals.conftest import jpeg_bytes, upload
from tests.open311.conftest import report_fields as open311_fields

pytestmark = pytest.mark.django_db
API = "/api/v1/appeals"
KEY = "5b0f3f4e-6a51-4d5e-9b9a-0c5d3c1f2a77"


def client_for(user=None, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    if user is not None:
        client.force_login(user)
    return client


def report(**overrides) -> dict:
    fields = {"kind": "problem_report", "category": "water", "consent": "true",
              "text": "Koʻchada suv quvuri yorilib, suv oqmoqda",
              "latitude": "41.360000", "longitude": "69.290000"}
    fields.update(overrides)
    return {name: value for name, value in fields.items() if value is not None}


def post_json(client, path, body, key=KEY):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def assert_reused_key(response):
    assert response.status_code == 409, response.content
    assert response.json()["field"] == "Idempotency-Key"
    assert "different request" in response.json()["error"]


def assert_replay(first, again):
    assert again.status_code == 200, again.content
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


# --- POST /api/v1/appeals -----------------------------------------------------------------------


def test_submit_replays_the_first_answer_and_creates_nothing(world):
    client = client_for(world["resident"])
    first = client.post(API, report(), headers={"Idempotency-Key": KEY})
    assert first.status_code == 201
    again = client.post(API, report(), headers={"Idempotency-Key": KEY})
    assert_replay(first, again)
    assert again.json()["tracking_token"] == first.json()["tracking_token"]
    assert Appeal.objects.count() == 1


def test_submit_with_the_key_and_another_body_is_409(world):
    client = client_for(world["resident"])
    client.post(API, report(), headers={"Idempotency-Key": KEY})
    assert_reused_key(client.post(API, report(text="Boshqa muammo: chiroq yonmayapti"),
                                  headers={"Idempotency-Key": KEY}))
    assert Appeal.objects.count() == 1


def test_the_409_speaks_the_callers_language(world):
    client = client_for(world["resident"], language="uz")
    client.post(API, report(), headers={"Idempotency-Key": KEY})
    response = client.post(API, report(category="gas"), headers={"Idempotency-Key": KEY})
    assert response.status_code == 409 and response["Content-Language"] == "uz"
    assert response.json()["error"]


def test_submit_with_photos_replays_without_a_second_photo(world):
    client = client_for(world["resident"])
    photo = jpeg_bytes()
    first = client.post(API, {**report(), "photos": [upload(photo)]},
                        headers={"Idempotency-Key": KEY})
    assert first.status_code == 201
    # A new multipart boundary, the same fields and file: the same request.
    again = client.post(API, {**report(), "photos": [upload(photo, name="photo.jpg")]},
                        headers={"Idempotency-Key": KEY})
    assert_replay(first, again)
    assert AppealPhoto.objects.count() == 1
    other = client.post(API, {**report(), "photos": [upload(jpeg_bytes(color=(1, 2, 3)))]},
                        headers={"Idempotency-Key": KEY})
    assert_reused_key(other)


def test_anonymous_submissions_replay_too(world):
    first = client_for().post(API, report(consent=None), headers={"Idempotency-Key": KEY})
    again = client_for().post(API, report(consent=None), headers={"Idempotency-Key": KEY})
    assert_replay(first, again)
    assert Appeal.objects.count() == 1


def test_a_failed_request_stores_nothing_and_the_key_stays_usable(world):
    client = client_for(world["resident"])
    bad = client.post(API, report(latitude="48.85", longitude="2.35"),
                      headers={"Idempotency-Key": KEY})
    assert bad.status_code == 400
    assert not IdempotencyRecord.objects.exists()
    assert client.post(API, report(), headers={"Idempotency-Key": KEY}).status_code == 201


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "ключ"])
def test_a_malformed_key_is_400(world, key):
    response = client_for(world["resident"]).post(API, report(),
                                                  headers={"Idempotency-Key": key})
    assert response.status_code == 400
    assert not Appeal.objects.exists()


def test_without_the_header_nothing_is_stored(world):
    client_for(world["resident"]).post(API, report())
    assert not IdempotencyRecord.objects.exists()


# --- workflow creates: comment, answer, answer with photos, support --------------------------


def test_comment_is_made_once_per_key(world, submit):
    appeal = submit()
    client, path = client_for(world["dispatcher"]), f"{API}/{appeal.number}/comment"
    first = post_json(client, path, {"text": "Brigada yuborildi"})
    assert first.status_code == 200
    assert_replay(first, post_json(client, path, {"text": "Brigada yuborildi"}))
    assert_reused_key(post_json(client, path, {"text": "Boshqa izoh"}))
    assert AppealStep.objects.filter(appeal=appeal, action="commented").count() == 1
    # JSON spacing and key order do not make another request.
    again = client.post(path, '{ "text" :  "Brigada yuborildi" }',
                        content_type="application/json", headers={"Idempotency-Key": KEY})
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"


def test_keys_belong_to_their_caller(world, submit):
    appeal = submit()
    path = f"{API}/{appeal.number}/comment"
    assert post_json(client_for(world["dispatcher"]), path, {"text": "Birinchi"}).status_code == 200
    second = post_json(client_for(world["official"]), path, {"text": "Ikkinchi"})
    assert second.status_code == 200 and "Idempotent-Replayed" not in second
    assert AppealStep.objects.filter(appeal=appeal, action="commented").count() == 2


def test_answer_replays_instead_of_a_status_conflict(world, submit):
    appeal = submit()
    client, path = client_for(world["dispatcher"]), f"{API}/{appeal.number}/answer"
    first = post_json(client, path, {"text": "Quvur almashtirildi."})
    assert first.status_code == 200, first.content
    assert_replay(first, post_json(client, path, {"text": "Quvur almashtirildi."}))
    assert post_json(client, path, {"text": "Quvur almashtirildi."}, key=None).status_code == 409
    assert AppealStep.objects.filter(appeal=appeal, action="answered").count() == 1


def test_answer_with_photos_is_made_once(world, submit):
    appeal = submit()
    client = client_for(world["dispatcher"])
    path, photo = f"{API}/{appeal.number}/answer/with-photos", jpeg_bytes()
    first = client.post(path, {"text": "Tuzatildi", "photos": [upload(photo)]},
                        headers={"Idempotency-Key": KEY})
    assert first.status_code == 200, first.content
    again = client.post(path, {"text": "Tuzatildi", "photos": [upload(photo)]},
                        headers={"Idempotency-Key": KEY})
    assert_replay(first, again)
    assert appeal.photos.filter(stage=AppealPhoto.Stage.RESULT).count() == 1


def test_support_is_made_once(world, submit):
    appeal = submit()
    client, path = client_for(world["neighbour"]), f"{API}/{appeal.number}/support"
    first = client.post(path, headers={"Idempotency-Key": KEY})
    assert first.status_code == 200 and first.json()["supporters_count"] == 1
    assert_replay(first, client.post(path, headers={"Idempotency-Key": KEY}))
    assert AppealSupport.objects.filter(appeal=appeal).count() == 1


# --- Open311 POST requests --------------------------------------------------------------------


@pytest.fixture
def open311_key(world):
    return create_api_key(name="City app", scopes=[Scope.OPEN311_SUBMIT])[1]


def open311_post(fmt, data, key=KEY):
    return Client(headers={"Accept-Language": "en"}).post(
        f"/open311/v2/requests.{fmt}", data, headers={"Idempotency-Key": key})


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_post_replays_and_refuses_another_body(open311_key, fmt):
    first = open311_post(fmt, open311_fields(open311_key))
    assert first.status_code == 200, first.content
    again = open311_post(fmt, open311_fields(open311_key))
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    other = open311_post(fmt, open311_fields(open311_key, description="Chiroq yonmayapti"))
    assert other.status_code == 409 and b"different request" in other.content
    assert fmt.encode() in other["Content-Type"].encode()
    assert Appeal.objects.count() == 1


def test_open311_keys_belong_to_their_integration_key(open311_key):
    other_key = create_api_key(name="Other app", scopes=[Scope.OPEN311_SUBMIT])[1]
    open311_post("json", open311_fields(open311_key))
    assert "Idempotent-Replayed" not in open311_post("json", open311_fields(other_key))
    assert IdempotencyRecord.objects.count() == 2


# --- the mechanism --------------------------------------------------------------------------


def test_the_stored_answer_is_encrypted(world):
    first = client_for(world["resident"]).post(API, report(), headers={"Idempotency-Key": KEY})
    record = IdempotencyRecord.objects.get()
    assert first.json()["tracking_token"].encode() not in bytes(record.body)
    assert KEY not in record.key_hash and record.caller == f"user:{world['resident'].pk}"
    assert record.operation == "api-v1:appeal_submit"


def test_an_expired_key_may_be_used_again(world, submit):
    appeal = submit()
    client, path = client_for(world["dispatcher"]), f"{API}/{appeal.number}/comment"
    post_json(client, path, {"text": "Brigada yuborildi"})
    with time_machine.travel(timezone.now() + idempotency.ttl() + timezone.timedelta(minutes=1)):
        again = post_json(client, path, {"text": "Brigada yuborildi"})
        assert again.status_code == 200 and "Idempotent-Replayed" not in again
        assert IdempotencyRecord.objects.count() == 1
        assert idempotency.prune_expired() == 0
    assert AppealStep.objects.filter(appeal=appeal, action="commented").count() == 2


def test_prune_deletes_what_is_past_its_time(world):
    client_for(world["resident"]).post(API, report(), headers={"Idempotency-Key": KEY})
    assert idempotency.prune_expired() == 0
    later = timezone.now() + idempotency.ttl() + timezone.timedelta(seconds=1)
    assert idempotency.prune_expired(now=later) == 1


def test_a_request_that_lost_the_race_is_rolled_back_and_gets_the_winners_answer(world):
    """Two requests with one key both looked and found nothing; the first stored its answer.
    The second one's work is undone and it answers with the first one's response."""
    client = client_for(world["resident"])
    first = client.post(API, report(), headers={"Idempotency-Key": KEY})
    request = client.post(API, report(), headers={"Idempotency-Key": KEY}).wsgi_request
    state = idempotency.State(key=KEY, caller=f"user:{world['resident'].pk}",
                              key_hash=idempotency.key_hash(KEY),
                              request_hash=idempotency.request_hash(request))

    def second_run():
        Appeal.objects.filter(pk=Appeal.objects.get().pk).update(text="changed by the loser")
        return JsonResponse({"number": "MAH-LOSER"}, status=201)

    with transaction.atomic():
        response = idempotency._run_once(state, second_run, lambda status, message: None)
    assert response.status_code == 200 and response["Idempotent-Replayed"] == "true"
    assert json.loads(response.content) == first.json()
    assert Appeal.objects.get().text != "changed by the loser"

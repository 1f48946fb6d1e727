"""Idempotency keys on participation's create operations, and none on the vote: a stored
answer to a vote would tie the voter to their receipt code."""

import json

import pytest
from django.test import Client

from mahalla.ops.models import IdempotencyRecord
from mahalla.participation.models import Petition

pytestmark = pytest.mark.django_db
API = "/api/v1/participation"


def post(client, path, body, key):
    return client.post(path, data=json.dumps(body), content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_petition_start_makes_one_petition(town):
    client = Client()
    client.force_login(town["resident"])
    body = {"level": "mahalla", "title": "Yoʻl taʼmiri",
            "text": "Koʻchamizdagi yoʻl chuqurlarga toʻlgan, taʼmir kerak."}
    first = post(client, f"{API}/petitions/start", body, "petition-1")
    again = post(client, f"{API}/petitions/start", body, "petition-1")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Petition.objects.count() == 1
    other = post(client, f"{API}/petitions/start", {**body, "title": "Boshqa"}, "petition-1")
    assert other.status_code == 409 and Petition.objects.count() == 1


def test_a_vote_stores_no_idempotent_answer(town, election_factory):
    election = election_factory()
    client = Client()
    client.force_login(town["resident"])
    yes = election.options.first().pk
    voted = post(client, f"{API}/elections/{election.pk}/vote", {"option": yes}, "vote-1")
    assert voted.status_code == 201
    assert not IdempotencyRecord.objects.exists()
    assert post(client, f"{API}/elections/{election.pk}/vote", {"option": yes},
                "vote-1").status_code == 409

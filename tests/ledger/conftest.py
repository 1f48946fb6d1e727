"""Fixtures for the Django side of the ledger: a signing key, event helpers, a verifier fetch."""

import pytest
from django.db import transaction
from django.test import Client

from mahalla.core.events import record_event
from mahalla.ledger.note import generate_key, parse_vkey
from mahalla.ledger.verify import FetchFailure
from tests.appeals.conftest import submit, world  # noqa: F401  (fixtures for the page tests)

ORIGIN = "mahalla.test/ledger"
SKEY, VKEY = generate_key(ORIGIN)


@pytest.fixture
def ledger_key(settings):
    """The log signs with a fixed test key (tests run with DEBUG off: no key file)."""
    settings.LEDGER_ORIGIN = ORIGIN
    settings.LEDGER_SIGNING_KEY = SKEY
    return VKEY


@pytest.fixture
def log_verifier(ledger_key):
    return parse_vkey(ledger_key)


def append_events(count: int, *, kind: str = "test.happened") -> list:
    """Record ``count`` events, each in its own transaction, as services do."""
    events = []
    for number in range(count):
        with transaction.atomic():
            events.append(record_event(type=kind, object_type="tests.thing", object_id=number,
                                       payload={"n": number}))
    return events


@pytest.fixture
def events(db):
    return append_events


def client_fetch(client: Client):
    """A ``verify.Fetch`` that asks the Django test client instead of the network."""

    def fetch(path: str) -> bytes:
        response = client.get(path)
        if response.status_code != 200:
            raise FetchFailure(f"GET {path}: HTTP {response.status_code}")
        return response.content

    return fetch


@pytest.fixture
def fetch(client):
    return client_fetch(client)

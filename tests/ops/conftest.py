"""Fixtures of the operations tests: files in tmp, a log key."""


import pytest

from mahalla.ledger.note import generate_key
from tests.appeals.conftest import submit, world  # noqa: F401 (fixtures for tests here)

LEDGER_ORIGIN = "mahalla.test/ledger"
SKEY, VKEY = generate_key(LEDGER_ORIGIN)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ledger_key(settings):
    settings.LEDGER_ORIGIN = LEDGER_ORIGIN
    settings.LEDGER_SIGNING_KEY = SKEY
    return VKEY

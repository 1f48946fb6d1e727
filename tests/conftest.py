import pytest
from django.core.cache import cache
from django.utils import translation

# The appeals world (a district, mahallas, utilities and their staff) serves other apps' tests.
from tests.appeals.conftest import photo_server, submit, world  # noqa: F401
from tests.factories import MahallaFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_messages():
    """Service-level tests read messages in English; pages choose their own language."""
    with translation.override("en"):
        yield


@pytest.fixture
def mahalla(db):
    return MahallaFactory()


@pytest.fixture
def resident(db, mahalla):
    return UserFactory(mahalla=mahalla)

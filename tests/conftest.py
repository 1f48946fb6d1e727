import pytest
from django.core.cache import cache

from tests.factories import MahallaFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mahalla(db):
    return MahallaFactory()


@pytest.fixture
def resident(db, mahalla):
    return UserFactory(mahalla=mahalla)

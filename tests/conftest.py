import pytest
from django.core.cache import cache
from django.utils import translation

# The appeals world (a district, mahallas, utilities and their staff) serves other apps' tests.
from tests.appeals.conftest import photo_server, submit, world  # noqa: F401
from tests.documents.edocs import ensure_shipped_services
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


@pytest.fixture(autouse=True)
def _shipped_catalogue(request):
    """The e-services catalogue comes from a data migration; a transactional test (browser,
    concurrency, migration tests) empties every table when it ends, so put it back before
    each database test that runs after one, whichever app's test it is."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction"))
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from mahalla.documents.models import EService

    if not EService.objects.exists():
        ensure_shipped_services()


@pytest.fixture
def mahalla(db):
    return MahallaFactory()


@pytest.fixture
def resident(db, mahalla):
    return UserFactory(mahalla=mahalla)

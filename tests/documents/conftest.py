"""Fixtures of the e-documents tests."""

import pytest

from tests.documents.edocs import (
    development_pki_dir,
    ensure_shipped_services,
    use_documents_settings,
)


@pytest.fixture(scope="session")
def edocs_pki_dir(tmp_path_factory):
    return development_pki_dir(tmp_path_factory)


@pytest.fixture
def edocs(world, settings, tmp_path, edocs_pki_dir):
    """The appeals world (a district, two mahallas and their staff), files in a temporary
    folder, and documents signed with a throw-away development key."""
    use_documents_settings(settings, tmp_path / "media", edocs_pki_dir)
    world["resident"].full_name = "Karimova Aziza"
    world["resident"].save(update_fields=["full_name"])
    return world


@pytest.fixture(autouse=True)
def _shipped_catalogue(request):
    """The catalogue comes from a data migration; a transactional test (the browser tests)
    empties every table when it ends, so put it back before each database test here."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction"))
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    ensure_shipped_services()

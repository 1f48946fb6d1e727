"""Fixtures of the e-documents tests."""

import pytest

from tests.documents.edocs import (
    development_pki_dir,
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


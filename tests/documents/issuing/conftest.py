"""Issued documents: a development PKI made once per session, a ledger key, a fresh media dir."""

import datetime as dt

import pytest
from django.utils import timezone

from mahalla.core.models import Role
from mahalla.documents.issuing import signers
from mahalla.documents.issuing.services import issue_document
from tests.factories import UserFactory
from tests.ledger.conftest import ORIGIN, SKEY

HOLDER_NAME = "Karimova Dilnoza Alisher qizi"


@pytest.fixture(scope="session")
def dev_pki_dir(tmp_path_factory):
    """The development CA and signer, generated once for the whole test session."""
    return signers.development_pki(tmp_path_factory.mktemp("documents") / "pki")


@pytest.fixture(autouse=True)
def _documents_settings(settings, dev_pki_dir, tmp_path):
    settings.DOCUMENT_SIGNER = "mahalla.documents.issuing.signers.Pkcs12Signer"
    settings.DOCUMENT_SIGNING_PKCS12 = ""
    settings.DOCUMENT_DEV_PKI_DIR = dev_pki_dir
    settings.DOCUMENT_TRUST_ROOTS = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://mahalla.test"
    settings.LEDGER_ORIGIN = ORIGIN
    settings.LEDGER_SIGNING_KEY = SKEY


@pytest.fixture
def people(world):
    """The appeals world plus an administrator: issuer staff, holder, outsiders."""
    return {**world, "admin": UserFactory(role=Role.ADMINISTRATOR, is_staff=True)}


@pytest.fixture
def issue(people):
    """Issue a residence certificate from the home mahalla to the resident."""

    def _issue(**overrides):
        arguments = {
            "kind": "residence_certificate",
            "title": "Yashash joyi toʻgʻrisida maʼlumotnoma",
            "language": "uz",
            "holder": people["resident"],
            "holder_name": HOLDER_NAME,
            "fields": [("Manzil", "Toshkent sh., Bunyodkor koʻchasi, 12-uy"),
                       ("Tugʻilgan sanasi", "01.02.1990")],
            "paragraphs": ["Ushbu maʼlumotnoma talab qilingan joyga taqdim etish uchun berildi."],
            "issuer_mahalla": people["home"],
            "signer_name": "A. Valiyev",
            "signer_position": "Mahalla raisi",
            "actor": people["chairman"],
            "source_type": "documents.application",
            "source_id": "17",
            "valid_until": timezone.localdate() + dt.timedelta(days=90),
        }
        arguments.update(overrides)
        return issue_document(**arguments)

    return _issue

"""Helpers of the e-services tests: answers, files, and the settings documents are issued with."""

import importlib.util
import io
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from mahalla.appeals.deadlines import TASHKENT
from mahalla.documents.models import EService
from tests.ledger.conftest import ORIGIN, SKEY

ISSUING = importlib.util.find_spec("mahalla.documents.issuing.services") is not None
MONDAY_10 = datetime(2027, 3, 1, 10, 0, tzinfo=TASHKENT)
RESIDENCE_ANSWERS = {"full_name": "Karimova Aziza Baxtiyor qizi", "birth_date": "1990-02-01",
                     "address": "Bunyodkor koʻchasi, 12-uy", "purpose": "Xalq banki",
                     "phone": "+998 90 123 45 67"}


def hall(**changes) -> dict:
    """Answers of a hall booking for a day four weeks ahead."""
    day = (timezone.localdate() + timedelta(days=28)).isoformat()
    return {"full_name": "Karimova Aziza", "phone": "+998901234567", "event_date": day,
            "event_kind": "wedding", "guests": "120", **changes}


def jpeg(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(data: bytes, name="scan.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def development_pki_dir(tmp_path_factory):
    """A throw-away development CA and signer for the session (None before issuing exists)."""
    if not ISSUING:
        return None
    from mahalla.documents.issuing import signers

    return signers.development_pki(tmp_path_factory.mktemp("edocs") / "pki")


def use_documents_settings(settings, media_root, pki_dir) -> None:
    """Files in a temporary folder, documents signed with the throw-away key."""
    settings.MEDIA_ROOT = media_root
    settings.SITE_URL = "https://mahalla.test"
    settings.LEDGER_ORIGIN = ORIGIN
    settings.LEDGER_SIGNING_KEY = SKEY
    if pki_dir is not None:
        settings.DOCUMENT_SIGNER = "mahalla.documents.issuing.signers.Pkcs12Signer"
        settings.DOCUMENT_SIGNING_PKCS12 = ""
        settings.DOCUMENT_DEV_PKI_DIR = pki_dir
        settings.DOCUMENT_TRUST_ROOTS = ""


def ensure_shipped_services() -> None:
    """The catalogue of the data migration, again: a transactional test (a browser test) may
    run after another one emptied the tables, migration data included."""
    from django.apps import apps

    migration = importlib.import_module("mahalla.documents.migrations.0002_shipped_services")
    migration.create_services(apps, None)


def service(code: str) -> EService:
    return EService.objects.get(code=code)

"""issue_document: numbering, the stored signed file, the event and its ledger leaf."""

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from mahalla.core.exceptions import DomainError, PermissionDenied
from mahalla.core.models import DomainEvent
from mahalla.documents.issuing import services
from mahalla.documents.issuing.models import IssuedDocument
from mahalla.ledger.models import LedgerEntry
from tests.documents.issuing.conftest import HOLDER_NAME

pytestmark = pytest.mark.django_db


def test_numbers_are_dense_per_year_and_the_file_is_the_signed_pdf(issue):
    first, second = issue(), issue()
    year = timezone.localtime().year

    assert first.number == f"HJ-{year}-000001"
    assert second.number == f"HJ-{year}-000002"
    data = services.read_pdf(first)
    assert data.startswith(b"%PDF-") and b"/ETSI.CAdES.detached" in data
    assert hashlib.sha256(data).hexdigest() == first.sha256
    assert first.pdf.name.startswith(f"documents/{year}/")
    assert first.number not in first.pdf.name  # the stored name cannot be guessed
    assert first.verification_url == (
        f"{settings.SITE_URL}/documents/v/{first.number}/{first.verification_code}/")
    assert first.signer_certificate.startswith("Common Name: Mahalla development signer")


def test_the_ledger_gets_the_sha256_and_no_personal_data(issue):
    document = issue()

    event = DomainEvent.objects.get(type="document.issued")
    assert document.issued_event == event
    assert event.object_type == "issuing.issueddocument"
    assert event.object_id == str(document.pk)
    assert event.payload == {"number": document.number, "kind": "residence_certificate",
                             "sha256": document.sha256}
    leaf = bytes(LedgerEntry.objects.get(event=event).leaf_data).decode()
    assert json.loads(leaf)["payload_sha256"] == event.payload_hash
    for private in (HOLDER_NAME, "Karimova", "Bunyodkor"):
        assert private not in json.dumps(event.payload) and private not in leaf


def test_a_failure_after_signing_leaves_no_row_event_or_file(issue, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the ledger is down")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        issue()

    assert not IssuedDocument.objects.exists()
    assert not DomainEvent.objects.filter(type="document.issued").exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    monkeypatch.undo()
    assert issue().number.endswith("-000001")  # the number was not used up


@pytest.mark.parametrize("role", ["other_chairman", "resident", "dispatcher", "auditor"])
def test_only_the_issuers_staff_may_issue(issue, people, role):
    with pytest.raises(PermissionDenied):
        issue(actor=people[role])
    assert not IssuedDocument.objects.exists()


def test_organization_staff_and_the_system_may_issue(issue, people):
    by_org = issue(issuer_mahalla=None, issuer_organization=people["water"],
                   actor=people["dispatcher"])
    by_system = issue(actor=None)

    assert by_org.issuer_name == people["water"].name_uz
    assert by_system.issued_event.actor_role == "system"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"issuer_mahalla": None}, "issuer"),
    ({"kind": "Residence Certificate"}, "kind"),
    ({"language": "de"}, "language"),
    ({"title": "  "}, "title"),
    ({"holder_name": ""}, "holder_name"),
    ({"valid_until": timezone.localdate() - dt.timedelta(days=1)}, "valid_until"),
])
def test_bad_input_is_refused_with_its_field(issue, overrides, field):
    with pytest.raises(DomainError) as error:
        issue(**overrides)
    assert error.value.field == field


def test_the_mahalla_issuer_is_printed_in_the_documents_language(issue, people):
    document = issue(language="ru")
    assert people["home"].name_ru in document.issuer_name
    assert people["home"].name_uz not in document.issuer_name

"""The signature is PAdES and checks out with pyHanko's own validator; any change breaks it."""

import io

import pytest
from django.utils import timezone
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from mahalla.documents.issuing import services, signers
from mahalla.documents.issuing.pdf import DocumentContent, render_document

pytestmark = pytest.mark.django_db


def _status(pdf_bytes: bytes, dev_pki_dir):
    root = load_cert_from_pemder(str(dev_pki_dir / signers.CA_FILE))
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    signature = reader.embedded_signatures[0]
    return signature, validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))


def _append_text(pdf_bytes: bytes) -> bytes:
    """An incremental update that adds visible text to page 1 after signing."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    stream = writer.add_object(generic.StreamObject(
        stream_data=b"BT /F1 14 Tf 100 100 Td (VALID UNTIL 2099) Tj ET"))
    writer.add_stream_to_page(0, stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_signed_pdf_validates_with_pyhanko(issue, dev_pki_dir):
    document = issue(language="en")
    signature, status = _status(services.read_pdf(document), dev_pki_dir)

    assert signature.field_name == signers.FIELD_NAME
    assert str(signature.sig_object["/SubFilter"]) == "/ETSI.CAdES.detached"  # PAdES
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert status.docmdp_ok
    subject = status.signing_cert.subject.native
    assert subject["common_name"] == signers.DEV_SIGNER_NAME
    assert status.signing_cert.issuer.native["common_name"] == signers.DEV_CA_NAME
    assert signature.sig_object["/Reason"] == f"Issued document {document.number}"
    assert signature.sig_object["/Name"] == "A. Valiyev"


def test_the_unchanged_file_verifies(issue):
    document = issue()

    result = services.verify(pdf_bytes=services.read_pdf(document))

    assert result.status == services.VALID and result.number == document.number
    assert result.file_matches is True
    assert result.signature.ok and result.signature.trusted
    assert result.signature.covers_whole_file
    assert result.signature.signer_subject.startswith("Common Name: Mahalla development signer")


def test_an_incremental_update_after_signing_fails(issue, dev_pki_dir):
    document = issue()
    tampered = _append_text(services.read_pdf(document))

    _signature, status = _status(tampered, dev_pki_dir)
    assert status.intact and status.valid  # the signed revision itself is untouched …
    assert not status.docmdp_ok and not status.bottom_line  # … but the change is not allowed

    result = services.verify(pdf_bytes=tampered)
    assert result.status == services.UNKNOWN
    assert result.file_matches is False and result.number == ""
    assert result.signature.status == "invalid" and not result.signature.covers_whole_file

    with_number = services.verify(number=document.number, pdf_bytes=tampered)
    assert with_number.status == services.UNKNOWN and with_number.file_matches is False


def test_flipped_bytes_in_the_page_content_fail(issue, dev_pki_dir):
    document = issue()
    data = bytearray(services.read_pdf(document))
    page = PdfFileReader(io.BytesIO(bytes(data)), strict=False).root["/Pages"]["/Kids"][0]
    content = page["/Contents"].encoded_data
    data[data.index(content) + len(content) // 2] ^= 0x01
    tampered = bytes(data)

    _signature, status = _status(tampered, dev_pki_dir)
    assert not status.intact and not status.bottom_line

    result = services.verify(pdf_bytes=tampered)
    assert result.status == services.UNKNOWN and result.file_matches is False
    assert result.signature.status == "invalid" and not result.signature.intact
    assert services.verify(number=document.number).status == services.VALID


def test_a_signature_from_outside_the_trust_roots_is_not_trusted(issue, tmp_path, settings):
    data = services.read_pdf(issue())
    foreign_ca, _p12 = signers.generate_development_pki()
    bundle = tmp_path / "roots.pem"
    bundle.write_bytes(foreign_ca)
    settings.DOCUMENT_TRUST_ROOTS = str(bundle)

    check = services.check_signature(data)

    assert check.intact and check.valid and not check.trusted
    assert check.status == "invalid"


def test_files_that_are_not_signed_pdfs_are_reported(db):
    assert services.check_signature(b"%PDF-1.4 nonsense").status == "unreadable"
    unsigned = render_document(DocumentContent(
        number="HJ-2026-000009", title="T", language="en", issued_at=timezone.now(),
        holder_name="H", issuer_name="I", verification_url="https://x/")).pdf
    assert services.check_signature(unsigned).status == "missing"
    assert services.verify(pdf_bytes=unsigned).status == services.UNKNOWN

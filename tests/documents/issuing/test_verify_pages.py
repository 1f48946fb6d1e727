"""The public verification pages: the QR target and "check a document" (number or file)."""

import base64
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from mahalla.core.events import payload_digest
from mahalla.documents.issuing import services
from mahalla.documents.issuing.services import revoke_document
from mahalla.ledger import merkle
from mahalla.ledger import services as ledger
from mahalla.ledger.note import open_checkpoint, parse_vkey
from tests.documents.issuing.conftest import HOLDER_NAME
from tests.ledger.conftest import VKEY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages():
    with translation.override("en"):
        yield


def qr_page(client, document, code=None) -> str:
    response = client.get(f"/en/documents/v/{document.number}/"
                          f"{code or document.verification_code}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response.content.decode()


def test_the_qr_page_says_valid_with_issuer_date_kind_and_number(client, issue, people):
    document = issue()
    ledger.publish_checkpoint()

    html = qr_page(client, document)

    assert f"Document {document.number} is genuine and in force" in html
    assert escape(document.issuer_name) in html
    assert escape(document.title) in html and "residence_certificate" in html
    assert f"{timezone.localtime(document.issued_at):%m/%d/%Y}" in html
    assert document.sha256 in html


def test_the_qr_address_is_public_and_reaches_the_page_without_a_language_prefix(client, issue):
    document = issue()
    response = client.get(document.verification_path)
    assert response.status_code == 200
    assert document.number in response.content.decode()


def test_no_holder_name_on_the_public_pages(client, issue, people):
    document = issue()
    ledger.publish_checkpoint()
    holder = people["resident"]

    pages = [qr_page(client, document),
             client.get("/en/documents/verify/", {"number": document.number}).content.decode(),
             client.post("/en/documents/verify/", {"file": SimpleUploadedFile(
                 "d.pdf", services.read_pdf(document), "application/pdf")}).content.decode()]

    for html in pages:
        assert "is genuine and in force" in html
        for private in [HOLDER_NAME, "Karimova", holder.full_name, holder.phone,
                        "Bunyodkor", "01.02.1990"]:
            assert private not in html


def test_after_revocation_the_page_says_revoked_with_the_reason(client, issue, people):
    document = issue()
    revoke_document(document=document, reason="Issued with a wrong address",
                    actor=people["chairman"])
    ledger.publish_checkpoint()

    html = qr_page(client, document)

    assert f"Document {document.number} was revoked" in html
    assert "Issued with a wrong address" in html
    assert "is genuine and in force" not in html
    assert "document.revoked" in html and "document.issued" in html


@pytest.mark.parametrize("path", [
    "/en/documents/v/HJ-2026-999999/abcdefghjk/",
    "/en/documents/v/NOT-A-NUMBER/abcdefghjk/",
])
def test_an_unknown_number_is_unknown(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "We cannot confirm this document" in response.content.decode()


@pytest.mark.parametrize("code", ["zzzzzzzzzz", "ёжик", "a" * 200])
def test_a_wrong_code_is_unknown_and_shows_nothing_of_the_document(client, issue, code):
    document = issue()
    html = qr_page(client, document, code=code)
    assert "We cannot confirm this document" in html
    assert escape(document.issuer_name) not in html and document.sha256 not in html


def test_the_code_is_read_case_insensitively(client, issue):
    document = issue()
    html = qr_page(client, document, code=document.verification_code.upper())
    assert "is genuine and in force" in html


def test_the_number_form(client, issue):
    document = issue()
    found = client.get("/en/documents/verify/", {"number": document.number.lower()})
    unknown = client.get("/en/documents/verify/", {"number": "HJ-2026-999999"})
    malformed = client.get("/en/documents/verify/", {"number": "hello"})

    assert "is genuine and in force" in found.content.decode()
    assert "No document has this number" in unknown.content.decode()
    assert malformed.status_code == 400
    assert "Enter a number like HJ-2026-000001." in malformed.content.decode()


def test_uploading_an_altered_file_says_it_does_not_match(client, issue):
    document = issue()
    data = bytearray(services.read_pdf(document))
    data[len(data) // 3] ^= 0x01

    response = client.post("/en/documents/verify/", {
        "file": SimpleUploadedFile("d.pdf", bytes(data), "application/pdf")})

    html = response.content.decode()
    assert response.status_code == 200
    assert "We cannot confirm this document" in html
    assert "does not match any signed file" in html
    assert document.sha256 not in html and escape(document.issuer_name) not in html


def test_uploads_are_checked(client):
    not_pdf = client.post("/en/documents/verify/", {
        "file": SimpleUploadedFile("d.pdf", b"GIF89a....", "application/pdf")})
    assert not_pdf.status_code == 400
    assert "This is not a PDF file." in not_pdf.content.decode()

    limit = 10 * 1024 * 1024
    # Just over: the upload stops at the limit; far over: the body is not read at all.
    just_over = client.post("/en/documents/verify/", {
        "file": SimpleUploadedFile("d.pdf", b"%PDF-" + b"0" * limit, "application/pdf")})
    assert just_over.status_code == 413
    assert "larger than 10 MB" in just_over.content.decode()

    far_over = client.post("/en/documents/verify/", {
        "file": SimpleUploadedFile("d.pdf", b"%PDF-" + b"0" * (limit + 200_000),
                                   "application/pdf")})
    assert far_over.status_code == 413
    assert "larger than 10 MB" in far_over.content.decode()


def test_the_upload_form_is_csrf_protected(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/documents/verify/", {
        "file": SimpleUploadedFile("d.pdf", b"%PDF-1.4", "application/pdf")})
    assert response.status_code == 403


def _cell(html: str, label: str) -> str:
    match = re.search(rf"<dt>{re.escape(label)}</dt>\s*<dd>(?:<code>)?([^<]*)", html)
    assert match, label
    return match.group(1).strip()


def test_the_page_shows_an_inclusion_proof_the_ledger_verifier_accepts(client, issue):
    issue()
    document = issue()  # not the first leaf, so the audit path is not empty
    issue()
    checkpoint = ledger.publish_checkpoint()

    html = qr_page(client, document)

    index = int(_cell(html, "Entry number (leaf index)"))
    size = int(_cell(html, "Tree size"))
    root = bytes.fromhex(_cell(html, "Root hash"))
    leaf_data = _cell(html, "Leaf data").replace("&quot;", '"')
    path = [bytes.fromhex(node) for node in
            re.findall(r"<li><code>([0-9a-f]{64})</code></li>", html)]
    assert "Proven" in html and path
    # The leaf commits to the payload that carries the PDF's SHA-256.
    payload = {"kind": "residence_certificate", "number": document.number,
               "sha256": document.sha256}
    assert json.loads(leaf_data)["payload_sha256"] == payload_digest(payload)
    # The checkpoint is signed by the log's key and holds that root …
    signed = open_checkpoint(checkpoint.note_text.encode(), parse_vkey(VKEY))
    assert (signed.size, signed.root_hash) == (size, root)
    # … and the audit path proves the leaf in it (RFC 9162, the ledger's own verifier).
    merkle.verify_inclusion(merkle.leaf_hash(leaf_data.encode()), index, size, path, root)
    # The public API serves the same proof.
    api = client.get(f"/api/v1/ledger/proof/inclusion?index={index}&tree_size={size}").json()
    assert [base64.b64decode(h) for h in api["hashes"]] == path
    assert f"/api/v1/ledger/proof/inclusion?index={index}&amp;tree_size={size}" in html
    assert 'href="/en/ledger/"' in html


def test_an_entry_newer_than_the_checkpoint_is_pending(client, issue):
    ledger.publish_checkpoint()
    document = issue()

    html = qr_page(client, document)

    assert "newer than the latest signed checkpoint" in html
    assert "Proven" not in html


def test_the_verification_result_carries_the_proof(issue):
    document = issue()
    ledger.publish_checkpoint()

    result = services.verify(number=document.number, code=document.verification_code)

    proof = result.ledger_proof
    assert result.is_valid and proof.status == "included"
    assert proof.payload == {"number": document.number, "kind": "residence_certificate",
                             "sha256": document.sha256}
    merkle.verify_inclusion(proof.leaf_hash, proof.index, proof.tree_size,
                            list(proof.audit_path), proof.root_hash)


def test_the_qr_page_takes_a_bounded_number_of_queries(client, issue, people,
                                                       django_assert_max_num_queries):
    document = issue()
    revoke_document(document=document, reason="Wrong address", actor=people["chairman"])
    ledger.publish_checkpoint()

    with django_assert_max_num_queries(8):
        qr_page(client, document)

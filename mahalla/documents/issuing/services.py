"""Issue, revoke and verify e-documents.

``issue_document`` renders the PDF, signs it (PAdES), stores it and records a
"document.issued" event whose payload carries the PDF's SHA-256, so the transparency ledger
holds a leaf committing to the exact file. ``verify`` answers the public question "is this
document genuine and still in force?" from the register, the uploaded file's hash and
signature, and the ledger's inclusion proof.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO

import rfc8785
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, PermissionDenied
from mahalla.core.models import Mahalla, Organization
from mahalla.documents.issuing import signers
from mahalla.documents.issuing.models import (
    NUMBER_PREFIX,
    DocumentCounter,
    IssuedDocument,
    new_verification_code,
)
from mahalla.documents.issuing.pdf import DocumentContent, render_document
from mahalla.documents.issuing.permissions import can_issue, can_revoke
from mahalla.ledger import services as ledger
from mahalla.ledger.models import Checkpoint, LedgerEntry

KIND = re.compile(r"[a-z][a-z0-9_]{1,63}")
NUMBER = re.compile(r"HJ-\d{4}-\d{6}")
LANGUAGES = {code for code, _name in settings.LANGUAGES}
MAX_FIELDS = 60
MAX_PARAGRAPHS = 40
MAX_TEXT = 4000
MAX_REASON = 1000

VALID, REVOKED, UNKNOWN = "valid", "revoked", "unknown"


# --- issuing ------------------------------------------------------------------------------


def next_number(now: datetime | None = None) -> str:
    """HJ-YYYY-NNNNNN, dense per year; the counter row is locked for the transaction."""
    year = timezone.localtime(now or timezone.now()).year
    try:
        with transaction.atomic():
            DocumentCounter.objects.create(year=year, last=0)
    except IntegrityError:
        pass
    counter = DocumentCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{NUMBER_PREFIX}-{year}-{counter.last:06d}"


@dataclass(frozen=True)
class IssuerDetails:
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


def issuer_details(*, organization: Organization | None, mahalla: Mahalla | None,
                   language: str) -> IssuerDetails:
    """The issuing body as printed, in ``language``: an organization, or a mahalla's assembly."""
    from mahalla.core.phone import format_phone

    with translation.override(language):
        if organization is not None:
            place = organization.mahalla or organization.district or organization.region
            return IssuerDetails(
                name=organization.name, address=_place_line(place),
                phone=format_phone(organization.phone) if organization.phone else "",
                email=organization.email)
        assert mahalla is not None
        name = _("%(mahalla)s mahalla citizens' assembly") % {"mahalla": mahalla.name}
        return IssuerDetails(name=name, address=_place_line(mahalla))


def _place_line(place) -> str:
    """"Mahalla, District, Region" from the most specific territory known."""
    parts = []
    while place is not None:
        parts.append(place.name)
        place = getattr(place, "district", None) or getattr(place, "region", None)
    return ", ".join(parts)


def _clean_text(value: str, *, field: str, required: bool = True, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(_("This field is required."), field=field)
    if len(text) > limit:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": limit}, field=field)
    return text


def issue_document(*, kind: str, title: str, language: str, holder=None, holder_name: str,
                   fields: list[tuple[str, str]], paragraphs: list[str],
                   issuer_organization: Organization | None = None,
                   issuer_mahalla: Mahalla | None = None, signer_name: str = "",
                   signer_position: str = "", actor, source_type: str = "",
                   source_id: str = "", valid_until: date | None = None) -> IssuedDocument:
    """Render, sign and store a document, and record "document.issued" (→ ledger leaf).

    The texts come translated into ``language`` by the caller. ``actor`` must be staff of the
    issuing mahalla or organization, an administrator, or ``None`` (issued by the system).
    The number is taken, the PDF signed and the row and event written in one transaction:
    numbers stay dense, and a failure leaves no row, no event and no file.
    """
    if issuer_organization is None and issuer_mahalla is None:
        raise DomainError(_("A document needs an issuing mahalla or organization."),
                          field="issuer")
    if not can_issue(actor, organization_id=getattr(issuer_organization, "pk", None),
                     mahalla_id=getattr(issuer_mahalla, "pk", None)):
        raise PermissionDenied(_("You may not issue documents for this body."))
    if not KIND.fullmatch(kind or ""):
        raise DomainError(_("The document kind must be a short code like residence_certificate."),
                          field="kind")
    if language not in LANGUAGES:
        raise DomainError(_("Unknown document language."), field="language")
    title = _clean_text(title, field="title", limit=300)
    holder_name = _clean_text(holder_name, field="holder_name", limit=200)
    signer_name = _clean_text(signer_name, field="signer_name", required=False, limit=200)
    signer_position = _clean_text(signer_position, field="signer_position", required=False,
                                  limit=200)
    if len(fields) > MAX_FIELDS or len(paragraphs) > MAX_PARAGRAPHS:
        raise DomainError(_("The document has too many fields or paragraphs."), field="fields")
    fields = [(_clean_text(label, field="fields", limit=200),
               _clean_text(value, field="fields", required=False)) for label, value in fields]
    paragraphs = [_clean_text(text, field="paragraphs") for text in paragraphs]
    now = timezone.now()
    if valid_until is not None and valid_until < timezone.localdate(now):
        raise DomainError(_("The validity date is in the past."), field="valid_until")

    issuer = issuer_details(organization=issuer_organization, mahalla=issuer_mahalla,
                            language=language)
    signer = signers.get_signer()
    stored = ""
    try:
        with transaction.atomic():
            document = IssuedDocument(
                kind=kind, title=title, language=language, holder=holder,
                holder_name=holder_name, issuer_organization=issuer_organization,
                issuer_mahalla=issuer_mahalla, issuer_name=issuer.name[:300],
                signer_name=signer_name, signer_position=signer_position,
                source_type=source_type[:64], source_id=str(source_id)[:64], issued_at=now,
                valid_until=valid_until, verification_code=new_verification_code(),
                signer_certificate=signer.certificate_subject()[:500],
            )
            document.number = next_number(now)
            rendered = render_document(DocumentContent(
                number=document.number, title=title, language=language, issued_at=now,
                holder_name=holder_name, issuer_name=issuer.name,
                issuer_address=issuer.address, issuer_phone=issuer.phone,
                issuer_email=issuer.email, fields=fields, paragraphs=paragraphs,
                signer_name=signer_name, signer_position=signer_position,
                valid_until=valid_until, verification_url=document.verification_url,
            ))
            with translation.override(language):
                reason = _("Issued document %(number)s") % {"number": document.number}
            signed = signer.sign(rendered.pdf, reason=reason, location=issuer.address,
                                 name=signer_name or issuer.name)
            document.sha256 = hashlib.sha256(signed).hexdigest()
            document.pdf.save(f"{document.number}.pdf", ContentFile(signed), save=False)
            stored = document.pdf.name
            document.full_clean()
            document.save()
            document.issued_event = record_event(
                type="document.issued", obj=document, actor=actor,
                payload={"number": document.number, "kind": kind, "sha256": document.sha256})
            document.save(update_fields=["issued_event"])
    except BaseException:
        # No row refers to the file any more. (A rollback of an outer transaction of the
        # caller's, after this returns, leaves an unreferenced file under a random name.)
        if stored:
            document.pdf.storage.delete(stored)
        raise
    return document


def revoke_document(*, document: IssuedDocument, reason: str, actor) -> IssuedDocument:
    """Revoke ``document`` (staff of its issuer or an administrator); records "document.revoked".

    The reason is shown on the public verification page: it must not hold personal data.
    """
    if not can_revoke(actor, document):
        raise PermissionDenied(_("You may not revoke this document."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for revoking the document."), field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": MAX_REASON},
                          field="reason")
    with transaction.atomic():
        locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.revoked_at is not None:
            raise Conflict(_("This document is already revoked."))
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.revoked_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by", "updated_at"])
        locked.revoked_event = record_event(
            type="document.revoked", obj=locked, actor=actor,
            payload={"number": locked.number, "sha256": locked.sha256})
        locked.save(update_fields=["revoked_event"])
    for name in ("revoked_at", "revoked_reason", "revoked_by", "revoked_event"):
        setattr(document, name, getattr(locked, name))
    return document


def read_pdf(document: IssuedDocument) -> bytes:
    with document.pdf.open("rb") as file:
        return file.read()


# --- verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    """What pyHanko's validator says about the signature embedded in an uploaded file."""

    status: str  # "valid", "invalid", "missing" (no signature) or "unreadable" (not a PDF)
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    signer_subject: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "valid"


@dataclass(frozen=True)
class LedgerProof:
    """One ledger leaf of the document and its RFC 9162 inclusion proof in a checkpoint."""

    event_type: str
    index: int
    leaf_data: bytes
    leaf_hash: bytes
    payload: dict
    payload_sha256: str
    status: str  # "included", "pending" (newer than the checkpoint) or "failed"
    checkpoint: Checkpoint
    audit_path: tuple[bytes, ...] = ()

    @property
    def tree_size(self) -> int:
        return self.checkpoint.size

    @property
    def root_hash(self) -> bytes:
        return bytes(self.checkpoint.root)

    @property
    def leaf_hash_hex(self) -> str:
        return self.leaf_hash.hex()

    @property
    def root_hash_hex(self) -> str:
        return self.root_hash.hex()

    @property
    def audit_path_hex(self) -> list[str]:
        return [node.hex() for node in self.audit_path]

    @property
    def leaf_text(self) -> str:
        return self.leaf_data.decode()

    @property
    def payload_json(self) -> str:
        """The payload's RFC 8785 JSON: its SHA-256 is the leaf's ``payload_sha256``."""
        return rfc8785.dumps(self.payload).decode()


@dataclass(frozen=True)
class Verification:
    """The public answer about a document: never the holder, only what identifies the paper.

    ``status`` is VALID, REVOKED or UNKNOWN. With an uploaded file, ``file_matches`` says
    whether it is byte for byte the file issued, and ``signature`` what its signature is.
    """

    status: str
    number: str = ""
    kind: str = ""
    title: str = ""
    language: str = ""
    issuer_name: str = ""
    issued_at: datetime | None = None
    valid_until: date | None = None
    revoked_at: datetime | None = None
    revoked_reason: str = ""
    sha256: str = ""
    file_sha256: str = ""
    file_matches: bool | None = None
    signature: SignatureCheck | None = None
    ledger: tuple[LedgerProof, ...] = field(default=())

    @property
    def is_valid(self) -> bool:
        return self.status == VALID

    @property
    def is_revoked(self) -> bool:
        return self.status == REVOKED

    @property
    def is_unknown(self) -> bool:
        return self.status == UNKNOWN

    @property
    def expired(self) -> bool:
        return bool(self.valid_until and self.valid_until < timezone.localdate())

    @property
    def html_lang(self) -> str:
        return {"uz": "uz-Latn", "uz-cyrl": "uz-Cyrl"}.get(self.language, self.language)

    @property
    def ledger_proof(self) -> LedgerProof | None:
        """The proof of the "document.issued" leaf."""
        return next((p for p in self.ledger if p.event_type == "document.issued"), None)


def normalize_number(number: str) -> str:
    return (number or "").strip().upper()


def verify(number: str | None = None, code: str | None = None,
           pdf_bytes: bytes | None = None) -> Verification:
    """Look a document up by number (and QR code), or by an uploaded file, and prove it.

    A file counts only if it is byte for byte a file we issued (and, with ``number``, the one
    issued under that number); its embedded signature is validated too and reported. A
    wrong code, an unknown number or an altered file all answer UNKNOWN.
    """
    number = normalize_number(number or "")
    document = None
    file_sha256, file_matches, signature = "", None, None
    if pdf_bytes is not None:
        file_sha256 = hashlib.sha256(pdf_bytes).hexdigest()
        if number:
            document = _by_number(number)
            file_matches = document is not None and hmac.compare_digest(
                document.sha256.encode(), file_sha256.encode())
        else:
            document = IssuedDocument.objects.filter(sha256=file_sha256).first()
            file_matches = document is not None
        # A file we issued is judged at its issue time (the register is the trusted record of
        # when it was signed); anything else at the present time.
        moment = document.issued_at if file_matches else None
        signature = check_signature(pdf_bytes, moment=moment)
        if not file_matches:
            document = None
    elif number:
        document = _by_number(number)
        given = (code or "").strip().lower().encode()  # bytes: any text compares safely
        if document is not None and code is not None and not hmac.compare_digest(
                document.verification_code.encode(), given):
            document = None
    if document is None:
        return Verification(status=UNKNOWN, number=number if NUMBER.fullmatch(number) else "",
                            file_sha256=file_sha256, file_matches=file_matches,
                            signature=signature)
    return Verification(
        status=REVOKED if document.is_revoked else VALID,
        number=document.number, kind=document.kind, title=document.title,
        language=document.language, issuer_name=document.issuer_name,
        issued_at=document.issued_at, valid_until=document.valid_until,
        revoked_at=document.revoked_at, revoked_reason=document.revoked_reason,
        sha256=document.sha256, file_sha256=file_sha256, file_matches=file_matches,
        signature=signature, ledger=ledger_proofs(document),
    )


def _by_number(number: str) -> IssuedDocument | None:
    if not NUMBER.fullmatch(number):
        return None
    return IssuedDocument.objects.filter(number=number).first()


def check_signature(pdf_bytes: bytes, *, moment: datetime | None = None) -> SignatureCheck:
    """Validate the first (certification) signature of a PDF against the trust roots."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(BytesIO(pdf_bytes), strict=False).embedded_signatures
        if not signatures:
            return SignatureCheck(status="missing")
        context = ValidationContext(trust_roots=signers.trust_roots(), moment=moment)
        status = validate_pdf_signature(signatures[0], context)
    except Exception:  # noqa: BLE001 — any failure to parse an uploaded file means "unreadable"
        return SignatureCheck(status="unreadable")
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return SignatureCheck(
        status="valid" if status.bottom_line else "invalid",
        intact=status.intact, valid=status.valid, trusted=status.trusted,
        covers_whole_file=covers, signer_subject=status.signing_cert.subject.human_friendly,
    )


def ledger_proofs(document: IssuedDocument) -> tuple[LedgerProof, ...]:
    """The document's ledger leaves, each proven against the latest signed checkpoint."""
    event_ids = [pk for pk in (document.issued_event_id, document.revoked_event_id) if pk]
    entries = list(LedgerEntry.objects.filter(event_id__in=event_ids)
                   .select_related("event").order_by("index"))
    if not entries:
        return ()
    checkpoint = ledger.latest_checkpoint()
    proofs = []
    for check in ledger.check_inclusion(entries, checkpoint):
        entry = check.entry
        path: list[bytes] = []
        if check.status == "included":
            path = ledger.inclusion_proof(index=entry.index, tree_size=checkpoint.size)
        proofs.append(LedgerProof(
            event_type=entry.event.type, index=entry.index, leaf_data=bytes(entry.leaf_data),
            leaf_hash=check.leaf_hash, payload=entry.event.payload,
            payload_sha256=entry.event.payload_hash, status=check.status,
            checkpoint=checkpoint, audit_path=tuple(path),
        ))
    return tuple(proofs)

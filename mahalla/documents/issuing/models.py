"""Issued e-documents: the signed PDF, its hash, the code behind its QR link, revocation."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalla.core.models import DomainEvent, Mahalla, Organization

NUMBER_PREFIX = "HJ"
NUMBER_REGEX = r"^HJ-[0-9]{4}-[0-9]{6}$"
# Lower-case letters and digits without the look-alikes 0/o, 1/l/i: easy to type from paper.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 10  # 31^10 ≈ 2^49, and only tried together with a document number


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def pdf_path(document: "IssuedDocument", filename: str) -> str:
    """documents/<year>/<random>.pdf: a name nobody can guess from the document number."""
    year = timezone.localtime(document.issued_at).year
    return f"documents/{year}/{secrets.token_urlsafe(18)}.pdf"


class DocumentCounter(models.Model):
    """The last number issued in a year; locked while a number is taken (dense per year)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class IssuedDocumentQuerySet(models.QuerySet):
    def active(self) -> "IssuedDocumentQuerySet":
        return self.filter(revoked_at__isnull=True)

    def of_holder(self, user) -> "IssuedDocumentQuerySet":
        return self.filter(holder=user).order_by("-issued_at")

    def of_source(self, source_type: str, source_id) -> "IssuedDocumentQuerySet":
        return self.filter(source_type=source_type, source_id=str(source_id))


class IssuedDocument(models.Model):
    """A signed PDF issued to a person by a mahalla or an organization.

    ``pdf`` is the signed file exactly as delivered; ``sha256`` is its digest, also recorded
    in the transparency ledger through the "document.issued" event.
    """

    number = models.CharField(_("number"), max_length=14, unique=True)
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="issued_documents",
                               verbose_name=_("holder"))
    holder_name = models.CharField(_("holder's name as printed"), max_length=200)
    issuer_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="issued_documents",
                                            verbose_name=_("issuing organization"))
    issuer_mahalla = models.ForeignKey(Mahalla, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="issued_documents",
                                       verbose_name=_("issuing mahalla"))
    issuer_name = models.CharField(_("issuer's name as printed"), max_length=300)
    signer_name = models.CharField(_("official's name as printed"), max_length=200, blank=True)
    signer_position = models.CharField(_("official's position as printed"), max_length=200,
                                       blank=True)
    # What the document was issued for (an application, an appeal): a generic pair, so this
    # app depends on no other app's models.
    source_type = models.CharField(_("source type"), max_length=64, blank=True)
    source_id = models.CharField(_("source id"), max_length=64, blank=True)
    pdf = models.FileField(_("signed PDF"), upload_to=pdf_path, max_length=200)
    sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64)
    signer_certificate = models.CharField(_("signing certificate"), max_length=500, blank=True)
    verification_code = models.CharField(_("verification code"), max_length=16,
                                         default=new_verification_code)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("revoked by"))
    issued_event = models.ForeignKey(DomainEvent, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("issuance event"))
    revoked_event = models.ForeignKey(DomainEvent, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("revocation event"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            models.CheckConstraint(condition=Q(number__regex=NUMBER_REGEX),
                                   name="issued_document_number_format"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                                   name="issued_document_sha256_hex"),
            models.CheckConstraint(
                condition=Q(issuer_organization__isnull=False) | Q(issuer_mahalla__isnull=False),
                name="issued_document_has_issuer"),
            # Revoked exactly when a revocation time and a reason are both recorded.
            models.CheckConstraint(
                condition=(Q(revoked_at__isnull=True, revoked_reason="")
                           | (Q(revoked_at__isnull=False) & ~Q(revoked_reason=""))),
                name="issued_document_revocation_complete"),
        ]
        indexes = [
            # services.verify(pdf_bytes=...): the document an uploaded file is.
            models.Index(fields=["sha256"], name="issued_document_sha256_idx"),
            # IssuedDocument.objects.of_holder(): "my documents", newest first.
            models.Index(fields=["holder", "issued_at"], name="issued_document_holder_idx"),
            # IssuedDocument.objects.of_source(): the documents issued for an application.
            models.Index(fields=["source_type", "source_id"], name="issued_document_source_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def verification_path(self) -> str:
        return f"/documents/v/{self.number}/{self.verification_code}/"

    @property
    def verification_url(self) -> str:
        return f"{settings.SITE_URL}{self.verification_path}"

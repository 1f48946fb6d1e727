"""E-services of the mahalla (forms as data) and residents' applications to them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mahalla.core.fields import EncryptedJSONField
from mahalla.core.models import LocalizedNameMixin, Mahalla, Role
from mahalla.documents.forms_schema import (
    answer_rows,
    field_names,
    validate_attachments_definition,
    validate_form_definition,
)

# Path segments under /services/ that a service code must not take.
RESERVED_CODES = {"mine", "staff", "files", "apply"}
# Who may be named as the deciding role of a service: mahalla staff or district officials.
DECIDING_ROLES = [(role.value, role.label) for role in Role
                  if role.value.startswith("mahalla_") or role == Role.DISTRICT_OFFICIAL]


def _not_reserved(code: str) -> None:
    if code in RESERVED_CODES:
        raise ValidationError(_("This code is reserved for a page address; choose another."))


class EServiceQuerySet(models.QuerySet):
    def active(self) -> "EServiceQuerySet":
        return self.filter(is_active=True)


class EService(LocalizedNameMixin):
    """One service of the catalogue: its form (data, not code), who decides, in how long."""

    code = models.CharField(
        _("code"), max_length=40, unique=True,
        validators=[RegexValidator(r"^[a-z][a-z0-9_]{1,39}$",
                                   _("Lower-case Latin letters, digits and “_”.")),
                    _not_reserved])
    description_uz = models.TextField(_("description (Uzbek, Latin)"), blank=True)
    description_uz_cyrl = models.TextField(_("description (Uzbek, Cyrillic)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    form = models.JSONField(_("form fields"), default=list,
                            validators=[validate_form_definition],
                            help_text=_("A list of field definitions; see docs/EDOCUMENTS.md."))
    attachments = models.JSONField(_("attachments asked for"), default=list, blank=True,
                                   validators=[validate_attachments_definition])
    decided_by = models.CharField(_("decided by"), max_length=32, choices=DECIDING_ROLES,
                                  default=Role.MAHALLA_CHAIRMAN)
    deadline_days = models.PositiveSmallIntegerField(
        _("decision within (working days)"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)])
    issues_document = models.CharField(
        _("issues the document"), max_length=40, blank=True,
        help_text=_("The kind of e-document issued on approval; empty when none."))
    reserves_date_field = models.CharField(
        _("one application per mahalla and day of the field"), max_length=40, blank=True,
        help_text=_("Name of a date field: a second application for the same day in the same "
                    "mahalla is refused (the mahalla hall)."))
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order in the catalogue"), default=100)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EServiceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("e-service")
        verbose_name_plural = _("e-services")
        constraints = [
            models.CheckConstraint(condition=Q(deadline_days__gte=1, deadline_days__lte=60),
                                   name="eservice_deadline_1_to_60_days"),
        ]

    @property
    def description(self) -> str:
        language = (get_language() or "uz").lower()
        by_language = {"uz-cyrl": self.description_uz_cyrl, "ru": self.description_ru,
                       "en": self.description_en}
        return by_language.get(language) or self.description_uz

    def clean(self) -> None:
        from mahalla.documents.certificates import BUILDERS

        errors = {}
        if self.reserves_date_field and isinstance(self.form, list) and \
                self.reserves_date_field not in field_names(self.form, "date"):
            errors["reserves_date_field"] = _("Name a date field of the form.")
        if self.issues_document:
            builder = BUILDERS.get(self.issues_document)
            if builder is None:
                errors["issues_document"] = _("Unknown document kind; known: %(kinds)s.") % {
                    "kinds": ", ".join(sorted(BUILDERS))}
            elif isinstance(self.form, list):
                missing = sorted(set(builder.needs) - field_names(self.form))
                if missing:
                    errors["form"] = _("This document needs the fields: %(names)s.") % {
                        "names": ", ".join(missing)}
        if errors:
            raise ValidationError(errors)


class ApplicationQuerySet(models.QuerySet):
    def running(self) -> "ApplicationQuerySet":
        """Waiting for staff: the deadline runs (not while the applicant is asked for more)."""
        return self.filter(status__in=Application.RUNNING_STATUSES)

    def overdue(self, now) -> "ApplicationQuerySet":
        return self.running().filter(due_at__lt=now)

    def holding_date(self) -> "ApplicationQuerySet":
        """Applications that keep their reserved day (everything but refused ones)."""
        return self.filter(reserved_date__isnull=False).exclude(
            status=Application.Status.REJECTED)


class Application(models.Model):
    """A resident's application to an e-service, with the answers to its form."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REGISTERED = "registered", _("Registered")
        IN_REVIEW = "in_review", _("In review")
        INFO_REQUESTED = "info_requested", _("Information requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        ISSUED = "issued", _("Document issued")

    RUNNING_STATUSES = (Status.SUBMITTED, Status.REGISTERED, Status.IN_REVIEW)
    OPEN_STATUSES = (*RUNNING_STATUSES, Status.INFO_REQUESTED)
    DECIDED_STATUSES = (Status.APPROVED, Status.REJECTED, Status.ISSUED)

    number = models.CharField(_("number"), max_length=20, unique=True)
    service = models.ForeignKey(EService, on_delete=models.PROTECT, related_name="applications",
                                verbose_name=_("service"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="service_applications",
                                  verbose_name=_("applicant"))
    mahalla = models.ForeignKey(Mahalla, on_delete=models.PROTECT, related_name="applications",
                                verbose_name=_("mahalla"))
    # Answers may hold a PINFL, a passport number, a phone: encrypted at rest, never queried.
    data = EncryptedJSONField(_("answers"), default=dict)
    # The form as it was when the application was sent: answers keep their labels and the
    # document its wording when an administrator later edits the service.
    form_snapshot = models.JSONField(default=list, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.SUBMITTED)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    due_at = models.DateTimeField(_("decision due"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    info_request = models.TextField(_("information requested"), blank=True)
    info_requested_at = models.DateTimeField(_("information requested at"), null=True,
                                             blank=True)
    info_response = models.TextField(_("applicant's answer"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    # The day this application holds (a hall booking), from the service's reserved date field.
    reserved_date = models.DateField(_("reserved day"), null=True, blank=True)
    document_number = models.CharField(_("issued document"), max_length=20, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(condition=Q(number__regex=r"^ARZ-[0-9]{4}-[0-9]{6}$"),
                                   name="application_number_format"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="application_rejection_has_reason"),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "rejected", "issued"])
                | Q(decided_at__isnull=False),
                name="application_decision_has_time"),
            models.CheckConstraint(condition=~Q(status="issued") | ~Q(document_number=""),
                                   name="application_issued_has_document"),
            # A day of the mahalla hall goes to one family: refused applications free it.
            models.UniqueConstraint(
                fields=["service", "mahalla", "reserved_date"],
                condition=Q(reserved_date__isnull=False) & ~Q(status="rejected"),
                name="application_one_booking_per_day"),
        ]
        indexes = [
            # Staff queue of a mahalla, by deadline; escalate_overdue_applications.
            models.Index(fields=["mahalla", "status", "due_at"], name="application_queue_idx"),
            models.Index(fields=["due_at"], name="application_running_due_idx",
                         condition=Q(status__in=["submitted", "registered", "in_review"])),
            # "My applications", newest first.
            models.Index(fields=["applicant", "-created_at"], name="application_mine_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, now=None) -> bool:
        return bool(self.status in self.RUNNING_STATUSES and self.due_at
                    and self.due_at < (now or timezone.now()))

    def answer_rows(self) -> list[tuple[str, str]]:
        return answer_rows(self.form_snapshot or self.service.form, self.data)


def attachment_path(attachment: "ApplicationAttachment", filename: str) -> str:
    year = timezone.localtime(attachment.created_at).year
    return f"applications/{year}/{filename}"


class ApplicationAttachment(models.Model):
    """A file sent with an application (checked by content: PDF, or a re-encoded photo)."""

    ADDITIONAL = "additional"  # kind of files sent in answer to a request for information

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="files", verbose_name=_("application"))
    kind = models.CharField(_("kind"), max_length=40)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.application_id}:{self.kind}:{self.pk}"

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class ApplicationStep(models.Model):
    """One step of an application's timeline; each also has its DomainEvent."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="steps")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    actor_role = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    is_internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.action}"


class ApplicationCounter(models.Model):
    """The last application number of a year, for dense ARZ-YYYY-NNNNNN numbers."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"

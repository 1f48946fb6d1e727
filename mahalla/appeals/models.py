"""Appeals (ariza, taklif, shikoyat) and problem reports: one model, one workflow."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalla.core.categories import Category
from mahalla.core.fields import EncryptedCharField, EncryptedEmailField, LookupHashField
from mahalla.core.models import District, Mahalla, Organization, Region
from mahalla.core.phone import phone_lookup_form


class AppealQuerySet(models.QuerySet):
    def open(self) -> "AppealQuerySet":
        return self.filter(status__in=Appeal.OPEN_STATUSES)

    def overdue(self, now) -> "AppealQuerySet":
        return self.open().filter(due_at__lt=now)

    def due_within(self, now, delta) -> "AppealQuerySet":
        return self.open().filter(due_at__gte=now, due_at__lt=now + delta)

    def public(self) -> "AppealQuerySet":
        return self.filter(kind=Appeal.Kind.PROBLEM_REPORT, is_public=True,
                           merged_into__isnull=True)


class Appeal(models.Model):
    class Kind(models.TextChoices):
        APPLICATION = "application", _("Application (ariza)")
        PROPOSAL = "proposal", _("Proposal (taklif)")
        COMPLAINT = "complaint", _("Complaint (shikoyat)")
        PROBLEM_REPORT = "problem_report", _("Problem report")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        REGISTERED = "registered", _("Registered")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        FORWARDED = "forwarded", _("Forwarded")
        REJECTED = "rejected", _("Rejected")
        DUPLICATE = "duplicate", _("Duplicate")
        NOT_CONSIDERED = "not_considered", _("Not considered (anonymous)")

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        API = "api", _("API")
        TELEGRAM = "telegram", _("Telegram")
        OPEN311 = "open311", _("Open311")
        STAFF = "staff", _("Entered by staff")

    class Contact(models.TextChoices):
        IN_APP = "in_app", _("In the app")
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        TELEGRAM = "telegram", _("Telegram")
        NONE = "none", _("Do not contact me")

    OPEN_STATUSES = (Status.RECEIVED, Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS,
                     Status.FORWARDED)

    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    text = models.TextField(_("text"))
    # Folded Latin/Cyrillic key of the text, for search in any script.
    search_key = models.TextField(blank=True, editable=False)
    # The place: its mahalla when known; otherwise the district's or the region's own queue
    # (a point far from every known mahalla). District and region are always kept in step
    # with the mahalla, so scope filters need no joins.
    mahalla = models.ForeignKey(Mahalla, on_delete=models.PROTECT, related_name="appeals",
                                null=True, blank=True, verbose_name=_("mahalla"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="appeals",
                                 null=True, blank=True, verbose_name=_("district"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="appeals",
                               verbose_name=_("region"))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="appeals", verbose_name=_("author"))
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    contact = models.CharField(_("contact channel"), max_length=10, choices=Contact.choices,
                               default=Contact.IN_APP)
    consent_at = models.DateTimeField(_("consent to personal-data processing"), null=True,
                                      blank=True)
    channel = models.CharField(_("received through"), max_length=10, choices=Channel.choices,
                               default=Channel.WEB)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.RECEIVED)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices,
                                default=Priority.NORMAL)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="appeals",
                                     verbose_name=_("responsible organization"))
    executor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="assigned_appeals",
                                 verbose_name=_("executor"))
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    # Art. 28: up to one month when extra study, checks or documents are needed.
    extra_study = models.BooleanField(_("extra study needed"), default=False)
    extended = models.BooleanField(_("deadline extended"), default=False)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="duplicates", verbose_name=_("merged into"))
    is_public = models.BooleanField(_("published after moderation"), default=False)
    supporters_count = models.PositiveIntegerField(_("supporters"), default=0)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # Private tracking link: only a keyed hash of the token is stored.
    tracking_hash = models.CharField(max_length=64, unique=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="appeal_rating_1_to_5"),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True, longitude__isnull=True)
                           | Q(latitude__gte=37.1, latitude__lte=45.6,
                               longitude__gte=55.9, longitude__lte=73.2)),
                name="appeal_point_in_uzbekistan"),
            models.CheckConstraint(condition=~Q(merged_into=F("id")),
                                   name="appeal_not_merged_into_self"),
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(author__isnull=True),
                name="appeal_anonymous_has_no_author"),
            models.CheckConstraint(
                condition=Q(mahalla__isnull=True) | Q(district__isnull=False),
                name="appeal_mahalla_has_district"),
        ]
        indexes = [
            # escalate_overdue / remind_due_soon: open appeals by deadline.
            models.Index(fields=["due_at"], name="appeal_open_due_idx",
                         condition=Q(status__in=["received", "registered", "assigned",
                                                 "in_progress", "forwarded"])),
            # Staff queue of an organization, newest first.
            models.Index(fields=["organization", "status", "-created_at"],
                         name="appeal_org_queue_idx"),
            # Mahalla queue (no organization) and mahalla filters.
            models.Index(fields=["mahalla", "status", "-created_at"],
                         name="appeal_mahalla_queue_idx"),
            # Nearby open reports of a category (duplicate suggestion, public map).
            models.Index(fields=["category", "latitude", "longitude"], name="appeal_nearby_idx"),
            # The staff queue's first page by deadline within a district / mahalla / body
            # (selectors.staff_queue): an ordered index scan instead of sorting the whole queue.
            models.Index(fields=["district", "due_at", "-created_at"],
                         name="appeal_district_due_idx"),
            models.Index(fields=["mahalla", "due_at", "-created_at"],
                         name="appeal_mahalla_due_idx"),
            models.Index(fields=["organization", "due_at", "-created_at"],
                         name="appeal_org_due_idx"),
            # The public map and /api/v1/public/reports: published reports only, newest first.
            models.Index(fields=["category", "-created_at"], name="appeal_public_idx",
                         condition=Q(is_public=True)),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        # District and region follow the mahalla, whoever creates the row.
        if self.mahalla_id and (self.district_id is None or self.region_id is None):
            self.district_id = self.mahalla.district_id
            self.region_id = self.mahalla.district.region_id
        super().save(*args, **kwargs)

    @property
    def origin(self) -> "AppealSource | None":
        """The outside system or device that sent the appeal, if one did."""
        try:
            return self.source
        except ObjectDoesNotExist:
            return None

    @property
    def place(self):
        """The most specific territory the appeal belongs to."""
        return self.mahalla or self.district or self.region

    @property
    def place_name(self) -> str:
        if self.mahalla_id:
            return self.mahalla.name
        if self.district_id:
            return _("%(name)s (district queue)") % {"name": self.district.name}
        return _("%(name)s (region queue)") % {"name": self.region.name}

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, now=None) -> bool:
        return bool(self.is_open and self.due_at and self.due_at < (now or timezone.now()))


class AppealPhoto(models.Model):
    class Stage(models.TextChoices):
        REPORT = "report", _("With the report")
        RESULT = "result", _("Result of the work")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.REPORT)
    image = models.ImageField(upload_to="appeals/%Y/%m/")
    thumbnail = models.ImageField(upload_to="appeals/%Y/%m/thumbs/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    is_public = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal_id}:{self.stage}:{self.pk}"


class AppealStep(models.Model):
    """One step of an appeal's timeline: who did what, when, and why (public or internal)."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Visible to the applicant")
        INTERNAL = "internal", _("Staff only")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    actor_role = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    visibility = models.CharField(max_length=8, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal_id}:{self.action}"


class AppealSupport(models.Model):
    """"Me too": a resident confirms the same problem."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["appeal", "user"],
                                               name="appeal_support_once")]

    def __str__(self) -> str:
        return f"{self.appeal_id}:{self.user_id}"


class NonWorkingDay(models.Model):
    """A public holiday or extra day off: deadlines in working days skip it."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    # A working Saturday moved from a weekday: set True to count a weekend day as working.
    is_working_weekend = models.BooleanField(_("working day moved to a weekend"), default=False)

    class Meta:
        ordering = ["date"]
        verbose_name = _("non-working day")
        verbose_name_plural = _("non-working days")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class ServiceLevel(models.Model):
    """A category's own answer time (a gas leak: hours), shorter than the legal default."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    priority = models.CharField(_("priority"), max_length=10, choices=Appeal.Priority.choices)
    hours = models.PositiveIntegerField(_("hours to answer"))

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")
        constraints = [models.UniqueConstraint(fields=["category", "priority"],
                                               name="service_level_unique")]

    def __str__(self) -> str:
        return f"{self.category}/{self.priority}: {self.hours} h"


class AppealCounter(models.Model):
    """The last number issued per year, for MAH-YYYY-NNNNNN numbers without gaps from races."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class AppealSource(models.Model):
    """Who sent an appeal from outside: an integration key, a device, an Open311 client.

    The reporter's name, email and phone are personal data: shown to staff who may see the
    appeal, never in public output, never in the ledger; email and phone encrypted at rest.
    """

    appeal = models.OneToOneField(Appeal, on_delete=models.CASCADE, related_name="source")
    api_key = models.ForeignKey("integrations.ApiKey", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="appeals",
                                verbose_name=_("integration key"))
    device_id = models.CharField(_("device"), max_length=100, blank=True)
    account_id = models.CharField(_("account in the sending system"), max_length=100,
                                  blank=True)
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    # Encrypted at rest; the phone's hash (same convention as User.phone_hash) finds the
    # reports of one person without decrypting.
    reporter_email = EncryptedEmailField(_("reporter's email"), blank=True)
    reporter_phone = EncryptedCharField(_("reporter's phone"), max_length=32, blank=True)
    reporter_phone_hash = LookupHashField(source="reporter_phone", purpose="phone",
                                          normalize=phone_lookup_form, null=True,
                                          db_index=True)
    media_urls = models.JSONField(_("media links"), default=list, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    # Open311 token: lets the client find its request id again.
    token = models.CharField(max_length=40, unique=True)
    machine_reported = models.BooleanField(_("reported by a device"), default=False)
    repeat_count = models.PositiveIntegerField(_("repeated reports"), default=0)
    last_reported_at = models.DateTimeField(_("last reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("appeal source")
        verbose_name_plural = _("appeal sources")
        indexes = [models.Index(fields=["api_key", "device_id"], name="appeal_source_device_idx")]

    def __str__(self) -> str:
        return f"{self.appeal_id}:{self.device_id or self.account_id or self.api_key_id}"

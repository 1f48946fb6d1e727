"""Territory, organizations, people and the domain event journal."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mahalla.core.categories import Category
from mahalla.core.fields import (
    EncryptedCharField,
    EncryptedEmailField,
    LookupHashField,
    unique_hash_errors,
)
from mahalla.core.phone import E164_UZ_VALIDATOR, format_phone, phone_lookup_form


class LocalizedNameMixin(models.Model):
    """Names in the four interface languages; `name` picks the active one."""

    name_uz = models.CharField(_("name (Uzbek, Latin)"), max_length=200)
    name_uz_cyrl = models.CharField(_("name (Uzbek, Cyrillic)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "uz").lower()
        by_language = {"uz-cyrl": self.name_uz_cyrl, "ru": self.name_ru, "en": self.name_en}
        return by_language.get(language) or self.name_uz


class Region(LocalizedNameMixin):
    """A top-level unit: a viloyat, the Republic of Karakalpakstan or Tashkent city."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        REPUBLIC = "republic", _("Republic")
        CITY = "city", _("City")

    soato = models.CharField(_("SOATO code"), max_length=4, unique=True)
    iso = models.CharField(_("ISO 3166-2 code"), max_length=5, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["soato"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(condition=Q(soato__regex=r"^17\d{2}$"),
                                   name="region_soato_4_digits"),
        ]


class District(LocalizedNameMixin):
    """A district (tuman) or a city of regional subordination."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        CITY = "city", _("City")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts",
                               verbose_name=_("region"))
    # 7 digits; the city districts inside Namangan city carry 10-digit settlement codes.
    soato = models.CharField(_("SOATO code"), max_length=10, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["soato"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.CheckConstraint(condition=Q(soato__regex=r"^17\d{5}(\d{3})?$"),
                                   name="district_soato_7_or_10_digits"),
        ]


class MahallaQuerySet(models.QuerySet):
    def search(self, query: str) -> "MahallaQuerySet":
        from mahalla.core.text import search_terms

        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_key__contains=term)
        return qs


class Mahalla(LocalizedNameMixin):
    """A mahalla citizens' assembly: a self-government body serving a neighbourhood."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="mahallas",
                                 verbose_name=_("district"))
    code = models.CharField(_("code"), max_length=20, unique=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True,
                                    blank=True)
    # Folded Latin/Cyrillic/old-spelling key of every name, for search in any script.
    search_key = models.CharField(max_length=900, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MahallaQuerySet.as_manager()

    class Meta:
        ordering = ["district__soato", "name_uz"]
        verbose_name = _("mahalla")
        verbose_name_plural = _("mahallas")

    def save(self, *args, **kwargs):
        from mahalla.core.text import search_key

        self.search_key = search_key(" ".join(
            filter(None, [self.name_uz, self.name_uz_cyrl, self.name_ru, self.name_en])))
        super().save(*args, **kwargs)


class Organization(LocalizedNameMixin):
    """A responsible body: a utility, an agency, a hokimiyat department or a mahalla itself."""

    class Kind(models.TextChoices):
        MAHALLA = "mahalla", _("Mahalla")
        HOKIMIYAT = "hokimiyat", _("Hokimiyat department")
        UTILITY = "utility", _("Utility")
        AGENCY = "agency", _("State agency")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # The territory the body belongs to; at most one level is set.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="organizations", verbose_name=_("region"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="organizations", verbose_name=_("district"))
    mahalla = models.ForeignKey(Mahalla, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="organizations", verbose_name=_("mahalla"))
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=13, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_uz"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")


class ServiceAreaQuerySet(models.QuerySet):
    def covering(self, *, category: str, place) -> "ServiceAreaQuerySet":
        """Areas serving this category at a mahalla, district or region, most specific first.

        For a district (no mahalla known) only district- and region-wide areas apply; for a
        region only region-wide ones.
        """
        territory = Q(pk__in=[])
        if isinstance(place, Mahalla):
            territory |= Q(mahalla=place)
            place = place.district
        if isinstance(place, District):
            territory |= Q(mahalla__isnull=True, district=place)
            place = place.region
        territory |= Q(mahalla__isnull=True, district__isnull=True, region=place)
        return (
            self.filter(category=category, organization__is_active=True)
            .filter(territory)
            .annotate(specificity=models.Case(
                models.When(mahalla__isnull=False, then=3),
                models.When(district__isnull=False, then=2),
                default=1,
            ))
            .order_by("-specificity", "id")
        )


class ServiceArea(models.Model):
    """What an organization serves: one category over one territory (region, district, mahalla)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="service_areas", verbose_name=_("organization"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True,
                               verbose_name=_("region"))
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, blank=True,
                                 verbose_name=_("district"))
    mahalla = models.ForeignKey(Mahalla, on_delete=models.CASCADE, null=True, blank=True,
                                verbose_name=_("mahalla"))

    objects = ServiceAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False) | Q(district__isnull=False)
                | Q(mahalla__isnull=False),
                name="service_area_has_territory",
            ),
            # One row per organization, category and territory (each level on its own, since
            # SQLite cannot compare NULLs in one unique constraint).
            models.UniqueConstraint(fields=["organization", "category", "mahalla"],
                                    condition=Q(mahalla__isnull=False),
                                    name="service_area_unique_mahalla"),
            models.UniqueConstraint(fields=["organization", "category", "district"],
                                    condition=Q(mahalla__isnull=True, district__isnull=False),
                                    name="service_area_unique_district"),
            models.UniqueConstraint(fields=["organization", "category", "region"],
                                    condition=Q(mahalla__isnull=True, district__isnull=True),
                                    name="service_area_unique_region"),
        ]
        indexes = [
            # ServiceArea.objects.covering(): routing looks up by category first.
            models.Index(fields=["category", "mahalla", "district", "region"],
                         name="service_area_routing_idx"),
        ]

    def __str__(self) -> str:
        territory = self.mahalla or self.district or self.region
        return f"{self.organization} · {self.get_category_display()} · {territory}"


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    MAHALLA_CHAIRMAN = "mahalla_chairman", _("Mahalla chairman")
    MAHALLA_HOKIM_ASSISTANT = "mahalla_hokim_assistant", _("Assistant to the district hokim")
    MAHALLA_WOMEN_LEADER = "mahalla_women_leader", _("Women's activist")
    MAHALLA_YOUTH_LEADER = "mahalla_youth_leader", _("Youth leader")
    MAHALLA_SOCIAL_WORKER = "mahalla_social_worker", _("Social worker")
    MAHALLA_PREVENTION_INSPECTOR = "mahalla_prevention_inspector", _("Prevention inspector")
    MAHALLA_TAX_INSPECTOR = "mahalla_tax_inspector", _("Tax inspector")
    ORG_DISPATCHER = "org_dispatcher", _("Organization dispatcher")
    ORG_EXECUTOR = "org_executor", _("Organization executor")
    DISTRICT_OFFICIAL = "district_official", _("District official")
    REGION_OFFICIAL = "region_official", _("Region official")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


MAHALLA_STAFF_ROLES = frozenset({
    Role.MAHALLA_CHAIRMAN, Role.MAHALLA_HOKIM_ASSISTANT, Role.MAHALLA_WOMEN_LEADER,
    Role.MAHALLA_YOUTH_LEADER, Role.MAHALLA_SOCIAL_WORKER, Role.MAHALLA_PREVENTION_INSPECTOR,
    Role.MAHALLA_TAX_INSPECTOR,
})
ORGANIZATION_ROLES = frozenset({Role.ORG_DISPATCHER, Role.ORG_EXECUTOR})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, phone: str, password: str | None = None, **extra):
        from mahalla.core.phone import normalize_phone

        user = self.model(phone=normalize_phone(phone), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **extra):
        extra.setdefault("role", Role.ADMINISTRATOR)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: a resident by phone, or staff created by an administrator.

    Staff scope is the territory (mahalla ⊂ district ⊂ region) and organization set here;
    `mahalla.core.scope` is the one place that turns it into query filters.
    """

    # Encrypted at rest (mahalla.core.fields); unique and looked up through phone_hash.
    phone = EncryptedCharField(_("phone"), max_length=13, validators=[E164_UZ_VALIDATOR])
    phone_hash = LookupHashField(source="phone", purpose="phone", normalize=phone_lookup_form,
                                 unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    email = EncryptedEmailField(_("email"), blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.RESIDENT)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True,
                               verbose_name=_("region"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True,
                                 verbose_name=_("district"))
    mahalla = models.ForeignKey(Mahalla, on_delete=models.PROTECT, null=True, blank=True,
                                verbose_name=_("mahalla"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="staff",
                                     verbose_name=_("organization"))
    phone_verified_at = models.DateTimeField(_("phone confirmed at"), null=True, blank=True)
    # Confirmed together with identity (OneID, in person, household register); voter rolls
    # and age rules read it, so a self-declared date never counts.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    preferred_language = models.CharField(_("language"), max_length=8,
                                          choices=settings.LANGUAGES, default="uz")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the back office"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or format_phone(self.phone)

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        errors = unique_hash_errors(self, exclude)
        if errors:
            raise ValidationError(errors)

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)

    @property
    def is_resident(self) -> bool:
        return self.role == Role.RESIDENT

    @property
    def phone_verified(self) -> bool:
        return self.phone_verified_at is not None


class Verification(models.Model):
    """One way a resident's identity was confirmed (see mahalla.core.verification)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="verifications")
    method = models.CharField(_("method"), max_length=32)
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)
    verified_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "method"], condition=Q(revoked_at__isnull=True),
                                    name="verification_one_active_per_method"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.method}"


class PhoneOTP(models.Model):
    """A one-time code sent to confirm a phone number; only its hash is kept."""

    class Purpose(models.TextChoices):
        CONFIRM_PHONE = "confirm_phone", _("Confirm phone")

    phone = EncryptedCharField(max_length=13)
    phone_hash = LookupHashField(source="phone", purpose="phone", normalize=phone_lookup_form)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # services.accounts: the latest code for a phone, and sends in the last hour.
            models.Index(fields=["phone_hash", "purpose", "created_at"],
                         name="otp_phone_hash_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.phone}:{self.purpose}"


class DomainEvent(models.Model):
    """What happened, to which object, done by whom: written with the change, in one transaction.

    The transparency ledger turns each row into a Merkle leaf (hashes and ids only).
    """

    type = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_role = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    payload = models.JSONField(default=dict, blank=True)
    payload_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        indexes = [
            # Timelines: events of one object in order.
            models.Index(fields=["object_type", "object_id", "id"], name="event_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.object_type}:{self.object_id}"

"""Which body a staff member acts for in the document exchange, and who acts for a body.

A body is a `core.Organization`:
- organization staff (dispatcher, executor) act for `user.organization`;
- mahalla staff act for their mahalla's Organization(kind=mahalla, mahalla=...);
- district officials act for their district's Organization(kind=hokimiyat, district=...,
  no mahalla);
- residents, region officials, auditors and administrators act for no body (auditors and
  administrators read every journal, read-only).

The mahalla and district bodies are made on first use. Should an administrator have made
several rows of the same kind for one mahalla or district, the oldest is the body.
"""

from django.db import transaction
from django.db.models import Q, QuerySet

from mahalla.core.models import (
    MAHALLA_STAFF_ROLES,
    ORGANIZATION_ROLES,
    District,
    Mahalla,
    Organization,
    Role,
    User,
)

MAHALLA_BODY_NAMES = ("{} MFY", "{} МФЙ", "Махалля «{}»", "{} mahalla")
DISTRICT_BODY_NAMES = ("{} hokimligi", "{} ҳокимлиги", "Хокимият: {}", "{} administration")
NAME_FIELDS = ("name_uz", "name_uz_cyrl", "name_ru", "name_en")


def _names(place, patterns: tuple[str, ...]) -> dict[str, str]:
    names = {}
    for field, pattern in zip(NAME_FIELDS, patterns, strict=True):
        own = getattr(place, field) or place.name_uz
        names[field] = pattern.format(own)[:200]
    return names


def _mahalla_bodies(mahalla_id: int) -> QuerySet:
    return Organization.objects.filter(kind=Organization.Kind.MAHALLA,
                                       mahalla_id=mahalla_id).order_by("pk")


def _district_bodies(district_id: int) -> QuerySet:
    return Organization.objects.filter(kind=Organization.Kind.HOKIMIYAT, district_id=district_id,
                                       mahalla__isnull=True).order_by("pk")


def body_for_mahalla(mahalla: Mahalla, *, create: bool = True) -> Organization | None:
    """The mahalla's own body, made (named after the mahalla) when it has none yet."""
    body = _mahalla_bodies(mahalla.pk).first()
    if body is not None or not create:
        return body
    with transaction.atomic():
        # The mahalla row's lock makes two first uses at once make one body, not two.
        Mahalla.objects.select_for_update().filter(pk=mahalla.pk).first()
        body = _mahalla_bodies(mahalla.pk).first()
        if body is None:
            body = Organization.objects.create(kind=Organization.Kind.MAHALLA, mahalla=mahalla,
                                               **_names(mahalla, MAHALLA_BODY_NAMES))
    return body


def body_for_district(district: District, *, create: bool = True) -> Organization | None:
    """The district hokimiyat, made (named after the district) when it has none yet."""
    body = _district_bodies(district.pk).first()
    if body is not None or not create:
        return body
    with transaction.atomic():
        District.objects.select_for_update().filter(pk=district.pk).first()
        body = _district_bodies(district.pk).first()
        if body is None:
            body = Organization.objects.create(kind=Organization.Kind.HOKIMIYAT,
                                               district=district,
                                               **_names(district, DISTRICT_BODY_NAMES))
    return body


def body_of(user: User, *, create: bool = True) -> Organization | None:
    """The body `user` acts for, or None (residents, auditors, staff without a place).

    With `create=False` nothing is written: a mahalla or district that never used the exchange
    has no body yet, and so no letters either.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    role = user.role
    if role in ORGANIZATION_ROLES and user.organization_id:
        return user.organization
    if role in MAHALLA_STAFF_ROLES and user.mahalla_id:
        return body_for_mahalla(user.mahalla, create=create)
    if role == Role.DISTRICT_OFFICIAL and user.district_id:
        return body_for_district(user.district, create=create)
    return None


def acts_for(user: User, body: Organization) -> bool:
    found = body_of(user, create=False)
    return found is not None and found.pk == body.pk


def staff_of(body: Organization) -> QuerySet:
    """The active people who act for `body` (the inverse of `body_of`)."""
    people = Q(role__in=ORGANIZATION_ROLES, organization=body.pk)
    if body.kind == Organization.Kind.MAHALLA and body.mahalla_id \
            and _mahalla_bodies(body.mahalla_id).values_list("pk", flat=True).first() == body.pk:
        people |= Q(role__in=MAHALLA_STAFF_ROLES, mahalla=body.mahalla_id)
    if body.kind == Organization.Kind.HOKIMIYAT and body.district_id and not body.mahalla_id \
            and _district_bodies(body.district_id).values_list("pk", flat=True).first() == body.pk:
        people |= Q(role=Role.DISTRICT_OFFICIAL, district=body.district_id)
    return User.objects.filter(people, is_active=True).order_by("pk")


def parse_recipient_values(values) -> dict[str, set[int]]:
    """Recipient choices "o<organization>", "m<mahalla>", "d<district>" by their letter."""
    parsed: dict[str, set[int]] = {"o": set(), "m": set(), "d": set()}
    for value in values or ():
        value = str(value)
        if value[:1] in parsed and value[1:].isdigit() and len(value) < 20:
            parsed[value[0]].add(int(value[1:]))
    return parsed


def resolve_recipient(value: str) -> Organization | None:
    """The body behind a recipient choice; a mahalla's or district's body is made if needed."""
    parsed = parse_recipient_values([value])
    if parsed["o"]:
        return Organization.objects.filter(pk=parsed["o"].pop()).first()
    if parsed["m"]:
        mahalla = Mahalla.objects.filter(pk=parsed["m"].pop(), is_active=True).first()
        return body_for_mahalla(mahalla) if mahalla else None
    if parsed["d"]:
        district = District.objects.filter(pk=parsed["d"].pop()).first()
        return body_for_district(district) if district else None
    return None

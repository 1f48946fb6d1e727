"""Who may do what in discussions, the reception and ratings: one module, read by services
and views alike.

- Reading discussions is public. Commenting needs a confirmed phone and a home mahalla equal
  to the topic's (or being its mahalla staff); starting a topic needs identity verified
  (OneID, in person, household register) or being the mahalla's staff.
- Moderators of a mahalla's discussions are its own staff (and administrators).
- Officials who publish reception slots: mahalla staff, district officials and organization
  dispatchers (the organization's head of the queue); what they see follows `core.scope`.
- Residents book slots of their own mahalla, of its district, or of an organization serving
  it (or serving no particular territory).
"""

from django.db.models import Q

from mahalla.core.models import MAHALLA_STAFF_ROLES, Mahalla, Role, User
from mahalla.core.scope import ScopePaths, scope_queryset
from mahalla.core.verification import Level, has_level

COMMENT_LEVEL = Level.PHONE
TOPIC_LEVEL = Level.IDENTITY
BOOKING_LEVEL = Level.PHONE
HOST_ROLES = frozenset(MAHALLA_STAFF_ROLES | {Role.DISTRICT_OFFICIAL, Role.ORG_DISPATCHER})
SLOT_PATHS = ScopePaths(mahalla="mahalla", district="district", region="district__region",
                        organization="organization")
MAHALLA_PATHS = ScopePaths(mahalla="pk", district="district", region="district__region")


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_moderator(user: User, mahalla_id: int) -> bool:
    """The mahalla's own staff (or an administrator) moderate its discussions."""
    if not _active(user):
        return False
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return True
    return user.role in MAHALLA_STAFF_ROLES and user.mahalla_id == mahalla_id


def moderated_mahallas(user: User):
    if not _active(user):
        return Mahalla.objects.none()
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return Mahalla.objects.all()
    if user.role in MAHALLA_STAFF_ROLES and user.mahalla_id:
        return Mahalla.objects.filter(pk=user.mahalla_id)
    return Mahalla.objects.none()


def is_home_resident(user: User, mahalla_id: int) -> bool:
    return _active(user) and user.role == Role.RESIDENT and user.mahalla_id == mahalla_id


def may_comment_level(user: User) -> bool:
    return has_level(user, COMMENT_LEVEL)


def may_start_topic_level(user: User) -> bool:
    return has_level(user, TOPIC_LEVEL)


def is_host(user: User) -> bool:
    return _active(user) and user.role in HOST_ROLES


def visible_slots(user: User, queryset):
    """Slots a staff member may see: their scope (an organization's by organization)."""
    return scope_queryset(user, queryset, SLOT_PATHS)


def manages_slot(user: User, slot) -> bool:
    """The host, or staff whose scope covers the slot's body (the mahalla's chairman, the
    district's officials, the organization's dispatchers), may record outcomes."""
    if not _active(user):
        return False
    if slot.host_id == user.pk:
        return True
    if user.role == Role.AUDITOR:
        return False
    if user.role not in HOST_ROLES | {Role.ADMINISTRATOR} and not user.is_superuser:
        return False
    from mahalla.participation.community.models import ReceptionSlot

    return visible_slots(user, ReceptionSlot.objects.filter(pk=slot.pk)).exists()


def bookable_filter(user: User) -> Q:
    """Slots a resident may book: their mahalla's, their district's, and organizations'
    serving their territory (or no particular territory)."""
    if not _active(user) or user.role != Role.RESIDENT or not user.mahalla_id:
        return Q(pk__in=[])
    mahalla = user.mahalla
    district_id = mahalla.district_id
    region_id = mahalla.district.region_id
    serving = (Q(organization__mahalla=mahalla.pk)
               | Q(organization__district=district_id, organization__mahalla__isnull=True)
               | Q(organization__region=region_id, organization__district__isnull=True,
                   organization__mahalla__isnull=True)
               | Q(organization__isnull=False, organization__region__isnull=True,
                   organization__district__isnull=True, organization__mahalla__isnull=True))
    return Q(mahalla=mahalla.pk) | Q(district=district_id) | serving

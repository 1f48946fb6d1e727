"""Who may do what to an appeal: one table of actions and the roles that own them.

Seeing an appeal is a matter of scope (mahalla.core.scope); acting on it also needs the
role that owns the action, and for organization staff the appeal must be their body's.
"""

from mahalla.appeals.models import Appeal
from mahalla.core.models import MAHALLA_STAFF_ROLES, Role, User
from mahalla.core.scope import ScopePaths, scope_queryset

APPEAL_PATHS = ScopePaths(mahalla="mahalla", district="district", region="region",
                          organization="organization")

MANAGERS = {Role.ORG_DISPATCHER, Role.DISTRICT_OFFICIAL, Role.REGION_OFFICIAL,
            Role.ADMINISTRATOR, Role.MAHALLA_CHAIRMAN}
WORKERS = MANAGERS | {Role.ORG_EXECUTOR} | set(MAHALLA_STAFF_ROLES)

ACTION_ROLES: dict[str, set[str]] = {
    "assign": MANAGERS,
    "start": WORKERS,
    "answer": WORKERS,
    "comment": WORKERS,
    "close": MANAGERS,
    "forward": MANAGERS,
    "reject": MANAGERS,
    "merge": MANAGERS,
    "extend": MANAGERS,
    "extra_study": MANAGERS,
    "moderate": MANAGERS,
    "set_priority": MANAGERS,
    "set_category": MANAGERS,
}


def visible_appeals(user: User):
    """The appeals a staff member may see (residents see their own through `own_appeals`)."""
    return scope_queryset(user, Appeal.objects.all(), APPEAL_PATHS)


def own_appeals(user: User):
    return Appeal.objects.filter(author=user) if user.is_authenticated else Appeal.objects.none()


def territory_staff(appeal: Appeal):
    """Who works an appeal no organization took: its mahalla's staff, or, when only its district
    or region is known, that body's officials."""
    people = User.objects.filter(is_active=True)
    if appeal.mahalla_id:
        return people.filter(mahalla=appeal.mahalla_id).exclude(role=Role.RESIDENT)
    if appeal.district_id:
        return people.filter(district=appeal.district_id, role=Role.DISTRICT_OFFICIAL)
    return people.filter(region=appeal.region_id, role=Role.REGION_OFFICIAL)


def can_view(user: User, appeal: Appeal) -> bool:
    if user.is_authenticated and appeal.author_id == user.pk:
        return True
    return visible_appeals(user).filter(pk=appeal.pk).exists()


def can(user: User, action: str, appeal: Appeal) -> bool:
    """May `user` perform `action` on `appeal` as staff?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role not in ACTION_ROLES.get(action, set()) and not user.is_superuser:
        return False
    if not visible_appeals(user).filter(pk=appeal.pk).exists():
        return False
    if user.role == Role.ORG_EXECUTOR:
        return appeal.executor_id == user.pk
    if user.role in MAHALLA_STAFF_ROLES:
        # The mahalla works what no organization took (its own queue) or what it was given.
        return appeal.organization_id is None or appeal.executor_id == user.pk
    return True

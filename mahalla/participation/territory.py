"""Who belongs where: residents' home territory and the territories staff may act for.

Staff scope itself is `core.scope`; this module only applies it to participation objects and
lists the territories a staff member may address a questionnaire or a vote to.
"""

from django.utils.translation import gettext as _

from mahalla.core.exceptions import DomainError, NotFound, PermissionDenied
from mahalla.core.models import MAHALLA_STAFF_ROLES, District, Mahalla, Region, Role, User
from mahalla.core.scope import is_global_viewer, is_staff_role, scope_queryset
from mahalla.core.verification import Level as VerificationLevel
from mahalla.core.verification import has_level
from mahalla.participation.models import ADDRESSED_PATHS, ELECTION_PATHS, Election, Level


def home_mahalla(user: User) -> Mahalla | None:
    if not user.is_authenticated or user.role != Role.RESIDENT or not user.mahalla_id:
        return None
    return Mahalla.objects.select_related("district__region").get(pk=user.mahalla_id)


def require_verified_resident(user: User, level: VerificationLevel) -> Mahalla:
    """The resident's home mahalla, or a refusal saying what is missing."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to do this."))
    if user.role != Role.RESIDENT:
        raise PermissionDenied(_("Only residents take part in this."))
    if not has_level(user, level):
        raise PermissionDenied(_("Confirm your identity first (OneID, or in person at your "
                                 "mahalla)."))
    mahalla = home_mahalla(user)
    if mahalla is None:
        raise DomainError(_("Choose your mahalla in your profile first."), field="mahalla")
    return mahalla


def addressed_fields(level: str, mahalla: Mahalla | None = None,
                     district: District | None = None, region: Region | None = None) -> dict:
    """Model fields for a territory at `level`, filled up the hierarchy."""
    if level == Level.MAHALLA:
        if mahalla is None:
            raise DomainError(_("Choose a mahalla."), field="target")
        return {"level": level, "mahalla": mahalla, "district": mahalla.district,
                "region": mahalla.district.region}
    if level == Level.DISTRICT:
        district = district or (mahalla.district if mahalla else None)
        if district is None:
            raise DomainError(_("Choose a district."), field="target")
        return {"level": level, "mahalla": None, "district": district, "region": district.region}
    if level == Level.REGION:
        region = region or (district.region if district else None) or (
            mahalla.district.region if mahalla else None)
        if region is None:
            raise DomainError(_("Choose a region."), field="target")
        return {"level": level, "mahalla": None, "district": None, "region": region}
    raise DomainError(_("Choose who the petition is addressed to."), field="level")


def can_act_as_staff(user: User) -> bool:
    """Staff who may change things (auditors only read)."""
    return is_staff_role(user) and user.is_active and user.role != Role.AUDITOR


def in_scope(user: User, obj) -> bool:
    paths = ELECTION_PATHS if isinstance(obj, Election) else ADDRESSED_PATHS
    return scope_queryset(user, type(obj).objects.filter(pk=obj.pk), paths).exists()


def require_staff_for(user: User, obj) -> None:
    """Staff (not auditors) whose scope covers `obj`; others are told it does not exist."""
    if not is_staff_role(user) or not in_scope(user, obj):
        raise NotFound(_("Not found."))
    if not can_act_as_staff(user):
        raise PermissionDenied(_("Your role may only read."))


def staff_targets(user: User) -> list[tuple[str, str]]:
    """("m:<id>" | "d:<id>" | "r:<id>", name) the staff member may address."""
    if not can_act_as_staff(user):
        return []
    if user.role in MAHALLA_STAFF_ROLES and user.mahalla_id:
        return [(f"m:{user.mahalla_id}", str(user.mahalla))]
    if user.role == Role.DISTRICT_OFFICIAL and user.district_id:
        mahallas = Mahalla.objects.filter(district=user.district_id, is_active=True)
        return [(f"d:{user.district_id}", str(user.district))] + [
            (f"m:{m.pk}", str(m)) for m in mahallas]
    if user.role == Role.REGION_OFFICIAL and user.region_id:
        districts = District.objects.filter(region=user.region_id)
        return [(f"r:{user.region_id}", str(user.region))] + [
            (f"d:{d.pk}", str(d)) for d in districts]
    if is_global_viewer(user):
        return [(f"r:{r.pk}", str(r)) for r in Region.objects.all()] + [
            (f"d:{d.pk}", str(d)) for d in District.objects.select_related("region")]
    return []


def resolve_target(user: User, target: str, *, mahalla_only: bool = False) -> dict:
    """Addressed fields for a target the staff member may use; anything else is refused."""
    if not can_act_as_staff(user):
        raise PermissionDenied(_("Your role may only read."))
    allowed = dict(staff_targets(user))
    # District officials and administrators may also name any mahalla in their scope.
    if ((user.role == Role.DISTRICT_OFFICIAL or is_global_viewer(user))
            and target.startswith("m:") and target[2:].isdigit()):
        mahalla = Mahalla.objects.filter(pk=int(target[2:])).first()
        if mahalla and (is_global_viewer(user) or mahalla.district_id == user.district_id):
            allowed[target] = str(mahalla)
    if target not in allowed:
        raise DomainError(_("Choose a territory you work for."), field="target")
    kind, pk = target.split(":", 1)
    if mahalla_only and kind != "m":
        raise DomainError(_("A vote is held in one mahalla: choose a mahalla."), field="target")
    if kind == "m":
        return addressed_fields(Level.MAHALLA, mahalla=Mahalla.objects.select_related(
            "district__region").get(pk=int(pk)))
    if kind == "d":
        return addressed_fields(Level.DISTRICT,
                                district=District.objects.select_related("region").get(pk=int(pk)))
    return addressed_fields(Level.REGION, region=Region.objects.get(pk=int(pk)))

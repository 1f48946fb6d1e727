"""Territorial and organizational scope: the one place that decides what staff may see.

A mahalla's staff see their mahalla; district officials their district; region officials their
region; organization staff what their organization serves or was given; auditors and
administrators everything (auditors read-only). Residents have no staff scope.
Every staff query goes through `scope_queryset`, never through its own filters.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from mahalla.core.models import MAHALLA_STAFF_ROLES, ORGANIZATION_ROLES, Role, User

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class ScopePaths:
    """How a model reaches the territory and organization: lookups relative to the model."""

    mahalla: str | None = "mahalla"
    district: str | None = "mahalla__district"
    region: str | None = "mahalla__district__region"
    organization: str | None = None


def is_global_viewer(user: User) -> bool:
    return user.is_superuser or user.role in {Role.ADMINISTRATOR, Role.AUDITOR}


def is_staff_role(user: User) -> bool:
    return user.is_authenticated and user.role != Role.RESIDENT


def scope_filter(user: User, paths: ScopePaths) -> Q:
    """A Q object restricting a model to what `user` may see as staff."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if is_global_viewer(user):
        return Q()
    role = user.role
    if role in MAHALLA_STAFF_ROLES and user.mahalla_id and paths.mahalla:
        return Q(**{paths.mahalla: user.mahalla_id})
    if role == Role.DISTRICT_OFFICIAL and user.district_id and paths.district:
        return Q(**{paths.district: user.district_id})
    if role == Role.REGION_OFFICIAL and user.region_id and paths.region:
        return Q(**{paths.region: user.region_id})
    if role in ORGANIZATION_ROLES and user.organization_id and paths.organization:
        return Q(**{paths.organization: user.organization_id})
    return NOTHING


def scope_queryset(user: User, queryset: QuerySet, paths: ScopePaths | None = None) -> QuerySet:
    """Filter `queryset` to the rows `user` may see as staff (empty for residents)."""
    return queryset.filter(scope_filter(user, paths or ScopePaths()))


def can_see_mahalla(user: User, mahalla_id: int) -> bool:
    from mahalla.core.models import Mahalla

    return scope_queryset(user, Mahalla.objects.filter(pk=mahalla_id),
                          ScopePaths(mahalla="pk", district="district",
                                     region="district__region")).exists()

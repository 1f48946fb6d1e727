"""Reads of appeals: the staff queue with its filters, timelines, the public map."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from mahalla.appeals.models import Appeal, AppealStep
from mahalla.appeals.permissions import own_appeals, territory_staff, visible_appeals
from mahalla.core.models import (
    MAHALLA_STAFF_ROLES,
    ORGANIZATION_ROLES,
    Mahalla,
    Organization,
    Role,
    User,
)
from mahalla.core.text import search_terms

SORTS = {
    "deadline": ("due_at", "-created_at"),
    "-deadline": ("-due_at", "-created_at"),
    "newest": ("-created_at",),
    "oldest": ("created_at",),
    "priority": ("priority_rank", "due_at"),
}


@dataclass
class QueueFilters:
    status: str = ""
    category: str = ""
    mahalla: str = ""  # mahalla code
    organization: int | None = None
    overdue: bool = False
    mine: bool = False
    q: str = ""
    sort: str = "deadline"


def staff_queue(user: User, filters: QueueFilters, now=None) -> QuerySet:
    """The appeals `user` may see as staff, filtered and sorted for the work queue."""
    now = now or timezone.now()
    qs = visible_appeals(user).select_related("mahalla", "district", "region", "organization",
                                              "executor", "source")
    if filters.status == "open":
        qs = qs.open()
    elif filters.status in Appeal.Status.values:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.mahalla:
        qs = qs.filter(mahalla__code=filters.mahalla)
    if filters.organization:
        qs = qs.filter(organization_id=filters.organization)
    if filters.overdue:
        qs = qs.overdue(now)
    if filters.mine:
        qs = qs.filter(executor=user)
    for term in search_terms(filters.q):
        qs = qs.filter(Q(search_key__contains=term) | Q(number__icontains=term))
    if filters.sort == "priority":
        from django.db.models import Case, IntegerField, Value, When

        qs = qs.annotate(priority_rank=Case(
            When(priority=Appeal.Priority.CRITICAL, then=Value(0)),
            When(priority=Appeal.Priority.HIGH, then=Value(1)),
            default=Value(2), output_field=IntegerField()))
    return qs.order_by(*SORTS.get(filters.sort, SORTS["deadline"]))


def residents_appeals(user: User) -> QuerySet:
    return own_appeals(user).select_related("mahalla", "district", "region", "organization")


def timeline(appeal: Appeal, *, staff: bool) -> QuerySet:
    """Steps of the appeal; internal notes only for staff."""
    steps = appeal.steps.select_related("actor")
    if not staff:
        steps = steps.filter(visibility=AppealStep.Visibility.PUBLIC)
    return steps


def public_reports(*, category: str = "", district_soato: str = "") -> QuerySet:
    """Moderated problem reports for the public map: never personal data."""
    qs = Appeal.objects.public().filter(latitude__isnull=False).select_related(
        "mahalla", "district", "region")
    if category:
        qs = qs.filter(category=category)
    if district_soato:
        qs = qs.filter(district__soato=district_soato)
    names = [f"{place}__{field}" for place in ("mahalla", "district", "region")
             for field in ("name_uz", "name_uz_cyrl", "name_ru", "name_en")]
    return qs.only("number", "category", "status", "text", "latitude", "longitude",
                   "created_at", "supporters_count", "mahalla_id", "district_id", "region_id",
                   *names)


def find_by_tracking_token(token: str) -> Appeal | None:
    from mahalla.appeals.services.common import tracking_hash

    if not token or len(token) > 100:
        return None
    return Appeal.objects.filter(tracking_hash=tracking_hash(token)).first()


def executors_for(appeal: Appeal) -> QuerySet:
    """Who an appeal may be given to: the responsible body's staff, else the mahalla's staff."""
    people = User.objects.filter(is_active=True).order_by("full_name", "pk")
    if appeal.organization_id:
        return people.filter(organization=appeal.organization_id, role__in=ORGANIZATION_ROLES)
    return territory_staff(appeal).order_by("full_name", "pk")


def bulk_executors(user: User) -> QuerySet:
    """Executors for bulk assignment: staff of the person's own body and of the bodies and
    mahallas in their queue (the service still checks each appeal)."""
    mahalla_staff = Q(organization__isnull=True) & ~Q(role__in=[Role.RESIDENT, Role.AUDITOR])
    # Bodies and mahallas are probed one by one with EXISTS: an IN over the values of every
    # visible appeal costs a scan of the whole queue (a minute for a district of a million).
    people = (Q(role__in=ORGANIZATION_ROLES, organization__in=list(_queue_bodies(user)))
              | mahalla_staff & Q(mahalla__in=list(_queue_mahalla_ids(user))))
    if user.organization_id:
        people |= Q(role__in=ORGANIZATION_ROLES, organization=user.organization_id)
    if user.mahalla_id and user.role in MAHALLA_STAFF_ROLES:
        people |= mahalla_staff & Q(mahalla=user.mahalla_id)
    return (User.objects.filter(people, is_active=True)
            .select_related("organization", "mahalla")
            .order_by("organization__name_uz", "mahalla__name_uz", "full_name", "pk"))


def _queue_bodies(user: User) -> QuerySet:
    visible = visible_appeals(user)
    return Organization.objects.filter(Exists(visible.filter(organization=OuterRef("pk")))) \
        .values_list("pk", flat=True)


def _queue_mahalla_ids(user: User) -> QuerySet:
    visible = visible_appeals(user)
    return Mahalla.objects.filter(Exists(visible.filter(mahalla=OuterRef("pk")))) \
        .values_list("pk", flat=True)


def queue_mahallas(user: User) -> QuerySet:
    """Mahallas that appear in `user`'s queue, for its filter."""
    return Mahalla.objects.filter(pk__in=list(_queue_mahalla_ids(user))).select_related("district")

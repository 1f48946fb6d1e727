"""Reads of applications: the staff queue with its filters, a resident's list, timelines."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from mahalla.documents.models import Application, EService
from mahalla.documents.permissions import own_applications, visible_applications


@dataclass
class QueueFilters:
    status: str = ""  # a status, "open", or empty for all
    service: str = ""  # a service code
    overdue: bool = False
    q: str = ""  # an application number or its part


def staff_queue(user, filters: QueueFilters, now=None) -> QuerySet:
    """The applications `user` may see as staff, filtered, soonest deadline first."""
    now = now or timezone.now()
    qs = visible_applications(user).select_related("service", "applicant", "mahalla")
    if filters.status == "open":
        qs = qs.filter(status__in=Application.OPEN_STATUSES)
    elif filters.status in Application.Status.values:
        qs = qs.filter(status=filters.status)
    if filters.service:
        qs = qs.filter(service__code=filters.service)
    if filters.overdue:
        qs = qs.overdue(now)
    if filters.q:
        qs = qs.filter(number__icontains=filters.q.strip())
    # Decided applications have no deadline left to keep: open ones come first.
    qs = qs.annotate(decided=Case(When(status__in=Application.OPEN_STATUSES, then=Value(0)),
                                  default=Value(1), output_field=IntegerField()))
    return qs.order_by("decided", "due_at", "-created_at")


def residents_applications(user) -> QuerySet:
    return own_applications(user).select_related("service", "mahalla")


def catalogue() -> QuerySet:
    return EService.objects.active()


def timeline(application: Application, *, staff: bool) -> QuerySet:
    steps = application.steps.select_related("actor")
    return steps if staff else steps.filter(is_internal=False)

"""Small helpers for the appeal templates: accessible fields, timeline labels, badges."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()

STEP_LABELS = {
    "submitted": _("Sent"),
    "registered": _("Registered"),
    "not_considered": _("Recorded, not considered (anonymous)"),
    "assigned": _("Assigned to an executor"),
    "started": _("Work started"),
    "answered": _("Answered"),
    "commented": _("Internal comment"),
    "closed": _("Closed"),
    "forwarded": _("Forwarded to the competent body"),
    "rejected": _("Rejected"),
    "merged": _("Merged into another report"),
    "extended": _("Deadline extended"),
    "prioritized": _("Priority changed"),
    "published": _("Published on the map"),
    "unpublished": _("Removed from the map"),
    "rated": _("Answer rated"),
    "reopened": _("Reopened by the applicant"),
    "recategorized": _("Category changed"),
    "supported": _("Someone else reported the same problem"),
    "reminded": _("Deadline reminder sent"),
    "escalated": _("Overdue: escalated to the district"),
}

STATUS_TONES = {
    "received": "info", "registered": "info", "forwarded": "info",
    "assigned": "work", "in_progress": "work",
    "answered": "ok", "closed": "done",
    "rejected": "bad", "duplicate": "done", "not_considered": "done",
}


@register.filter
def step_label(action: str) -> str:
    return STEP_LABELS.get(action, action)


@register.filter
def status_tone(status: str) -> str:
    return STATUS_TONES.get(status, "info")


@register.filter
def overdue(appeal) -> bool:
    return appeal.is_overdue(timezone.now())


@register.filter
def role_label(role: str) -> str:
    from mahalla.core.models import Role

    return Role(role).label if role in Role.values else ""


@register.filter
def nobreak(value) -> str:
    """An appeal number kept on one line (MAH-2026-000123 must not break at its hyphens)."""
    return format_html('<span class="nowrap">{}</span>', value)

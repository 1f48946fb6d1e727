"""Small helpers for the application templates: status badges and timeline labels."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

register = template.Library()

STEP_LABELS = {
    "submitted": _("Sent"),
    "registered": _("Registered"),
    "review_started": _("Review started"),
    "info_requested": _("More information requested"),
    "info_provided": _("The applicant answered"),
    "approved": _("Approved"),
    "issued": _("Document issued"),
    "issue_failed": _("The document could not be issued"),
    "rejected": _("Rejected"),
    "escalated": _("Overdue: escalated to the district"),
}

STATUS_TONES = {
    "submitted": "info", "registered": "info", "in_review": "work", "info_requested": "work",
    "approved": "ok", "issued": "ok", "rejected": "bad",
}


@register.filter
def application_step(action: str) -> str:
    return STEP_LABELS.get(action, action)


@register.filter
def application_tone(status: str) -> str:
    return STATUS_TONES.get(status, "info")


@register.filter
def application_overdue(application) -> bool:
    return application.is_overdue(timezone.now())

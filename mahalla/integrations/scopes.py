"""What an integration key may do: named scopes, and the /api/v1 operations each one opens."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    OPEN311_SUBMIT = "open311.submit", _("Post Open311 service requests")
    APPEALS_SUBMIT = "appeals.submit", _("Send appeals through /api/v1")
    APPEALS_READ = "appeals.read", _("Read the queue and appeals of the account it acts as")
    APPEALS_WORK = "appeals.work", _("Update status and answers of appeals routed to its body")
    TRIAGE = "triage", _("Classify texts and read triage results")


# /api/v1 operations by URL name. An operation missing here is closed to keys: a new endpoint
# is opened to integrators on purpose, never by accident.
SCOPE_BY_URL_NAME: dict[str, str] = {
    "appeal_submit": Scope.APPEALS_SUBMIT,
    "appeals_queue": Scope.APPEALS_READ,
    "appeal_detail": Scope.APPEALS_READ,
    "appeal_photo": Scope.APPEALS_READ,
    "appeal_start": Scope.APPEALS_WORK,
    "appeal_answer": Scope.APPEALS_WORK,
    "appeal_answer_with_photos": Scope.APPEALS_WORK,
    "appeal_comment": Scope.APPEALS_WORK,
    "appeal_close": Scope.APPEALS_WORK,
    "appeal_forward": Scope.APPEALS_WORK,
    "appeal_reject": Scope.APPEALS_WORK,
    "appeal_assign": Scope.APPEALS_WORK,
    "appeal_extend": Scope.APPEALS_WORK,
    "appeal_extra_study": Scope.APPEALS_WORK,
    "triage_classify": Scope.TRIAGE,
    "triage_classify_batch": Scope.TRIAGE,
    "triage_insights": Scope.TRIAGE,
    "triage_forecast": Scope.TRIAGE,
    "triage_duplicates": Scope.TRIAGE,
}


def scope_of_operation(url_name: str | None) -> str | None:
    return SCOPE_BY_URL_NAME.get(url_name or "")

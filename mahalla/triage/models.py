"""What triage stores: its suggestion for each appeal, and staff corrections to learn from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalla.core.categories import Category


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class TriageResult(models.Model):
    """The classifier's view of one appeal at submission, beside what the resident chose."""

    appeal = models.OneToOneField("appeals.Appeal", on_delete=models.CASCADE,
                                  related_name="triage", verbose_name=_("appeal"))
    suggested_category = models.CharField(_("suggested category"), max_length=20,
                                          choices=Category.choices)
    confidence = models.FloatField(_("confidence"))
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices,
                               default=Urgency.NORMAL)
    urgency_reasons = models.JSONField(_("urgency reasons"), default=list, blank=True)
    # The resident's category as given (empty or "other" lets the suggestion decide).
    submitted_category = models.CharField(_("category chosen by the resident"), max_length=20,
                                          blank=True)
    applied = models.BooleanField(_("suggestion used as the category"), default=False)
    needs_review = models.BooleanField(_("a person must choose the category"), default=False)
    model_version = models.CharField(_("model version"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("triage result")
        verbose_name_plural = _("triage results")
        constraints = [
            models.CheckConstraint(condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                                   name="triage_confidence_0_to_1"),
        ]
        indexes = [
            # Staff queue "to categorize": appeals a person must look at, newest first.
            models.Index(fields=["-created_at"], name="triage_review_idx",
                         condition=Q(needs_review=True)),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.suggested_category} ({self.confidence:.2f})"


class TrainingExample(models.Model):
    """A staff correction: the appeal's text with the category a person gave it."""

    class Source(models.TextChoices):
        CORRECTION = "correction", _("Category corrected by staff")
        REVIEW = "review", _("Category chosen in review")

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("appeal"))
    text = models.TextField(_("text"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    previous_category = models.CharField(_("previous category"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices,
                              default=Source.CORRECTION)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("training example")
        verbose_name_plural = _("training examples")
        constraints = [
            # One example per appeal: a later correction replaces the earlier label.
            models.UniqueConstraint(fields=["appeal"], name="training_example_one_per_appeal",
                                    condition=Q(appeal__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.previous_category or '-'} → {self.category}"

"""Back office for triage: suggestions and corrections are read here, never edited (they are
written by the submission and workflow services)."""

from django.contrib import admin

from mahalla.triage.models import TrainingExample, TriageResult


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TriageResult)
class TriageResultAdmin(ReadOnlyAdmin):
    list_display = ("appeal", "suggested_category", "confidence", "urgency", "applied",
                    "needs_review", "model_version", "created_at")
    list_filter = ("needs_review", "applied", "urgency", "suggested_category")
    list_select_related = ("appeal",)


@admin.register(TrainingExample)
class TrainingExampleAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "previous_category", "category", "source", "created_by")
    list_filter = ("source", "category")

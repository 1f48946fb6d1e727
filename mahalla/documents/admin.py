"""Back office: the catalogue (forms as data) is edited here; applications are only read,
because every change of an application goes through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mahalla.documents.models import Application, ApplicationAttachment, ApplicationStep, EService


@admin.register(EService)
class EServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_uz", "decided_by", "deadline_days", "issues_document",
                    "is_active", "order")
    list_filter = ("is_active", "decided_by")
    list_editable = ("is_active", "order")
    search_fields = ("code", "name_uz", "name_ru", "name_en")
    fieldsets = (
        (None, {"fields": ("code", "is_active", "order")}),
        (_("Names"), {"fields": ("name_uz", "name_uz_cyrl", "name_ru", "name_en")}),
        (_("Descriptions"), {"fields": ("description_uz", "description_uz_cyrl",
                                     "description_ru", "description_en")}),
        (_("Form"), {"fields": ("form", "attachments")}),
        (_("Decision"), {"fields": ("decided_by", "deadline_days", "issues_document",
                                 "reserves_date_field")}),
    )


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StepInline(ReadOnlyInline):
    model = ApplicationStep
    fields = ("created_at", "action", "from_status", "to_status", "actor", "actor_role",
              "is_internal", "note")
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = ApplicationAttachment
    fields = ("kind", "content_type", "size", "original_name", "created_at")
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("number", "service", "status", "mahalla", "due_at", "document_number",
                    "created_at")
    list_filter = ("status", "service")
    search_fields = ("number", "document_number")
    list_select_related = ("service", "mahalla")
    date_hierarchy = "created_at"
    inlines = [StepInline, AttachmentInline]
    exclude = ("idempotency_key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

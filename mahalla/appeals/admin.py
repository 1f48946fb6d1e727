"""Back office for appeals: rules (holidays, service levels) are edited here; appeals are only
read, because every change of an appeal goes through the workflow services."""

from django.contrib import admin

from mahalla.appeals.models import (
    Appeal,
    AppealPhoto,
    AppealSource,
    AppealStep,
    NonWorkingDay,
    ServiceLevel,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AppealStepInline(ReadOnlyInline):
    model = AppealStep
    fields = ("created_at", "action", "from_status", "to_status", "actor", "actor_role",
              "visibility", "note")
    readonly_fields = fields


class AppealPhotoInline(ReadOnlyInline):
    model = AppealPhoto
    fields = ("stage", "width", "height", "is_public", "created_at")
    readonly_fields = fields


class AppealSourceInline(ReadOnlyInline):
    model = AppealSource
    fields = ("api_key", "device_id", "account_id", "machine_reported", "repeat_count",
              "last_reported_at", "reporter_name", "reporter_email", "reporter_phone",
              "media_urls", "attributes")
    readonly_fields = fields


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "category", "status", "priority", "mahalla", "district",
                    "organization", "due_at", "created_at")
    list_filter = ("status", "kind", "category", "priority", "channel", "is_public")
    search_fields = ("number",)
    list_select_related = ("mahalla", "district", "region", "organization")
    date_hierarchy = "created_at"
    inlines = [AppealSourceInline, AppealStepInline, AppealPhotoInline]
    exclude = ("tracking_hash", "idempotency_key", "search_key")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "is_working_weekend")
    list_filter = ("is_working_weekend",)
    date_hierarchy = "date"


@admin.register(ServiceLevel)
class ServiceLevelAdmin(admin.ModelAdmin):
    list_display = ("category", "priority", "hours")
    list_filter = ("priority",)

"""Read-only admin views of the log: nothing here may be added, changed or deleted by hand."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mahalla.ledger.models import Checkpoint, LedgerEntry, LogHead


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LogHead)
class LogHeadAdmin(ReadOnlyAdmin):
    list_display = ("size", "root_hex", "updated_at")

    @admin.display(description=_("root hash"))
    def root_hex(self, obj):
        return bytes(obj.root).hex()


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("index", "event_type", "object", "created_at")
    list_select_related = ("event",)
    search_fields = ("=index", "=event__object_id")
    fields = ("index", "event", "leaf_text", "created_at")
    readonly_fields = fields

    @admin.display(description=_("event type"))
    def event_type(self, obj):
        return obj.event.type

    @admin.display(description=_("object"))
    def object(self, obj):
        return f"{obj.event.object_type}:{obj.event.object_id}"

    @admin.display(description=_("leaf data"))
    def leaf_text(self, obj):
        return bytes(obj.leaf_data).decode()


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ("size", "created_at")
    fields = ("size", "note_text", "created_at")
    readonly_fields = fields

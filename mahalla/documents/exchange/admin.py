"""Back office: the outgoing and incoming journals, read-only. Letters change only through
the exchange services, so that every change has its domain event."""

from django.contrib import admin

from mahalla.documents.exchange.models import Letter, LetterAttachment, LetterRecipient


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecipientInline(ReadOnlyMixin, admin.TabularInline):
    model = LetterRecipient
    fk_name = "letter"
    extra = 0
    fields = ("body", "number", "delivered_at", "acknowledged_at", "acknowledged_by",
              "replied_at", "reply")
    readonly_fields = fields


class AttachmentInline(ReadOnlyMixin, admin.TabularInline):
    model = LetterAttachment
    extra = 0
    fields = ("name", "content_type", "size", "sha256", "created_at")
    readonly_fields = fields


@admin.register(Letter)
class LetterAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The outgoing journal of every body."""

    list_display = ("number", "sender", "subject", "sent_at", "reply_due", "in_reply_to",
                    "status")
    list_filter = ("status",)
    search_fields = ("number", "subject", "recipients__number")
    list_select_related = ("sender", "in_reply_to")
    date_hierarchy = "sent_at"
    exclude = ("search_key",)
    inlines = [RecipientInline, AttachmentInline]


@admin.register(LetterRecipient)
class LetterRecipientAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The incoming journal of every body."""

    list_display = ("number", "body", "letter", "delivered_at", "acknowledged_at", "replied_at")
    search_fields = ("number", "letter__number", "letter__subject")
    list_select_related = ("body", "letter")
    date_hierarchy = "delivered_at"

from django.contrib import admin

from mahalla.notify.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "kind", "recipient", "status", "attempts", "created_at")
    list_filter = ("channel", "status", "kind")
    readonly_fields = ("created_at", "sent_at", "last_error")
    # Message bodies may hold one-time codes: only the recipient and delivery state are listed.
    exclude = ("body",)

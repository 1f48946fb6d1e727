"""Back office for webhooks: subscriptions are edited here; deliveries are a read-only log
with one action, re-send."""

import json

from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mahalla.core.exceptions import DomainError
from mahalla.webhooks.models import WebhookDelivery, WebhookSubscription
from mahalla.webhooks.services import resend_delivery, save_subscription, send_test_ping


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "is_active", "event_type_list", "region", "district",
                    "organization", "created_at")
    list_filter = ("is_active", "region")
    list_select_related = ("region", "district", "organization")
    search_fields = ("name", "url")
    autocomplete_fields = ("region", "district", "organization")
    readonly_fields = ("created_at", "updated_at", "created_by")
    fields = ("name", "url", "secret", "event_types", "region", "district", "organization",
              "is_active", "created_at", "updated_at", "created_by")
    actions = ["ping"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("event types"))
    def event_type_list(self, obj: WebhookSubscription) -> str:
        return ", ".join(obj.event_types) or str(_("all appeal events"))

    def get_readonly_fields(self, request, obj=None):
        # The secret is shown, so the receiver can be set up, but not edited: a new secret
        # means a new subscription, which the receiver learns about too.
        if obj is not None:
            return (*self.readonly_fields, "secret")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        save_subscription(subscription=obj, actor=request.user)

    @admin.action(description=_("Send a test ping"), permissions=["change"])
    def ping(self, request, queryset):
        sent = 0
        for subscription in queryset:
            try:
                send_test_ping(subscription=subscription, actor=request.user)
                sent += 1
            except DomainError as exc:
                self.message_user(request, f"{subscription}: {exc.message}", messages.WARNING)
        if sent:
            self.message_user(request, _("Pings queued: %(count)d. See the deliveries log.")
                              % {"count": sent})


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "subscription", "event_type", "status", "attempts",
                    "last_status_code", "last_attempt_at", "next_attempt_at", "delivered_at")
    list_filter = ("status", "event_type", "subscription")
    list_select_related = ("subscription",)
    search_fields = ("subscription__name", "event_type")
    date_hierarchy = "created_at"
    fields = ("id", "subscription", "event", "event_type", "status", "attempts",
              "last_status_code", "last_error", "created_at", "last_attempt_at",
              "next_attempt_at", "delivered_at", "body")
    readonly_fields = fields
    actions = ["resend"]

    @admin.display(description=_("payload"))
    def body(self, obj: WebhookDelivery) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.payload, indent=2,
                                                       ensure_ascii=False))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("webhooks.change_webhookdelivery")

    @admin.action(description=_("Re-send selected"), permissions=["resend"])
    def resend(self, request, queryset):
        sent = 0
        for delivery in queryset.select_related("subscription"):
            try:
                resend_delivery(delivery=delivery, actor=request.user)
                sent += 1
            except DomainError as exc:
                self.message_user(request, f"{delivery}: {exc.message}", messages.WARNING)
        if sent:
            self.message_user(request, _("Deliveries queued again: %(count)d.")
                              % {"count": sent})

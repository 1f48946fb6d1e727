"""Read-only back office views: every change goes through the services, so it is checked
and recorded as an event."""

from django.contrib import admin

from mahalla.participation.community.models import (
    Booking,
    DiscussionBlock,
    ReceptionSlot,
    ServiceRating,
    Topic,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(ReadOnly):
    list_display = ("title", "mahalla", "status", "comments_count", "last_activity_at")
    list_filter = ("status",)
    raw_id_fields = ("mahalla", "author")


@admin.register(DiscussionBlock)
class DiscussionBlockAdmin(ReadOnly):
    list_display = ("user", "mahalla", "starts_at", "ends_at", "lifted_at")
    raw_id_fields = ("user", "mahalla", "blocked_by", "lifted_by")


@admin.register(ReceptionSlot)
class ReceptionSlotAdmin(ReadOnly):
    list_display = ("starts_at", "host", "kind", "status")
    list_filter = ("kind", "status")
    raw_id_fields = ("host", "mahalla", "district", "organization")


@admin.register(Booking)
class BookingAdmin(ReadOnly):
    list_display = ("slot", "status", "outcome", "appeal")
    list_filter = ("status", "outcome")
    raw_id_fields = ("slot", "resident", "outcome_by", "appeal")


@admin.register(ServiceRating)
class ServiceRatingAdmin(ReadOnly):
    list_display = ("interaction", "score", "created_at")
    list_filter = ("interaction", "score")
    raw_id_fields = ("resident", "application", "booking", "eservice", "organization",
                    "mahalla", "district")

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from mahalla.core.forms import PhoneField
from mahalla.core.models import (
    District,
    DomainEvent,
    Mahalla,
    Organization,
    Region,
    ServiceArea,
    User,
    Verification,
)
from mahalla.core.phone import phone_lookup_form

NAME_FIELDS = ("name_uz", "name_uz_cyrl", "name_ru", "name_en")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("soato", "iso", "name_uz", "name_ru", "kind")
    search_fields = ("soato", "iso") + NAME_FIELDS


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("soato", "name_uz", "name_ru", "kind", "region")
    list_filter = ("region", "kind")
    search_fields = ("soato",) + NAME_FIELDS


@admin.register(Mahalla)
class MahallaAdmin(admin.ModelAdmin):
    list_display = ("code", "name_uz", "district", "is_active")
    list_filter = ("is_active", "district__region")
    search_fields = ("code",) + NAME_FIELDS
    autocomplete_fields = ("district",)


class ServiceAreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 1
    autocomplete_fields = ("region", "district", "mahalla")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name_uz", "kind", "district", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = NAME_FIELDS
    autocomplete_fields = ("region", "district", "mahalla")
    inlines = [ServiceAreaInline]


class PhoneUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("phone", "full_name", "role")
        field_classes = {"phone": PhoneField}


class PhoneUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"phone": PhoneField}


class VerificationInline(admin.TabularInline):
    model = Verification
    fk_name = "user"
    extra = 0
    readonly_fields = ("verified_at",)
    autocomplete_fields = ("verified_by",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PhoneUserChangeForm
    add_form = PhoneUserCreationForm
    # The phone is encrypted: no order by it; a search for a phone number matches its hash.
    ordering = ("full_name", "id")
    list_display = ("phone", "full_name", "role", "mahalla", "district", "organization",
                    "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("full_name",)
    autocomplete_fields = ("region", "district", "mahalla", "organization")
    inlines = [VerificationInline]
    fieldsets = (
        (None, {"fields": ("phone", "password")}),
        (_("Person"), {"fields": ("full_name", "email", "preferred_language",
                                  "phone_verified_at")}),
        (_("Role and scope"), {"fields": ("role", "region", "district", "mahalla",
                                          "organization")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups",
                                       "user_permissions")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("phone", "full_name", "role", "password1",
                                                 "password2")}),
    )

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        phone = phone_lookup_form(search_term)
        if phone.startswith("+998"):
            found |= queryset.filter(phone=phone)
        return found, may_have_duplicates


@admin.register(DomainEvent)
class DomainEventAdmin(admin.ModelAdmin):
    list_display = ("id", "type", "object_type", "object_id", "actor_role", "created_at")
    list_filter = ("type", "object_type")
    search_fields = ("object_id", "type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from mahalla.core.exceptions import DomainError
from mahalla.integrations.models import ApiKey
from mahalla.integrations.scopes import Scope
from mahalla.integrations.services import (
    change_api_key_limits,
    check_key_fields,
    create_api_key,
    revoke_api_key,
)


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(label=_("scopes"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiKey
        fields = ["name", "scopes", "acts_as", "rate", "expires_at"]

    def clean(self):
        data = super().clean()
        try:
            check_key_fields(name=data.get("name", ""), scopes=data.get("scopes"),
                     rate=data.get("rate", ""))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return data


class ApiKeyChangeForm(forms.ModelForm):
    """An issued key: only its rate limit and expiry may change."""

    def clean_rate(self):
        rate = self.cleaned_data.get("rate", "")
        try:
            check_key_fields(name=self.instance.name, scopes=self.instance.scopes, rate=rate)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return rate


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "prefix", "scope_list", "acts_as", "created_at", "last_used_at",
                    "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    autocomplete_fields = ["acts_as"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at",
                       "revoked_reason"]
    actions = ["revoke"]

    @admin.display(description=_("scopes"))
    def scope_list(self, obj: ApiKey) -> str:
        return ", ".join(obj.scopes)

    def get_readonly_fields(self, request, obj=None):
        # A key's powers are fixed once issued: revoke it and issue another.
        if obj is not None:
            return [*self.readonly_fields, "name", "scopes", "acts_as"]
        return self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = ApiKeyChangeForm
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            change_api_key_limits(key=obj, rate=form.cleaned_data.get("rate", ""),
                                  expires_at=form.cleaned_data.get("expires_at"),
                                  actor=request.user)
            return
        key, raw = create_api_key(
            name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
            acts_as=form.cleaned_data.get("acts_as"), rate=form.cleaned_data.get("rate"),
            expires_at=form.cleaned_data.get("expires_at"), created_by=request.user)
        obj.pk, obj.prefix, obj.key_hash = key.pk, key.prefix, key.key_hash
        messages.warning(request, _("The new key is shown only now; copy it: %(key)s")
                         % {"key": raw})

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    @admin.action(description=_("Revoke selected keys"))
    def revoke(self, request, queryset):
        for key in queryset:
            revoke_api_key(key=key, reason=str(_("Revoked in the admin")), actor=request.user)
        self.message_user(request, _("Keys revoked."))

    def has_delete_permission(self, request, obj=None):
        # Keep revoked keys: the log of who could do what must stay readable.
        return False

"""Issued documents in the admin: read only; revocation only through the service, with a reason."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mahalla.core.exceptions import DomainError
from mahalla.documents.issuing.forms import RevokeForm
from mahalla.documents.issuing.models import IssuedDocument
from mahalla.documents.issuing.services import revoke_document


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "title", "issuer_name", "issued_at", "valid_until",
                    "revoked_at")
    list_filter = ("kind", "language", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("=number", "=sha256", "=source_id")
    date_hierarchy = "issued_at"
    actions = ["revoke"]
    readonly_fields = [f.name for f in IssuedDocument._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False  # documents are issued by services (applications), never by hand

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a revoked document stays in the register and in the ledger

    @admin.action(description=_("Revoke selected documents"), permissions=["view"])
    def revoke(self, request, queryset):
        """Ask for the reason, then revoke each document through the service."""
        form = RevokeForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for document in queryset:
                try:
                    revoke_document(document=document, reason=form.cleaned_data["reason"],
                                    actor=request.user)
                    done += 1
                except DomainError as error:
                    self.message_user(request, f"{document.number}: {error.message}",
                                      messages.ERROR)
            if done:
                self.message_user(request, ngettext(
                    "%(count)d document revoked.", "%(count)d documents revoked.", done)
                    % {"count": done}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revoke documents"),
            "opts": self.model._meta,
            "documents": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "revoke",
            "media": self.media + forms.Media(),
        }
        return TemplateResponse(request, "issuing/admin_revoke.html", context)

"""Integration keys: what an outside system presents as X-API-Key (or Open311 api_key)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """A key given to one integrator. Only its SHA-256 is stored; the key is shown once.

    A key acting as an account (`acts_as`) gets that account's role and territorial scope on
    /api/v1, so an organization's dispatch system sees and updates only its own appeals.
    A key acting as nobody may only do what needs no account (send reports, classify texts).
    """

    name = models.CharField(_("name"), max_length=120)
    prefix = models.CharField(_("key prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    acts_as = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="api_keys",
                                verbose_name=_("acts as account"))
    rate = models.CharField(_("rate limit"), max_length=16, blank=True,
                            help_text=_("Requests per period, e.g. 600/m or 10000/h; empty "
                                        "for the default."))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("integration key")
        verbose_name_plural = _("integration keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    @property
    def effective_rate(self) -> str:
        return self.rate or settings.API_KEY_DEFAULT_RATE

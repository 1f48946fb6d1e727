"""Checking a presented integration key: known, usable, allowed, within its rate."""

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from mahalla.integrations.models import ApiKey
from mahalla.integrations.scopes import Scope
from mahalla.integrations.services import key_digest

__all__ = ["KeyRefused", "Scope", "use_key", "find_key"]

LAST_USED_PRECISION = timedelta(minutes=1)


class KeyRefused(Exception):
    """The key cannot be used for this request; `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def find_key(raw_key: str | None) -> ApiKey | None:
    raw_key = (raw_key or "").strip()
    if not raw_key or len(raw_key) > 100:
        return None
    return ApiKey.objects.select_related("acts_as").filter(key_hash=key_digest(raw_key)).first()


def use_key(request: HttpRequest, raw_key: str | None, scope: str | None) -> ApiKey:
    """The key behind `raw_key` if it may perform `scope` now; KeyRefused otherwise.

    Counts the request against the key's rate limit and notes when the key was last used.
    """
    if not (raw_key or "").strip():
        raise KeyRefused(401, _("An API key is required."))
    key = find_key(raw_key)
    now = timezone.now()
    if key is None:
        raise KeyRefused(401, _("The API key is not valid."))
    if not key.is_usable(now):
        raise KeyRefused(401, _("The API key was revoked or has expired."))
    if key.acts_as_id and not key.acts_as.is_active:
        raise KeyRefused(403, _("The account this API key acts as is blocked."))
    if scope is None or not key.has_scope(scope):
        raise KeyRefused(403, _("This API key may not do this."))
    if is_ratelimited(request, group="integration-key", key=lambda *_: str(key.pk),
                      rate=key.effective_rate, increment=True):
        raise KeyRefused(429, _("Too many requests with this API key. Try again later."))
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    request.api_key = key
    return key

"""Creating and revoking integration keys. Each change writes its domain event (→ ledger)."""

import hashlib
import re
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.core.events import record_event
from mahalla.core.exceptions import DomainError
from mahalla.core.models import User
from mahalla.integrations.models import ApiKey
from mahalla.integrations.scopes import Scope

KEY_PREFIX = "mhl_"
RATE = re.compile(r"^[1-9]\d{0,6}/(\d{0,4})[smhd]$")


def key_digest(raw_key: str) -> str:
    # The key has 192 random bits: a plain SHA-256 is as safe as a slow hash here, and lets the
    # look-up be one indexed query.
    return hashlib.sha256(raw_key.encode()).hexdigest()


def check_key_fields(*, name: str, scopes, rate: str) -> tuple[str, list[str], str]:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Give the key a name."), field="name")
    if len(name) > 120:
        raise DomainError(_("The name may be at most 120 characters."), field="name")
    scopes = sorted(set(scopes or []))
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown:
        raise DomainError(_("Unknown scope: %(scope)s.") % {"scope": unknown[0]}, field="scopes")
    if not scopes:
        raise DomainError(_("Choose at least one scope."), field="scopes")
    rate = (rate or "").strip()
    if rate and not RATE.match(rate):
        raise DomainError(_("Write the rate limit as a number of requests per period, "
                            "e.g. 600/m or 10000/h."), field="rate")
    return name, scopes, rate


def create_api_key(*, name: str, scopes, acts_as: User | None = None, rate: str = "",
                   expires_at=None, created_by: User | None = None) -> tuple[ApiKey, str]:
    """A new key and its secret text, which is returned here once and never stored."""
    name, scopes, rate = check_key_fields(name=name, scopes=scopes, rate=rate)
    if acts_as is not None and not acts_as.is_active:
        raise DomainError(_("The account the key acts as is blocked."), field="acts_as")
    prefix = secrets.token_hex(4)
    raw = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(24)}"
    with transaction.atomic():
        key = ApiKey.objects.create(name=name, prefix=prefix, key_hash=key_digest(raw),
                                    scopes=scopes, acts_as=acts_as, rate=rate,
                                    expires_at=expires_at, created_by=created_by)
        record_event(type="integration.key_created", obj=key, actor=created_by,
                     payload={"prefix": prefix, "scopes": scopes,
                              "acts_as": acts_as.pk if acts_as else None})
    return key, raw


def change_api_key_limits(*, key: ApiKey, rate: str, expires_at, actor: User | None = None
                          ) -> ApiKey:
    """A key's rate limit and expiry; its name, scopes and account stay as issued."""
    __, __, rate = check_key_fields(name=key.name, scopes=key.scopes, rate=rate)
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        key.rate, key.expires_at = rate, expires_at
        key.save(update_fields=["rate", "expires_at"])
        record_event(type="integration.key_changed", obj=key, actor=actor,
                     payload={"prefix": key.prefix, "rate": rate,
                              "expires_at": expires_at.isoformat() if expires_at else None})
    return key


def revoke_api_key(*, key: ApiKey, reason: str = "", actor: User | None = None) -> ApiKey:
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is not None:
            return key
        key.revoked_at = timezone.now()
        key.revoked_reason = " ".join((reason or "").split())[:300]
        key.save(update_fields=["revoked_at", "revoked_reason"])
        record_event(type="integration.key_revoked", obj=key, actor=actor,
                     payload={"prefix": key.prefix})
    return key

"""External registries (state systems) behind adapters: one interface, a fake, an HTTP client.

    from mahalla.integrations.registries.services import lookup_person
    record = lookup_person(pinfl, actor=request.user, purpose="social.application")

`person_registry()` is the configured adapter (settings.REGISTRY_PERSON_ADAPTER, a dotted
path), built once per process and rebuilt when tests override a REGISTRY_* setting. See
docs/REGISTRIES.md.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from mahalla.integrations.registries.base import (
    PersonRecord,
    PersonRegistry,
    RegistryError,
    RegistryUnavailable,
    Sex,
)

__all__ = ["PersonRecord", "PersonRegistry", "RegistryError", "RegistryUnavailable", "Sex",
           "person_registry"]


@functools.cache
def _build(path: str) -> PersonRegistry:
    adapter = import_string(path)()
    if getattr(adapter, "is_fake", False) and not (settings.DEBUG
                                                   or getattr(settings, "TESTING", False)):
        # Made-up people must never reach real decisions: set REGISTRY_PERSON_ADAPTER.
        raise ImproperlyConfigured(f"REGISTRY_PERSON_ADAPTER is the fake {path} with DEBUG off")
    return adapter


def person_registry() -> PersonRegistry:
    """The configured person-registry adapter (one instance per process)."""
    return _build(settings.REGISTRY_PERSON_ADAPTER)


@receiver(setting_changed)
def _forget_adapter(*, setting: str, **kwargs) -> None:
    if setting.startswith("REGISTRY_") or setting in {"DEBUG", "TESTING"}:
        _build.cache_clear()

"""Model fields for personal data at rest: encrypted values and their keyed look-up hashes.

    phone = EncryptedCharField(_("phone"), max_length=13)
    phone_hash = LookupHashField(source="phone", purpose="phone", normalize=phone_lookup_form,
                                 unique=True, null=True)

The encrypted column holds a Fernet token (`mahalla.core.crypto`); Python code reads and
writes the plaintext as usual. The hash column is filled from the source on every save.
`Model.objects.filter(phone=value)` (and `__in`) is rewritten to compare the hash of the
normalized value, so look-ups, `get_or_create`, uniqueness checks and `get_by_natural_key`
keep working; any other comparison on an encrypted field (icontains, ordering by it makes no
sense either) raises FieldError instead of silently matching nothing.

Not seen by these fields: `QuerySet.update(source=…)` and `bulk_update(…, ["source"])` do not
recompute the hash; change such values through `save()`. `save(update_fields=…)` naming the
source must name its hash field too (refused otherwise).

Uniqueness belongs on the hash field (`unique=True, null=True`: blank values store NULL there,
so several blanks never collide); an encrypted column is never unique or indexed itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django import forms
from django.core import checks
from django.core.exceptions import FieldError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import lookups
from django.db.models.expressions import Col
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.text import capfirst

from mahalla.core import crypto


def hash_field_for(field) -> LookupHashField | None:
    """The look-up hash field of the same model that is computed from `field`, if any."""
    for candidate in field.model._meta.concrete_fields:
        if isinstance(candidate, LookupHashField) and candidate.source == field.name:
            return candidate
    return None


class _HashedComparison:
    """`encrypted = value` compared as `hash column = keyed hash of the normalized value`."""

    def __init__(self, lhs, rhs):
        if rhs == "":
            # Empty values are stored as "" (not encrypted): compare the column itself.
            super().__init__(lhs, rhs)
            return
        source = getattr(lhs, "target", None)
        hash_field = hash_field_for(source) if isinstance(lhs, Col) else None
        if hash_field is None:
            raise FieldError(f"{source} is encrypted and has no LookupHashField: it cannot be "
                             "compared in the database.")
        if hasattr(rhs, "resolve_expression"):
            raise FieldError(f"{source} is encrypted: compare it with plain values only.")
        super().__init__(Col(lhs.alias, hash_field), self.hash_rhs(hash_field, rhs))


class HashedExact(_HashedComparison, lookups.Exact):
    @staticmethod
    def hash_rhs(hash_field, rhs):
        return rhs if rhs is None else hash_field.hash_value(rhs)


class HashedIn(_HashedComparison, lookups.In):
    @staticmethod
    def hash_rhs(hash_field, rhs):
        return [hash_field.hash_value(value) for value in rhs if value is not None]


class EncryptedMixin:
    """Stores a Fernet token in a text column; `_dump`/`_load` turn values into plaintext."""

    def get_internal_type(self) -> str:
        return "TextField"

    def _dump(self, value) -> str:
        return str(value)

    def _load(self, plaintext: str):
        return plaintext

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.primary_key or self._unique or self.db_index:
            errors.append(checks.Error(
                "An encrypted field cannot be a key, unique or indexed: its tokens differ "
                "for equal values.", hint="Put unique=True on a LookupHashField of it.",
                obj=self, id="core.E101"))
        return errors

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(self._dump(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return self._load(crypto.decrypt(value, what=f"{self.model._meta.label}.{self.name}"))

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        if lookup_name == "exact":
            return HashedExact
        if lookup_name == "in":
            return HashedIn
        raise FieldError(f"{self.model._meta.label}.{self.name} is encrypted: only exact, in "
                         f"and isnull look-ups work on it, not {lookup_name!r}.")

    def get_transform(self, lookup_name):
        return None


class EncryptedCharField(EncryptedMixin, models.CharField):
    """Text up to `max_length` characters (checked on the plaintext), stored encrypted."""


class EncryptedEmailField(EncryptedMixin, models.EmailField):
    """An email address, validated as usual, stored encrypted."""


class EncryptedJSONField(EncryptedMixin, models.Field):
    """A JSON value (dicts, lists, strings, numbers) stored as one encrypted token.

    Nothing inside it can be queried; keep keys that must be searched in their own columns.
    """

    empty_strings_allowed = False

    def __init__(self, *args, encoder=DjangoJSONEncoder, **kwargs):
        self.encoder = encoder
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.encoder is not DjangoJSONEncoder:
            kwargs["encoder"] = self.encoder
        return name, path, args, kwargs

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        return crypto.encrypt(self._dump(value))

    def _dump(self, value) -> str:
        return json.dumps(value, cls=self.encoder, ensure_ascii=False, separators=(",", ":"))

    def _load(self, plaintext: str):
        return json.loads(plaintext)

    def value_to_string(self, obj):
        return self.value_from_object(obj)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.JSONField, "encoder": self.encoder,
                                    **kwargs})


def strip_value(value: str) -> str:
    return value.strip()


class LookupHashField(models.CharField):
    """Keyed hash (HMAC-SHA256, hex) of the normalized value of an encrypted field `source`.

    `normalize` must accept any string without raising: a look-up by an unusable value simply
    matches nothing. It is not part of the migration state; changing it means recomputing the
    column (`manage.py rotate_personal_data_key --rehash`).
    """

    def __init__(self, *args, source: str, purpose: str,
                 normalize: Callable[[str], str] = strip_value, **kwargs):
        self.source, self.purpose, self.normalize = source, purpose, normalize
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, purpose=self.purpose)
        for key, default in (("max_length", 64), ("editable", False), ("blank", True)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def hash_value(self, value) -> str | None:
        """The column value for a plaintext `value`."""
        text = "" if value is None else str(value)
        normalized = self.normalize(text) if text else ""
        if not normalized:
            return None if self.null else ""
        return crypto.lookup_hash(normalized, purpose=self.purpose)

    def pre_save(self, model_instance, add):
        value = self.hash_value(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def unique_hash_errors(instance, exclude=None) -> dict[str, list[str]]:
    """Errors for `Model.validate_unique` from unique look-up hashes whose source is checked.

    ModelForms leave the (non-editable) hash field out of their unique checks; this puts the
    check back on the field people type into.
    """
    errors: dict[str, list[str]] = {}
    for field in type(instance)._meta.concrete_fields:
        if not (isinstance(field, LookupHashField) and field.unique):
            continue
        if exclude and field.source in exclude:
            continue
        value = field.hash_value(getattr(instance, field.source))
        if value is None or value == "":
            continue
        clash = type(instance)._default_manager.filter(**{field.name: value})
        if instance.pk is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            source = instance._meta.get_field(field.source)
            # Django's own (translated) message for a unique field.
            errors[field.source] = [source.error_messages["unique"] % {
                "model_name": capfirst(instance._meta.verbose_name),
                "field_label": capfirst(source.verbose_name)}]
    return errors


@receiver(pre_save, dispatch_uid="core.fields.hash_fields_saved_with_source")
def _refuse_partial_update(sender, instance, update_fields=None, **kwargs):
    if not update_fields:
        return
    for field in sender._meta.concrete_fields:
        if (isinstance(field, LookupHashField) and field.source in update_fields
                and field.name not in update_fields):
            raise ValueError(f"save(update_fields=…) names {field.source!r} but not "
                             f"{field.name!r}, its look-up hash: name both.")

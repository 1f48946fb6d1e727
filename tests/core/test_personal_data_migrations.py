"""The data migrations that encrypt rows written before encryption, and decrypt them back."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mahalla.core import crypto
from mahalla.core.encrypt_rows import encrypt_column
from mahalla.core.models import PhoneOTP, User
from mahalla.core.phone import phone_lookup_form
from mahalla.documents.models import Application
from tests.factories import UserFactory

PHONE = "+998901234567"
BEFORE = [("core", "0002_user_birth_date"), ("appeals", "0003_appeal_place_and_source"),
          ("documents", "0002_shipped_services")]


def raw_row(model, pk, *columns):
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(q(c) for c in columns)} "  # noqa: S608
                       f"FROM {q(model._meta.db_table)} WHERE id = %s", [pk])
        return cursor.fetchone()


def write_raw(model, pk, **values):
    q = connection.ops.quote_name
    sets = ", ".join(f"{q(column)} = %s" for column in values)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {q(model._meta.db_table)} SET {sets} WHERE id = %s",  # noqa: S608
                       [*values.values(), pk])


class _Editor:
    def __init__(self):
        self.connection = connection


@pytest.mark.django_db
def test_encrypt_column_encrypts_plaintext_rows_once_and_decrypts_them_back():
    user = UserFactory(phone=PHONE)
    write_raw(User, user.pk, phone=" +998 90 123 45 67", phone_hash="stale")
    forward, backward = encrypt_column("core", "User", "phone", hash_field="phone_hash",
                                       purpose="phone", normalize=phone_lookup_form, batch=1)
    forward(apps, _Editor())
    token, digest = raw_row(User, user.pk, "phone", "phone_hash")
    assert crypto.looks_encrypted(token) and "901234567" not in token
    assert User.objects.get(phone=PHONE) == user  # the hash of the normalized number
    forward(apps, _Editor())  # again, as after an interruption: tokens stay as they are
    assert raw_row(User, user.pk, "phone", "phone_hash") == (token, digest)
    backward(apps, _Editor())
    assert raw_row(User, user.pk, "phone")[0] == " +998 90 123 45 67"


@pytest.mark.django_db(transaction=True)
def test_migrations_encrypt_existing_rows_and_reverse_cleanly():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    region = old.get_model("core", "Region").objects.create(soato="1799", iso="UZ-XX",
                                                            kind="city", name_uz="Sinov")
    district = old.get_model("core", "District").objects.create(
        region=region, soato="1799001", kind="district", name_uz="Sinov")
    mahalla = old.get_model("core", "Mahalla").objects.create(district=district, code="T-1",
                                                              name_uz="Sinov")
    old_user = old.get_model("core", "User").objects.create(
        phone=PHONE, email="ali@example.uz", password="!", role="resident")
    old.get_model("core", "PhoneOTP").objects.create(
        phone=PHONE, purpose="confirm_phone", code_hash="x", expires_at="2030-01-01T00:00Z")
    service = old.get_model("documents", "EService").objects.order_by("id").first()
    old_application = old.get_model("documents", "Application").objects.create(
        number="ARZ-2026-000009", service=service, applicant=old_user, mahalla=mahalla,
        data={"pinfl": "31507790123453"})

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    user = User.objects.get(phone="90 123 45 67")
    assert (user.pk, user.email) == (old_user.pk, "ali@example.uz")
    assert crypto.looks_encrypted(raw_row(User, user.pk, "phone")[0])
    assert crypto.looks_encrypted(raw_row(User, user.pk, "email")[0])
    assert PhoneOTP.objects.get(phone=PHONE).phone == PHONE
    stored = raw_row(Application, old_application.pk, "data")[0]
    assert crypto.looks_encrypted(stored) and "31507790123453" not in stored
    assert Application.objects.get(pk=old_application.pk).data == {"pinfl": "31507790123453"}

    # Back again: plaintext columns as they were.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    assert old.get_model("core", "User").objects.get(pk=user.pk).phone == PHONE
    assert old.get_model("documents", "Application").objects.get(
        pk=old_application.pk).data == {"pinfl": "31507790123453"}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert User.objects.get(phone=PHONE).pk == user.pk

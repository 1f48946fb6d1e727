"""Personal identifiers encrypted at rest: raw columns, look-ups by hash, key rotation."""

import io

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import FieldError, ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from mahalla.appeals.models import AppealSource
from mahalla.core import crypto
from mahalla.core.admin import PhoneUserCreationForm
from mahalla.core.models import PhoneOTP, Role, User
from mahalla.core.services import accounts
from mahalla.core.services.personal_data import encrypted_columns
from mahalla.documents.models import Application, EService
from mahalla.notify.models import OutboxMessage
from tests.factories import DEFAULT_PASSWORD, UserFactory

PHONE = "+998901234567"
PINFL = "31507790123453"
PASSPORT = "AA1234567"
OLD_KEY = settings.PERSONAL_DATA_KEYS[0]
NEW_KEY = Fernet.generate_key().decode()


def raw(model, pk, column):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} "  # noqa: S608
                       "WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def people(world, submit):
    """A resident signed up (an OTP sent), an outside report with contacts, an application."""
    user = accounts.sign_up_resident(phone="+998 90 123 45 67", password="s3cret-pass-word")
    user.email = "Ali.Valiyev@example.uz"
    user.save()
    appeal = submit()
    source = AppealSource.objects.create(appeal=appeal, token="tok-1",
                                         reporter_name="Zebo", reporter_phone="+998 91 765 43 21",
                                         reporter_email="zebo@example.org")
    application = Application.objects.create(
        number="ARZ-2026-000001", service=EService.objects.order_by("id").first(),
        applicant=user, mahalla=world["home"],
        data={"pinfl": PINFL, "passport": PASSPORT, "phone": PHONE})
    return {"user": user, "otp": PhoneOTP.objects.get(phone_hash=user.phone_hash),
            "source": source, "application": application}


PLAINTEXTS = {
    ("core.User", "phone"): PHONE,
    ("core.User", "email"): "Ali.Valiyev@example.uz",
    ("core.PhoneOTP", "phone"): PHONE,
    ("appeals.AppealSource", "reporter_phone"): "+998 91 765 43 21",
    ("appeals.AppealSource", "reporter_email"): "zebo@example.org",
    ("documents.Application", "data"): PINFL,
    ("notify.OutboxMessage", "address"): PHONE,
}


def test_raw_columns_never_hold_the_plaintext(people):
    objects = {"core.User": people["user"], "core.PhoneOTP": people["otp"],
               "appeals.AppealSource": people["source"],
               "documents.Application": people["application"],
               "notify.OutboxMessage": OutboxMessage.objects.exclude(address="").latest("id")}
    for (label, name), plaintext in PLAINTEXTS.items():
        obj = objects[label]
        column = obj._meta.get_field(name).column
        stored = raw(type(obj), obj.pk, column)
        assert stored.startswith(crypto.FERNET_PREFIX), (label, name)
        for secret in (plaintext, plaintext.replace(" ", ""), plaintext[-7:], PASSPORT):
            assert secret not in stored, (label, name)
    # The hash column is a keyed hash, not the number in any form.
    stored_hash = raw(User, people["user"].pk, "phone_hash")
    assert len(stored_hash) == 64 and "901234567" not in stored_hash


def test_every_encrypted_column_of_the_project_is_covered_here():
    covered = {(model._meta.label, field.name) for model, field, _ in encrypted_columns()}
    assert set(PLAINTEXTS) <= covered


def test_values_read_back_as_plaintext(people):
    user = User.objects.get(pk=people["user"].pk)
    assert (user.phone, user.email) == (PHONE, "Ali.Valiyev@example.uz")
    source = AppealSource.objects.get(pk=people["source"].pk)
    assert (source.reporter_phone, source.reporter_email) == ("+998 91 765 43 21",
                                                             "zebo@example.org")
    assert Application.objects.get(pk=people["application"].pk).data["pinfl"] == PINFL
    assert list(User.objects.filter(pk=user.pk).values_list("phone", flat=True)) == [PHONE]


def test_lookups_by_phone_use_the_hash_in_any_typed_form(people):
    user = people["user"]
    for typed in (PHONE, "+998 90 123 45 67", "90 123-45-67", "998901234567"):
        assert User.objects.get(phone=typed) == user
    assert list(User.objects.filter(phone__in=["90 123 45 67", "+998900000000"])) == [user]
    assert not User.objects.filter(phone="not a phone").exists()
    assert User.objects.get_by_natural_key("+998 90 123 45 67") == user
    # The same person's number matches across tables (one purpose, one key).
    assert people["source"].reporter_phone_hash == AppealSource._meta.get_field(
        "reporter_phone_hash").hash_value("+998917654321")


def test_sign_in_and_otp_work_by_hash(people, client):
    user = people["user"]
    assert authenticate(phone=PHONE, password="s3cret-pass-word") == user
    otp = accounts.send_phone_code(user=user)
    assert PhoneOTP.objects.filter(phone=PHONE).count() == 2 and otp.phone == PHONE


def test_other_comparisons_on_an_encrypted_field_are_refused(people):
    with pytest.raises(FieldError, match="encrypted"):
        list(User.objects.filter(phone__icontains="90123"))
    with pytest.raises(FieldError, match="no LookupHashField"):
        list(User.objects.filter(email="ali.valiyev@example.uz"))
    assert User.objects.filter(pk=people["user"].pk, email__isnull=False).exists()


def test_phone_stays_unique_through_its_hash(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("+998 90 123 45 67", DEFAULT_PASSWORD)
    duplicate = User(phone=PHONE)
    with pytest.raises(ValidationError) as error:
        duplicate.validate_unique()
    assert "phone" in error.value.message_dict
    form = PhoneUserCreationForm(data={"phone": "90 123 45 67", "full_name": "X",
                                       "role": "resident", "password1": "Zz-long-pass-98",
                                       "password2": "Zz-long-pass-98"})
    assert not form.is_valid() and "phone" in form.errors


def test_changing_a_phone_moves_its_hash(people):
    user = people["user"]
    user.phone = "+998935554433"
    with pytest.raises(ValueError, match="phone_hash"):
        user.save(update_fields=["phone"])
    user.save(update_fields=["phone", "phone_hash"])
    assert User.objects.get(phone="93 555 44 33") == user
    assert not User.objects.filter(phone=PHONE).exists()


def test_a_value_no_key_opens_is_a_clear_error(people):
    with (override_settings(PERSONAL_DATA_KEYS=[NEW_KEY]),
          pytest.raises(crypto.UndecryptableError, match="core.User.phone")):
        User.objects.get(pk=people["user"].pk)


def test_admin_search_finds_a_user_by_phone(people, client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    response = client.get("/admin/core/user/", {"q": "90 123 45 67"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [people["user"]]
    assert client.get(f"/admin/core/user/{people['user'].pk}/change/").status_code == 200
    appeal_page = client.get(f"/admin/appeals/appeal/{people['source'].appeal_id}/change/")
    assert appeal_page.status_code == 200 and "zebo@example.org" in appeal_page.text
    application_page = client.get(
        f"/admin/documents/application/{people['application'].pk}/change/")
    assert application_page.status_code == 200 and PINFL in application_page.text


def rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_personal_data_key", *args, stdout=out)
    return out.getvalue()


def test_rotation_then_dropping_the_old_key_keeps_everything_readable(people):
    user, source, application = people["user"], people["source"], people["application"]
    before = raw(User, user.pk, "phone")
    hash_before = raw(User, user.pk, "phone_hash")
    with override_settings(PERSONAL_DATA_KEYS=[NEW_KEY, OLD_KEY]):
        # New writes use the new key at once; old rows still read.
        assert User.objects.get(pk=user.pk).phone == PHONE
        report = rotate("--batch-size", "2")
        assert "core.User.phone:" in report and "0 undecryptable" in report
        assert raw(User, user.pk, "phone") != before
        assert crypto.is_current(raw(User, user.pk, "phone"))
        # Run again (as after an interruption): nothing left to do.
        assert "total: 0 re-encrypted" in rotate()
    with override_settings(PERSONAL_DATA_KEYS=[NEW_KEY]):
        user = User.objects.get(phone=PHONE)
        assert (user.phone, user.email) == (PHONE, "Ali.Valiyev@example.uz")
        assert authenticate(phone=PHONE, password="s3cret-pass-word") == user
        assert AppealSource.objects.get(pk=source.pk).reporter_email == "zebo@example.org"
        assert Application.objects.get(pk=application.pk).data["passport"] == PASSPORT
        assert PhoneOTP.objects.get(phone=PHONE).phone == PHONE
    # Rotation never touches the look-up hashes.
    assert raw(User, user.pk, "phone_hash") == hash_before


def test_rotation_reports_values_no_key_opens(people):
    with (override_settings(PERSONAL_DATA_KEYS=[NEW_KEY]),
          pytest.raises(CommandError, match="cannot be decrypted")):
        rotate()


def test_rehash_follows_a_new_lookup_key(people):
    with override_settings(PERSONAL_DATA_LOOKUP_KEY="a-separate-lookup-secret-0123456789"):
        assert not User.objects.filter(phone=PHONE).exists()
        assert "look-up hashes refreshed" in rotate("--rehash")
        assert User.objects.get(phone=PHONE) == people["user"]


def test_blank_values_stay_blank_and_can_be_found(people, world, submit):
    blank = AppealSource.objects.create(appeal=submit(), token="tok-2", device_id="cam-1")
    assert raw(AppealSource, blank.pk, "reporter_phone") == ""
    assert raw(AppealSource, blank.pk, "reporter_phone_hash") is None
    assert list(AppealSource.objects.filter(reporter_phone="")) == [blank]

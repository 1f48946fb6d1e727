from datetime import timedelta

import pytest
from django.utils import timezone

from mahalla.core.exceptions import Conflict, DomainError, RateLimited
from mahalla.core.models import DomainEvent, PhoneOTP, User
from mahalla.core.services import accounts
from mahalla.core.verification import Level, has_level
from mahalla.notify.models import OutboxMessage

PASSWORD = "yaxshi-parol-2026"


def sign_up(phone="+998 90 111 22 33"):
    return accounts.sign_up_resident(phone=phone, password=PASSWORD, full_name="  Ali  Valiyev ")


def sent_code(user, django_capture_on_commit_callbacks=None) -> str:
    message = OutboxMessage.objects.filter(recipient=user, kind="otp").first()
    return "".join(ch for ch in message.body if ch.isdigit())[-6:]


def test_sign_up_normalizes_phone_and_name_and_queues_a_code(db):
    user = sign_up()
    assert user.phone == "+998901112233"
    assert user.full_name == "Ali Valiyev"
    assert not user.phone_verified
    message = OutboxMessage.objects.get(recipient=user)
    assert message.channel == OutboxMessage.Channel.SMS and message.kind == "otp"
    assert PhoneOTP.objects.filter(phone=user.phone).count() == 1
    assert DomainEvent.objects.filter(type="user.signed_up", object_id=str(user.pk)).exists()


def test_code_is_stored_only_as_a_hash(db):
    user = sign_up()
    code = sent_code(user)
    assert code not in PhoneOTP.objects.get(phone=user.phone).code_hash


def test_second_sign_up_with_same_phone_is_refused_and_changes_nothing(db):
    sign_up()
    with pytest.raises(Conflict):
        sign_up("998901112233")
    assert User.objects.count() == 1


def test_weak_password_is_refused_and_nothing_is_stored(db):
    with pytest.raises(DomainError):
        accounts.sign_up_resident(phone="+998901112233", password="12345678")
    assert not User.objects.exists() and not OutboxMessage.objects.exists()


def test_correct_code_confirms_phone_and_gives_phone_level(db):
    user = sign_up()
    accounts.confirm_phone(user=user, code=sent_code(user))
    user.refresh_from_db()
    assert user.phone_verified
    assert has_level(user, Level.PHONE) and not has_level(user, Level.IDENTITY)


def test_code_cannot_be_used_twice(db):
    user = sign_up()
    code = sent_code(user)
    accounts.confirm_phone(user=user, code=code)
    with pytest.raises(DomainError):
        accounts.confirm_phone(user=user, code=code)


def test_expired_code_is_refused(db, settings):
    user = sign_up()
    code = sent_code(user)
    later = timezone.now() + timedelta(seconds=settings.OTP_TTL_SECONDS + 1)
    with pytest.raises(DomainError, match="expired"):
        accounts.confirm_phone(user=user, code=code, now=later)
    user.refresh_from_db()
    assert not user.phone_verified


def test_wrong_codes_count_and_lock_the_code_after_the_limit(db, settings):
    user = sign_up()
    code = sent_code(user)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(settings.OTP_MAX_ATTEMPTS):
        with pytest.raises(DomainError, match="wrong"):
            accounts.confirm_phone(user=user, code=wrong)
    assert PhoneOTP.objects.get(phone=user.phone).attempts == settings.OTP_MAX_ATTEMPTS
    with pytest.raises(RateLimited):
        accounts.confirm_phone(user=user, code=code)
    user.refresh_from_db()
    assert not user.phone_verified


def test_codes_per_hour_are_limited(db, settings):
    user = sign_up()
    for _ in range(settings.OTP_MAX_SENDS_PER_HOUR - 1):
        accounts.send_phone_code(user=user)
    with pytest.raises(RateLimited):
        accounts.send_phone_code(user=user)
    assert PhoneOTP.objects.count() == settings.OTP_MAX_SENDS_PER_HOUR
    an_hour_later = timezone.now() + timedelta(hours=1, seconds=1)
    accounts.send_phone_code(user=user, now=an_hour_later)


def test_latest_code_wins(db):
    user = sign_up()
    first = sent_code(user)
    OutboxMessage.objects.all().delete()
    accounts.send_phone_code(user=user)
    second = sent_code(user)
    if first != second:
        with pytest.raises(DomainError):
            accounts.confirm_phone(user=user, code=first)
    accounts.confirm_phone(user=user, code=second)


def test_code_message_is_in_the_residents_language(db):
    user = accounts.sign_up_resident(phone="+998901112244", password=PASSWORD, language="ru")
    assert "код" in OutboxMessage.objects.get(recipient=user).body

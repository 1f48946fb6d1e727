"""Resident accounts: sign-up by phone, one-time codes through the outbox, confirmation."""

import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, RateLimited
from mahalla.core.keyed import keyed_hexdigest
from mahalla.core.models import PhoneOTP, Role, User, Verification
from mahalla.core.phone import normalize_phone
from mahalla.core.text import clean_text
from mahalla.notify.models import OutboxMessage
from mahalla.notify.services import queue_message, render_in_language


def _hash_code(phone: str, code: str) -> str:
    return keyed_hexdigest(f"{phone}:{code}")


def sign_up_resident(*, phone: str, password: str, full_name: str = "",
                     language: str = "uz") -> User:
    """Create a resident account (phone not yet confirmed) and send a confirmation code."""
    try:
        phone = normalize_phone(phone)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="phone") from exc
    full_name = clean_text(full_name)[:200]
    with transaction.atomic():
        if User.objects.filter(phone=phone).exists():
            raise Conflict(_("An account with this phone number already exists. Log in instead."),
                           field="phone")
        user = User(phone=phone, full_name=full_name, role=Role.RESIDENT,
                    preferred_language=language)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="password1") from exc
        user.set_password(password)
        user.save()
        record_event(type="user.signed_up", obj=user, actor=user, payload={"role": user.role})
        send_phone_code(user=user)
    return user


def send_phone_code(*, user: User, now=None) -> PhoneOTP:
    """Issue a new one-time code for the user's phone, at most OTP_MAX_SENDS_PER_HOUR an hour."""
    now = now or timezone.now()
    purpose = PhoneOTP.Purpose.CONFIRM_PHONE
    with transaction.atomic():
        recent = PhoneOTP.objects.filter(phone=user.phone, purpose=purpose,
                                         created_at__gte=now - timedelta(hours=1)).count()
        if recent >= settings.OTP_MAX_SENDS_PER_HOUR:
            raise RateLimited(_("Too many codes were sent to this number. Try again in an hour."))
        code = f"{secrets.randbelow(1_000_000):06d}"
        otp = PhoneOTP.objects.create(
            phone=user.phone, purpose=purpose, code_hash=_hash_code(user.phone, code),
            created_at=now, expires_at=now + timedelta(seconds=settings.OTP_TTL_SECONDS),
        )
        body = render_in_language(
            user.preferred_language,
            lambda: _("Mahalla: your confirmation code is %(code)s. Do not share it.")
            % {"code": code},
        )
        queue_message(channel=OutboxMessage.Channel.SMS, kind="otp", recipient=user,
                      address=user.phone, body=body)
    return otp


def confirm_phone(*, user: User, code: str, now=None) -> User:
    """Check a code against the latest one sent; on success the phone is confirmed."""
    now = now or timezone.now()
    code = (code or "").strip()
    # A wrong code must count even though we refuse: decide inside, raise after commit.
    error: DomainError | None = None
    with transaction.atomic():
        otp = (PhoneOTP.objects.select_for_update()
               .filter(phone=user.phone, purpose=PhoneOTP.Purpose.CONFIRM_PHONE,
                       used_at__isnull=True)
               .order_by("-created_at", "-id").first())
        if otp is None:
            error = DomainError(_("No code is waiting for this number. Ask for a new code."),
                                field="code")
        elif otp.expires_at <= now:
            error = DomainError(_("This code has expired. Ask for a new code."), field="code")
        elif otp.attempts >= settings.OTP_MAX_ATTEMPTS:
            error = RateLimited(_("Too many wrong codes. Ask for a new code."), field="code")
        elif not hmac.compare_digest(otp.code_hash, _hash_code(user.phone, code)):
            otp.attempts += 1
            otp.save(update_fields=["attempts"])
            remaining = settings.OTP_MAX_ATTEMPTS - otp.attempts
            error = DomainError(
                _("The code is wrong. Attempts left: %(left)d.") % {"left": remaining},
                field="code")
        else:
            otp.used_at = now
            otp.save(update_fields=["used_at"])
            user.phone_verified_at = now
            user.save(update_fields=["phone_verified_at", "updated_at"])
            Verification.objects.get_or_create(user=user, method="phone", revoked_at=None,
                                               defaults={"verified_at": now})
            record_event(type="user.phone_confirmed", obj=user, actor=user)
    if error is not None:
        raise error
    return user


def update_profile(*, user: User, full_name: str, email: str, language: str,
                   mahalla=None) -> User:
    with transaction.atomic():
        user.full_name = clean_text(full_name)[:200]
        user.email = (email or "").strip()
        user.preferred_language = language
        if user.is_resident:
            user.mahalla = mahalla
        user.save(update_fields=["full_name", "email", "preferred_language", "mahalla",
                                 "updated_at"])
        record_event(type="user.profile_updated", obj=user, actor=user)
    return user

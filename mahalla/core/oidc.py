"""OpenID Connect login (for OneID through an OIDC bridge), on only when OIDC_ENABLED is set.

The provider's claims name the person's phone and PINFL; we match accounts by phone.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from mahalla.core.models import Role, User, Verification
from mahalla.core.phone import normalize_phone


class MahallaOIDCBackend(OIDCAuthenticationBackend):
    def _phone(self, claims) -> str | None:
        try:
            return normalize_phone(str(claims.get(settings.OIDC_PHONE_CLAIM, "")))
        except ValidationError:
            return None

    def verify_claims(self, claims) -> bool:
        return self._phone(claims) is not None

    def filter_users_by_claims(self, claims):
        phone = self._phone(claims)
        return User.objects.filter(phone=phone) if phone else User.objects.none()

    def create_user(self, claims):
        name = " ".join(filter(None, [claims.get("given_name"), claims.get("family_name")]))
        user = User.objects.create_user(self._phone(claims), None, role=Role.RESIDENT,
                                        full_name=name or claims.get("name", ""),
                                        phone_verified_at=timezone.now())
        Verification.objects.create(user=user, method="oneid")
        return user

    def update_user(self, user, claims):
        Verification.objects.get_or_create(user=user, method="oneid", revoked_at=None)
        return user

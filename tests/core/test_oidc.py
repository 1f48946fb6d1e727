"""OpenID Connect login (OneID through an OIDC bridge): claims map to a resident account."""

import pytest
from django.test import override_settings

from mahalla.core.models import Role, User
from tests.factories import UserFactory

OIDC = {
    "OIDC_RP_CLIENT_ID": "mahalla", "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://id.example/auth",
    "OIDC_OP_TOKEN_ENDPOINT": "https://id.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://id.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://id.example/jwks", "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_PHONE_CLAIM": "phone_number", "OIDC_PINFL_CLAIM": "pin",
}


@pytest.fixture
def backend():
    with override_settings(**OIDC):
        from mahalla.core.oidc import MahallaOIDCBackend

        yield MahallaOIDCBackend()


CLAIMS = {"phone_number": "998 90 123 45 67", "given_name": "Aziz", "family_name": "Rahimov",
          "pin": "31234567890123"}


def test_claims_without_a_valid_uzbek_phone_are_refused(backend):
    assert not backend.verify_claims({"phone_number": "+7 999 000 00 00"})
    assert backend.verify_claims(CLAIMS)


@pytest.mark.django_db
def test_new_person_becomes_a_verified_resident(backend):
    user = backend.create_user(CLAIMS)
    assert user.phone == "+998901234567" and user.role == Role.RESIDENT
    assert user.full_name == "Aziz Rahimov" and user.phone_verified
    assert user.verifications.filter(method="oneid").exists()


@pytest.mark.django_db
def test_existing_account_is_found_by_phone(backend):
    existing = UserFactory(phone="+998901234567")
    assert list(backend.filter_users_by_claims(CLAIMS)) == [existing]
    backend.update_user(existing, CLAIMS)
    assert existing.verifications.filter(method="oneid").exists()
    assert User.objects.count() == 1


def test_oidc_is_off_by_default(settings, client):
    assert settings.OIDC_ENABLED is False
    assert "mozilla_django_oidc" not in settings.INSTALLED_APPS

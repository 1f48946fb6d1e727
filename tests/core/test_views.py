import re

import pytest
from django.urls import reverse

from mahalla.core.models import User
from mahalla.notify.models import OutboxMessage
from tests.factories import DEFAULT_PASSWORD, UserFactory

LANGUAGE_PREFIXES = {"uz": "", "uz-cyrl": "/uz-cyrl", "ru": "/ru", "en": "/en"}
HTML_LANG = {"uz": "uz-Latn", "uz-cyrl": "uz-Cyrl", "ru": "ru", "en": "en"}
HOME_TITLE = {"uz": "Mahallangiz", "uz-cyrl": "Маҳаллангиз", "ru": "махалля", "en": "Your mahalla"}


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_home_page_answers_in_every_language(client, db, language):
    response = client.get(LANGUAGE_PREFIXES[language] + "/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{HTML_LANG[language]}">' in html
    assert HOME_TITLE[language] in html
    assert html.count("<main") == 1


def test_pages_carry_security_headers(client, db):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_language_switcher_sets_the_language(client, db):
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()


def test_signup_confirm_and_profile_through_the_web(client, db):
    response = client.post(reverse("core:signup"), {
        "full_name": "Gulnora Saidova", "phone": "90 765 43 21",
        "password1": "qiyin-parol-77", "password2": "qiyin-parol-77", "consent": "on",
    })
    assert response.status_code == 302 and response["Location"] == reverse("core:confirm_phone")
    user = User.objects.get(phone="+998907654321")
    body = OutboxMessage.objects.get(recipient=user).body
    code = re.search(r"\d{6}", body).group()
    response = client.post(reverse("core:confirm_phone"), {"code": code})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified
    assert client.get(reverse("core:profile")).status_code == 200


def test_signup_form_errors_are_shown_and_nothing_is_stored(client, db):
    response = client.post(reverse("core:signup"), {
        "full_name": "", "phone": "+7 999 123 45 67", "password1": "a", "password2": "b",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert not User.objects.exists()


def test_login_accepts_any_typed_phone_form(client, db):
    UserFactory(phone="+998901234567")
    response = client.post(reverse("core:login"), {"username": "+998 (90) 123-45-67",
                                                   "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_login_is_rate_limited(client, db, settings):
    UserFactory(phone="+998901234567")
    statuses = [client.post(reverse("core:login"), {"username": "901234567",
                                                    "password": "wrong"}).status_code
                for _ in range(12)]
    assert statuses[0] == 200 and statuses[-1] == 429


def test_profile_requires_login(client, db):
    response = client.get(reverse("core:profile"))
    assert response.status_code == 302 and reverse("core:login") in response["Location"]


def test_wrong_code_on_the_web_shows_the_error(client, resident):
    client.force_login(resident)
    response = client.post(reverse("core:confirm_phone"), {"code": "12345x"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()


def test_api_schema_and_health(client, db):
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "Mahalla API"
    assert client.get("/api/v1/health").json()["status"] == "ok"
    assert {c["code"] for c in client.get("/api/v1/categories").json()} >= {"roads", "water"}

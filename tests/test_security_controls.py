"""Security controls of the issue's list that no app's own tests pin down: CSP with nothing
inline, rate limits that cannot be dodged by respelling a phone, the upload ceiling."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mahalla.appeals.models import Appeal
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "mahalla").glob("**/templates"))]
# A <script> that has a body instead of src= runs inline; JSON data blocks do not run.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=[\"']application/(?:ld\+)?json)[^>]*>\s*[^<\s]",
    re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']|javascript:", re.IGNORECASE)
PUBLIC_PAGES = ["/", "/login/", "/signup/", "/map/", "/services/",
                "/documents/verify/", "/en/", "/ru/login/"]


def inline_code(html: str) -> list[str]:
    return [m.group(0) for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER)
            for m in pattern.finditer(html)]


def test_no_template_holds_inline_scripts_styles_or_handlers():
    templates = [p for d in TEMPLATE_DIRS for p in d.glob("**/*.html")]
    assert len(templates) > 20
    found = {str(p.relative_to(ROOT)): hits for p in templates
             if (hits := inline_code(p.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_scanner_sees_what_csp_would_block():
    assert inline_code('<script>alert(1)</script><p style="color:red" onclick="x()">')
    assert not inline_code('<script src="/static/js/map.js" defer></script>'
                           '<script id="d" type="application/json">{"a": 1}</script>')


@pytest.mark.django_db
def test_pages_send_a_strict_csp_and_render_nothing_inline(client):
    served = 0
    for url in PUBLIC_PAGES:
        response = client.get(url)
        if response.status_code != 200:
            continue
        served += 1
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert inline_code(response.text) == [], url
    assert served >= 6


@pytest.mark.django_db
def test_login_limit_counts_a_number_however_it_is_spelled(client, time_machine):
    # One rate window (LOGIN_RATE, 10/m) for the whole test.
    time_machine.move_to("2026-11-23 10:00:30+05:00", tick=False)
    UserFactory(phone="+998901234567")
    spellings = ["+998901234567", "998901234567", "901234567", "90 123 45 67",
                 "+998 90 123 45 67", "(90) 123-45-67", "90-123-45-67", "+998 (90) 123 45 67",
                 "998 90 1234567", "90 1234567", "+998 901 234 567"]
    # From a new address each time, so only the per-number limit can stop the 11th.
    statuses = [client.post(reverse("core:login"), {"username": spelled, "password": "wrong"},
                            REMOTE_ADDR=f"198.51.100.{n}").status_code
                for n, spelled in enumerate(spellings)]
    assert statuses == [200] * 10 + [429]
    other = client.post(reverse("core:login"), {"username": "+998901234568",
                                                "password": "wrong"}, REMOTE_ADDR="198.51.100.99")
    assert other.status_code == 200


@pytest.mark.django_db
def test_signup_is_rate_limited_per_address(client, time_machine):
    time_machine.move_to("2026-11-23 10:00:30+05:00", tick=False)
    # The decorator read SIGNUP_RATE at import: 20/h.
    statuses = {client.post(reverse("core:signup"), {"phone": "x"}).status_code
                for _ in range(21)}
    assert statuses == {200, 429}


@pytest.mark.django_db
def test_code_confirmation_is_rate_limited_per_account(client, time_machine):
    time_machine.move_to("2026-11-23 10:00:30+05:00", tick=False)
    user = UserFactory(phone_verified_at=None)
    client.force_login(user)
    # OTP_RATE (10/m) on top of the service's per-code attempt limit.
    statuses = [client.post(reverse("core:confirm_phone"), {"code": "000000"}).status_code
                for _ in range(11)]
    assert statuses[0] == 200 and statuses[-1] == 429


@pytest.mark.django_db
def test_a_request_over_the_upload_ceiling_is_refused_before_anything_is_stored(
        client, world, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 50_000
    client.force_login(world["resident"])
    photo = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * 60_000,
                               content_type="image/jpeg")
    response = client.post(reverse("appeals:new"), {
        "kind": "problem_report", "category": "water", "text": "Suv quvuri yorildi",
        "consent": "on", "photos": photo})
    assert response.status_code == 400
    assert not Appeal.objects.exists()


@pytest.mark.django_db
def test_uploads_under_the_ceiling_reach_the_form(client, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 50_000
    user = UserFactory()
    client.force_login(user)
    small = SimpleUploadedFile("a.pdf", b"%PDF-1.4 small", content_type="application/pdf")
    response = client.post("/documents/verify/", {"file": small})
    assert response.status_code in {200, 413}

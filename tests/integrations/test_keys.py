"""Integration keys: made by command or admin, stored hashed, scoped, rate-limited, revocable;
the same X-API-Key works on /api/v1, and a dispatch system acting as its organization's
account updates only the appeals routed to that organization."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from mahalla.appeals.models import Appeal
from mahalla.core.exceptions import DomainError
from mahalla.core.models import DomainEvent, Role
from mahalla.integrations.keys import KeyRefused, use_key
from mahalla.integrations.models import ApiKey
from mahalla.integrations.services import create_api_key, revoke_api_key
from tests.factories import ApiKeyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_command_prints_the_key_on_its_last_line_and_stores_only_its_hash():
    out = StringIO()
    call_command("create_api_key", "City app", "--scope", "open311.submit", "--scope",
                 "triage", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    key = ApiKey.objects.get(name="City app")
    assert raw.startswith("mhl_") and len(raw) > 30
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiKey.objects.values().get(pk=key.pk))
    assert key.scopes == ["open311.submit", "triage"]
    assert DomainEvent.objects.filter(type="integration.key_created").count() == 1


def test_the_command_acts_as_an_account_given_by_phone():
    dispatcher = UserFactory(role=Role.ORG_DISPATCHER, phone="+998901112233")
    out = StringIO()
    call_command("create_api_key", "Dispatch", "--scope", "appeals.work", "--acts-as",
                 "90 111 22 33", stdout=out)
    assert ApiKey.objects.get(name="Dispatch").acts_as == dispatcher


def test_the_command_refuses_unknown_accounts_and_bad_rates():
    with pytest.raises(CommandError):
        call_command("create_api_key", "X", "--acts-as", "+998909999999", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("create_api_key", "X", "--rate", "lots", stdout=StringIO())
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("fields, field", [
    ({"name": " ", "scopes": ["triage"]}, "name"),
    ({"name": "A", "scopes": []}, "scopes"),
    ({"name": "A", "scopes": ["everything"]}, "scopes"),
    ({"name": "A", "scopes": ["triage"], "rate": "5 per minute"}, "rate"),
])
def test_bad_key_fields_are_refused_with_the_field_named(fields, field):
    with pytest.raises(DomainError) as refused:
        create_api_key(**fields)
    assert refused.value.field == field


def _request(rf):
    return rf.get("/")


def test_use_key_checks_existence_scope_revocation_and_expiry(rf):
    key = ApiKeyFactory(scopes=["open311.submit"])
    assert use_key(_request(rf), key.raw, "open311.submit") == key
    for raw, scope, status in [(None, "open311.submit", 401), ("mhl_nope", "open311.submit", 401),
                               (key.raw, "triage", 403), (key.raw, None, 403)]:
        with pytest.raises(KeyRefused) as refused:
            use_key(_request(rf), raw, scope)
        assert refused.value.status == status
    revoke_api_key(key=key, reason="leaked")
    with pytest.raises(KeyRefused) as refused:
        use_key(_request(rf), key.raw, "open311.submit")
    assert refused.value.status == 401
    assert DomainEvent.objects.filter(type="integration.key_revoked").count() == 1


def test_each_key_has_its_own_rate_limit(rf, time_machine):
    # One rate window for the whole test: a window boundary must not fall between requests.
    time_machine.move_to("2026-11-23 10:00:30+05:00", tick=False)
    slow = ApiKeyFactory(scopes=["triage"], rate="2/m")
    other = ApiKeyFactory(scopes=["triage"], rate="2/m")
    use_key(_request(rf), slow.raw, "triage")
    use_key(_request(rf), slow.raw, "triage")
    with pytest.raises(KeyRefused) as refused:
        use_key(_request(rf), slow.raw, "triage")
    assert refused.value.status == 429
    assert use_key(_request(rf), other.raw, "triage") == other


# --- /api/v1 with X-API-Key -----------------------------------------------------------------


def test_a_triage_key_classifies_without_an_account():
    key = ApiKeyFactory(scopes=["triage"])
    response = Client().post("/api/v1/triage/classify", {"text": "Ko'chada suv quvuri yorildi"},
                             content_type="application/json", headers={"X-API-Key": key.raw})
    assert response.status_code == 200, response.content
    assert response.json()["category"]


def test_a_key_opens_only_the_operations_of_its_scopes():
    key = ApiKeyFactory(scopes=["open311.submit"])
    response = Client().post("/api/v1/triage/classify", {"text": "Ko'chada suv quvuri yorildi"},
                             content_type="application/json",
                             headers={"X-API-Key": key.raw, "Accept-Language": "en"})
    assert response.status_code == 403
    assert response.json()["error"] == "This API key may not do this."


def test_an_unknown_or_revoked_key_gets_401_in_the_callers_language():
    key = ApiKeyFactory(scopes=["triage"])
    revoke_api_key(key=key)
    for raw in ("mhl_unknown", key.raw):
        response = Client().post("/api/v1/triage/classify", {"text": "suv yo'q uyda"},
                                 content_type="application/json",
                                 headers={"X-API-Key": raw, "Accept-Language": "ru"})
        assert response.status_code == 401
        assert response.headers["Content-Language"] == "ru"


@override_settings(API_KEY_DEFAULT_RATE="3/m")
def test_api_requests_over_the_keys_rate_get_429(time_machine):
    # One rate window for the whole test: a window boundary must not fall between requests.
    time_machine.move_to("2026-11-23 10:00:30+05:00", tick=False)
    key = ApiKeyFactory(scopes=["triage"])
    client = Client()
    codes = [client.post("/api/v1/triage/classify", {"text": "suv yo'q uyda uch kundan beri"},
                         content_type="application/json",
                         headers={"X-API-Key": key.raw}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_a_submission_key_sends_appeals_through_the_api(world):
    key = ApiKeyFactory(scopes=["appeals.submit"])
    response = Client().post("/api/v1/appeals", {
        "kind": "problem_report", "category": "water", "text": "Ko'chada suv quvuri yorildi",
        "latitude": "41.360000", "longitude": "69.290000"}, headers={"X-API-Key": key.raw})
    assert response.status_code == 201, response.content
    appeal = Appeal.objects.get(number=response.json()["number"])
    assert appeal.author is None and appeal.channel == Appeal.Channel.API


def test_the_dispatch_system_of_an_organization_updates_only_its_own_appeals(world, submit):
    ours = submit(category="water")
    theirs = submit(category="gas", text="Gaz hidi kelmoqda, quvur teshilgan bo'lishi mumkin")
    assert ours.organization == world["water"] and theirs.organization == world["gas"]
    key = ApiKeyFactory(scopes=["appeals.read", "appeals.work"], acts_as=world["dispatcher"])
    client = Client(headers={"X-API-Key": key.raw})

    queue = client.get("/api/v1/appeals/queue").json()
    assert [row["number"] for row in queue["items"]] == [ours.number]

    assert client.post(f"/api/v1/appeals/{ours.number}/start").status_code == 200
    answered = client.post(f"/api/v1/appeals/{ours.number}/answer",
                           {"text": "Quvur almashtirildi, suv berildi."},
                           content_type="application/json")
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "answered"

    assert client.post(f"/api/v1/appeals/{theirs.number}/start").status_code == 404
    assert client.get(f"/api/v1/appeals/{theirs.number}").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Appeal.Status.REGISTERED


def test_a_read_only_key_cannot_change_appeals(world, submit):
    appeal = submit()
    key = ApiKeyFactory(scopes=["appeals.read"], acts_as=world["dispatcher"])
    client = Client(headers={"X-API-Key": key.raw})
    assert client.get(f"/api/v1/appeals/{appeal.number}").status_code == 200
    assert client.post(f"/api/v1/appeals/{appeal.number}/start").status_code == 403


def test_a_key_of_a_blocked_account_is_refused(world, submit):
    appeal = submit()
    key = ApiKeyFactory(scopes=["appeals.read"], acts_as=world["dispatcher"])
    world["dispatcher"].is_active = False
    world["dispatcher"].save()
    response = Client().get(f"/api/v1/appeals/{appeal.number}", headers={"X-API-Key": key.raw})
    assert response.status_code == 403


def test_a_session_needs_no_key_and_a_key_needs_no_csrf(world, submit):
    appeal = submit()
    key = ApiKeyFactory(scopes=["appeals.work"], acts_as=world["dispatcher"])
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/api/v1/appeals/{appeal.number}/start",
                           headers={"X-API-Key": key.raw})
    assert response.status_code == 200


@pytest.fixture
def admin_client():
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    return client


def test_admin_creates_a_key_and_shows_it_once(admin_client):
    response = admin_client.post("/en/admin/integrations/apikey/add/", {
        "name": "Agency", "scopes": ["triage", "open311.submit"], "rate": "100/m"}, follow=True)
    assert response.status_code == 200
    key = ApiKey.objects.get(name="Agency")
    shown = [str(m) for m in response.context["messages"]]
    raw = shown[0].rsplit(" ", 1)[-1]
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert key.created_by is not None


def test_admin_revokes_keys(admin_client):
    key = ApiKeyFactory(scopes=["triage"])
    admin_client.post("/en/admin/integrations/apikey/", {
        "action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_admin_changes_only_rate_and_expiry_and_records_it(admin_client):
    key = ApiKeyFactory(scopes=["triage"])
    url = f"/en/admin/integrations/apikey/{key.pk}/change/"
    bad = admin_client.post(url, {"rate": "lots", "expires_at_0": "", "expires_at_1": ""})
    assert bad.status_code == 200 and "e.g. 600/m" in bad.content.decode()
    admin_client.post(url, {"rate": "50/m", "expires_at_0": "", "expires_at_1": ""})
    key.refresh_from_db()
    assert key.rate == "50/m" and key.scopes == ["triage"]
    assert DomainEvent.objects.filter(type="integration.key_changed").count() == 1

"""Receivers on private addresses are refused unless allowed; subscriptions need https."""

import socket

import pytest
from django.core.exceptions import ValidationError

from mahalla.core.exceptions import DomainError
from mahalla.webhooks.destinations import RefusedDestination, check_url, refuse_private
from mahalla.webhooks.models import WebhookDelivery, WebhookSubscription
from mahalla.webhooks.services import attempt_delivery, save_subscription

S = WebhookDelivery.Status


@pytest.fixture
def private_not_allowed(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False


@pytest.mark.parametrize(("scheme", "error"), [("http", "must use https"),
                                             ("https", "non-public address 127.0.0.1")])
@pytest.mark.usefixtures("private_not_allowed")
def test_private_address_refused_at_send_time(receiver, subscribe, submit, scheme, error,
                                              django_capture_on_commit_callbacks):
    # Saved while allowed (or pointing at a name that later resolves inside): checked again.
    url = receiver.url().replace("http://", f"{scheme}://")
    subscribe(url, event_types=["appeal.registered"])
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == S.FAILED
    assert delivery.attempts == 1
    assert delivery.next_attempt_at is None
    assert delivery.last_status_code is None
    assert error in delivery.last_error
    assert receiver.requests == []


@pytest.mark.usefixtures("private_not_allowed")
@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.0.9",
                                     "100.64.0.1", "::1", "fd00::1", "::ffff:10.0.0.1"])
def test_names_resolving_inside_are_refused(monkeypatch, address):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET

    def resolve(host, port, *args, **kwargs):
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(RefusedDestination, match="non-public address"):
        refuse_private("https://hooks.agency.example/in")


@pytest.mark.usefixtures("private_not_allowed")
def test_public_address_passes(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("195.158.1.10", port))])
    refuse_private("https://my.gov.uz/webhooks")


@pytest.mark.usefixtures("private_not_allowed")
def test_localhost_by_name_fails_the_delivery(subscribe, submit,
                                              django_capture_on_commit_callbacks):
    subscribe("https://localhost:9/hook", event_types=["appeal.registered"])
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == S.FAILED
    assert "non-public address" in delivery.last_error


@pytest.mark.parametrize(("url", "allowed"), [
    ("https://my.gov.uz/webhooks", True),
    ("http://my.gov.uz/webhooks", False),
    ("ftp://my.gov.uz/", False),
    ("https://user:pw@my.gov.uz/", False),
    ("https://10.0.0.5/hook", False),
    ("http://127.0.0.1:8080/hook", False),
    ("https://[::1]/hook", False),
    ("not a url", False),
])
def test_check_url_when_private_is_not_allowed(settings, url, allowed):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    if allowed:
        assert check_url(url) == url
    else:
        with pytest.raises(DomainError):
            check_url(url)


@pytest.mark.parametrize(("url", "allowed"), [
    ("http://127.0.0.1:8080/hook", True),
    ("http://localhost:8080/hook", True),
    ("https://10.0.0.5/hook", True),
    ("http://10.0.0.5/hook", False),  # plain http only to this machine
    ("http://my.gov.uz/webhooks", False),
])
def test_check_url_when_private_is_allowed(url, allowed):
    if allowed:
        assert check_url(url) == url
    else:
        with pytest.raises(DomainError):
            check_url(url)


def test_subscription_validation(admin, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(DomainError) as error:
        save_subscription(subscription=WebhookSubscription(name="x", url="http://my.gov.uz/"),
                          actor=admin)
    assert error.value.field == "url"
    with pytest.raises(DomainError) as error:
        save_subscription(subscription=WebhookSubscription(
            name="x", url="https://my.gov.uz/", event_types=["user.signed_up"]), actor=admin)
    assert error.value.field == "event_types"
    subscription = WebhookSubscription(name="x", url="https://my.gov.uz/", secret="",
                                       event_types=["appeal.*", "appeal.*", "appeal.closed"])
    with pytest.raises(ValidationError):
        WebhookSubscription(name="x", url="https://my.gov.uz/", event_types="appeal.*").full_clean()
    save_subscription(subscription=subscription, actor=admin)
    subscription.refresh_from_db()
    assert len(subscription.secret) >= 43  # generated: token_urlsafe(32)
    assert subscription.event_types == ["appeal.*", "appeal.closed"]
    assert subscription.created_by == admin


def test_attempt_of_missing_delivery_is_harmless(db):
    assert attempt_delivery("00000000-0000-0000-0000-000000000000") == "missing"

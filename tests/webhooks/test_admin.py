"""The back office: subscriptions with a generated, then read-only secret; a read-only
delivery log with "Re-send selected"; a test ping."""

import json

import pytest
from django.urls import reverse

from mahalla.core.models import DomainEvent
from mahalla.webhooks.models import WebhookDelivery, WebhookSubscription
from mahalla.webhooks.signing import verify_signature
from tests.factories import UserFactory

S = WebhookDelivery.Status


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_add_subscription_generates_secret_and_records_it(admin_client, admin, receiver):
    response = admin_client.post(reverse("admin:webhooks_webhooksubscription_add"), {
        "name": "Suvoqova dispatch", "url": receiver.url(), "secret": "",
        "event_types": '["appeal.*"]', "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    subscription = WebhookSubscription.objects.get()
    assert len(subscription.secret) >= 43
    assert subscription.created_by == admin
    event = DomainEvent.objects.get(type="webhook.subscription_created")
    assert subscription.secret not in json.dumps(event.payload)

    page = admin_client.get(reverse("admin:webhooks_webhooksubscription_change",
                                    args=[subscription.pk])).content.decode()
    assert subscription.secret in page  # shown, so the receiver can be set up…
    assert 'name="secret"' not in page  # …but not edited


def test_add_form_refuses_bad_url_and_types(admin_client, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    response = admin_client.post(reverse("admin:webhooks_webhooksubscription_add"), {
        "name": "x", "url": "http://my.gov.uz/", "secret": "", "event_types": '["user.*"]',
    })
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"url", "event_types"}
    assert WebhookSubscription.objects.count() == 0


def test_ping_action_sends_signed_ping(admin_client, subscribe, receiver,
                                       django_capture_on_commit_callbacks):
    subscription = subscribe(receiver.url())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:webhooks_webhooksubscription_changelist"),
                                     {"action": "ping", "_selected_action": [subscription.pk]})
    assert response.status_code == 302
    [request] = receiver.requests
    body = json.loads(request["body"])
    assert body["type"] == "ping" and body["subscription"]["id"] == subscription.pk
    assert verify_signature(subscription.secret, request["headers"]["X-Mahalla-Signature"],
                            request["body"])
    assert WebhookDelivery.objects.get().status == S.DELIVERED


def test_delivery_log_pages_and_resend_action(admin_client, subscribe, submit, receiver,
                                              django_capture_on_commit_callbacks):
    receiver.status = 503
    subscribe(receiver.url(), event_types=["appeal.registered"])
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    delivery = WebhookDelivery.objects.get()
    changelist = reverse("admin:webhooks_webhookdelivery_changelist")
    assert admin_client.get(changelist, {"status": "pending"}).status_code == 200
    page = admin_client.get(reverse("admin:webhooks_webhookdelivery_change",
                                    args=[delivery.pk])).content.decode()
    assert "HTTP 503" in page and delivery.payload["appeal"]["number"] in page
    assert admin_client.get(reverse("admin:webhooks_webhooksubscription_changelist")
                            ).status_code == 200

    receiver.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(changelist, {"action": "resend",
                                                  "_selected_action": [str(delivery.pk)]})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == S.DELIVERED
    assert len(receiver.requests) == 2


def test_delivery_log_is_read_only(admin_client, subscribe):
    assert admin_client.get(reverse("admin:webhooks_webhookdelivery_add")).status_code == 403


def test_staff_who_may_only_view_cannot_resend(client, subscribe):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_webhookdelivery"))
    client.force_login(viewer)
    response = client.get(reverse("admin:webhooks_webhookdelivery_changelist"))
    assert response.status_code == 200
    assert b'value="resend"' not in response.content

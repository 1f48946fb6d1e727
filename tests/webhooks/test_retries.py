"""A receiver that fails: backoff, the sweep, giving up, and sending again by hand."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mahalla.core.exceptions import Conflict, PermissionDenied
from mahalla.core.models import DomainEvent
from mahalla.webhooks.models import WebhookDelivery
from mahalla.webhooks.services import attempt_delivery, resend_delivery, retry_due_webhooks
from mahalla.webhooks.tasks import deliver_webhook
from tests.factories import UserFactory

S = WebhookDelivery.Status


@pytest.fixture
def failing(receiver, subscribe, submit, django_capture_on_commit_callbacks):
    """One delivery (appeal.registered) that met a receiver answering 500."""
    receiver.status = 500
    subscribe(receiver.url(), event_types=["appeal.registered"])
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    return WebhookDelivery.objects.get()


def test_failed_attempt_is_recorded_and_retried_later(failing, receiver):
    now = timezone.now()
    assert failing.status == S.PENDING
    assert (failing.attempts, failing.last_status_code) == (1, 500)
    assert failing.last_error.startswith("HTTP 500")
    # First retry after the base delay (30 s) plus at most 10 % jitter.
    wait = failing.next_attempt_at - failing.last_attempt_at
    assert timedelta(seconds=30) <= wait <= timedelta(seconds=33)
    assert failing.next_attempt_at > now
    assert len(receiver.requests) == 1

    assert retry_due_webhooks() == 0  # not due yet
    receiver.status = 200
    with time_machine.travel(failing.next_attempt_at + timedelta(seconds=1)):
        assert retry_due_webhooks() == 1
    failing.refresh_from_db()
    assert failing.status == S.DELIVERED and failing.delivered_at
    assert (failing.attempts, failing.last_status_code, failing.last_error) == (2, 200, "")
    assert failing.next_attempt_at is None
    assert len(receiver.requests) == 2
    # Every attempt sends the same body under the same delivery id.
    assert receiver.requests[0]["body"] == receiver.requests[1]["body"]
    assert {r["headers"]["X-Mahalla-Delivery"] for r in receiver.requests} == {str(failing.pk)}


def test_backoff_doubles_then_gives_up_after_max_attempts(failing, receiver):
    waits = []
    for attempt in (2, 3):
        due = failing.next_attempt_at
        waits.append(due - failing.last_attempt_at)
        with time_machine.travel(due + timedelta(seconds=1)):
            retry_due_webhooks()
        failing.refresh_from_db()
        assert failing.attempts == attempt
    assert timedelta(seconds=30) <= waits[0] <= timedelta(seconds=33)
    assert timedelta(seconds=60) <= waits[1] <= timedelta(seconds=66)
    assert failing.status == S.FAILED  # WEBHOOK_MAX_ATTEMPTS = 3
    assert failing.next_attempt_at is None
    assert len(receiver.requests) == 3
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert retry_due_webhooks() == 0
        assert attempt_delivery(failing.pk) == "already failed"
    assert len(receiver.requests) == 3


def test_resend_starts_again_and_is_recorded(failing, receiver, admin,
                                             django_capture_on_commit_callbacks):
    receiver.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        resend_delivery(delivery=failing, actor=admin)
    failing.refresh_from_db()
    assert failing.status == S.DELIVERED
    assert failing.attempts == 1  # a fresh retry budget
    assert len(receiver.requests) == 2
    event = DomainEvent.objects.get(type="webhook.resent")
    assert (event.object_id, event.actor) == (str(failing.pk), admin)


def test_resend_of_a_delivered_delivery_sends_it_once_more(failing, receiver, admin,
                                                          django_capture_on_commit_callbacks):
    receiver.status = 200
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            resend_delivery(delivery=failing, actor=admin)
    assert len(receiver.requests) == 3
    failing.refresh_from_db()
    assert failing.status == S.DELIVERED


def test_resend_needs_permission_and_an_active_subscription(failing, admin):
    with pytest.raises(PermissionDenied):
        resend_delivery(delivery=failing, actor=UserFactory(is_staff=True))
    failing.subscription.is_active = False
    failing.subscription.save()
    with pytest.raises(Conflict):
        resend_delivery(delivery=failing, actor=admin)


def test_delivered_delivery_is_never_sent_again_by_the_task(failing, receiver):
    receiver.status = 200
    with time_machine.travel(failing.next_attempt_at + timedelta(seconds=1)):
        assert attempt_delivery(failing.pk) == S.DELIVERED
        deliver_webhook.enqueue(str(failing.pk))
        assert attempt_delivery(failing.pk) == "already delivered"
    assert len(receiver.requests) == 2


def test_attempt_in_flight_is_not_sent_twice(failing, receiver):
    # A claimed attempt pushes next_attempt_at out by a lease: a second worker (or the sweep)
    # finds it not due.
    WebhookDelivery.objects.filter(pk=failing.pk).update(
        next_attempt_at=timezone.now() + timedelta(seconds=70))
    assert attempt_delivery(failing.pk) == "not due"
    assert retry_due_webhooks() == 0
    assert len(receiver.requests) == 1


def test_inactive_subscription_stops_pending_deliveries(failing, receiver):
    failing.subscription.is_active = False
    failing.subscription.save()
    with time_machine.travel(failing.next_attempt_at + timedelta(seconds=1)):
        assert attempt_delivery(failing.pk) == S.FAILED
    failing.refresh_from_db()
    assert failing.last_error == "The subscription is inactive."
    assert len(receiver.requests) == 1


def test_retry_is_deferred_on_a_backend_that_can(failing, receiver, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends

    with time_machine.travel(failing.next_attempt_at + timedelta(seconds=1)):
        assert attempt_delivery(failing.pk) == S.PENDING
    failing.refresh_from_db()
    [queued] = task_backends["default"].results
    assert queued.task.func is deliver_webhook.func
    assert queued.args == [str(failing.pk)]
    assert queued.task.run_after == failing.next_attempt_at

"""Which subscriptions get which events: type patterns, territory, organization."""

import pytest
from django.db import transaction

from mahalla.core.events import record_event
from mahalla.core.models import DomainEvent
from mahalla.core.periodic import PERIODIC_TASKS
from mahalla.webhooks.models import WebhookDelivery
from mahalla.webhooks.sinks import deliver_appeal_events
from tests.factories import DistrictFactory, OrganizationFactory

ALL = ["appeal.submitted", "appeal.registered", "appeal.assigned", "appeal.started",
       "appeal.answered", "appeal.closed"]


@pytest.mark.django_db(transaction=True)
def test_each_subscription_gets_only_what_it_asked_for(world, submit, walk, receiver,
                                                       subscribe):
    district = world["district"]
    subscribe(receiver.url("/answered"), event_types=["appeal.answered"])
    subscribe(receiver.url("/work"), event_types=["appeal.assigned", "appeal.st*"])
    subscribe(receiver.url("/water"), organization=world["water"])
    subscribe(receiver.url("/gas"), organization=world["gas"])
    subscribe(receiver.url("/district"), district=district)
    subscribe(receiver.url("/elsewhere"), district=DistrictFactory())
    subscribe(receiver.url("/region"), region=district.region, event_types=["appeal.*"])
    subscribe(receiver.url("/off"), is_active=False)
    walk(submit())

    assert receiver.types("/answered") == ["appeal.answered"]
    assert receiver.types("/work") == ["appeal.assigned", "appeal.started"]
    # The organization is chosen when the appeal is registered, not before.
    assert receiver.types("/water") == ALL[1:]
    assert receiver.types("/district") == ALL
    assert receiver.types("/region") == ALL
    for path in ("/gas", "/elsewhere", "/off"):
        assert receiver.types(path) == []


def test_sink_costs_one_query_when_nobody_wants_the_event(submit, subscribe,
                                                         django_assert_num_queries):
    submit()
    event = DomainEvent.objects.filter(type="appeal.registered").get()
    with django_assert_num_queries(1):
        deliver_appeal_events(event)
    subscribe("https://example.org/hook", event_types=["appeal.closed"])
    with django_assert_num_queries(1):
        deliver_appeal_events(event)


def test_other_events_are_ignored_without_a_query(subscribe, django_assert_num_queries):
    subscribe("https://example.org/hook")
    organization = OrganizationFactory()
    with transaction.atomic():
        event = record_event(type="organization.updated", obj=organization)
    with django_assert_num_queries(0):
        deliver_appeal_events(event)
    assert WebhookDelivery.objects.count() == 0


def test_application_has_no_public_url(world, submit, subscribe, django_capture_on_commit_callbacks,
                                       settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False  # nothing is sent: only the stored body is checked
    subscribe("https://example.invalid/hook", event_types=["appeal.registered"])
    with django_capture_on_commit_callbacks():
        submit(kind="application")
    payload = WebhookDelivery.objects.get().payload
    assert payload["appeal"]["kind"] == "application"
    assert payload["appeal"]["url"] is None


def test_retry_sweep_is_a_periodic_task():
    assert ("mahalla.webhooks.tasks.retry_due_webhooks_task", 60) in PERIODIC_TASKS

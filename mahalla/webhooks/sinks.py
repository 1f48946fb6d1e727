"""The event sink: appeal events become webhook deliveries in the transaction of the change."""

from mahalla.core.models import DomainEvent
from mahalla.webhooks.models import WebhookSubscription
from mahalla.webhooks.services import appeal_territory, queue_event_deliveries

APPEAL_OBJECT = "appeals.appeal"


def deliver_appeal_events(event: DomainEvent) -> None:
    """Queue a delivery of `event` to each active subscription that wants it.

    Runs for every DomainEvent, so the common case is cheap: one query for the (few)
    active subscriptions, and the appeal is read only when one of them wants this type.
    """
    if not event.type.startswith("appeal.") or event.object_type != APPEAL_OBJECT:
        return
    wanting = [s for s in WebhookSubscription.objects.filter(is_active=True)
               if s.wants(event.type)]
    if not wanting:
        return
    from mahalla.appeals.models import Appeal

    appeal = (Appeal.objects.select_related("organization")
              .filter(pk=event.object_id).first())
    if appeal is None:
        return
    region_id, district_id = appeal_territory(appeal)
    matching = [s for s in wanting if s.covers(region_id=region_id, district_id=district_id,
                                               organization_id=appeal.organization_id)]
    if matching:
        queue_event_deliveries(event=event, appeal=appeal, subscriptions=matching)

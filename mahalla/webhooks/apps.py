from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "mahalla.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from mahalla.core.events import register_event_sink
        from mahalla.core.periodic import register
        from mahalla.webhooks.services import RETRY_SWEEP_SECONDS
        from mahalla.webhooks.sinks import deliver_appeal_events

        # Appeal events become deliveries in the transaction that records them.
        register_event_sink(deliver_appeal_events)
        register("mahalla.webhooks.tasks.retry_due_webhooks_task", RETRY_SWEEP_SECONDS)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "mahalla.ledger"
    label = "ledger"
    verbose_name = _("Transparency ledger")

    def ready(self) -> None:
        from mahalla.core.events import register_event_sink
        from mahalla.ledger.services import append_event

        # Every DomainEvent becomes a leaf in the transaction that records it.
        register_event_sink(append_event)

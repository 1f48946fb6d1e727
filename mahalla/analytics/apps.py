from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "mahalla.analytics"
    label = "analytics"
    verbose_name = _("Statistics and open data")

    def ready(self) -> None:
        from mahalla.analytics.signals import appeal_changed
        from mahalla.core.events import register_event_sink
        from mahalla.core.periodic import register

        register_event_sink(appeal_changed)
        register("mahalla.analytics.tasks.refresh_recent_task", 60 * 60)

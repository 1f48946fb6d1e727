from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "mahalla.triage"
    label = "triage"
    verbose_name = _("AI triage")

    def ready(self) -> None:
        from django.conf import settings

        from mahalla.core.periodic import register

        every = getattr(settings, "TRIAGE_RETRAIN_SECONDS", 7 * 24 * 3600)
        if every:
            register("mahalla.triage.tasks.retrain_task", every)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "mahalla.documents"
    label = "documents"
    verbose_name = _("E-services and applications")

    def ready(self) -> None:
        from mahalla.core.periodic import register

        # Applications past their decision date are escalated to the district, like appeals.
        register("mahalla.documents.tasks.escalate_overdue_applications_task", 15 * 60)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "mahalla.participation.community"
    label = "community"
    verbose_name = _("Discussions, virtual reception and ratings of services")

    def ready(self) -> None:
        from mahalla.core.periodic import register

        # Reminders of booked reception slots, a few minutes apart so none is missed.
        register("mahalla.participation.community.tasks.remind_receptions_task", 5 * 60)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mahalla.core"
    label = "core"
    verbose_name = _("Territory and people")

    def ready(self):
        from mahalla.core import checks  # noqa: F401  (registers the system checks)

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and restore commands, the 503 page when the database is away."""

    name = "mahalla.ops"
    label = "ops"

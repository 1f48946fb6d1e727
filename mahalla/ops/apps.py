from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and restore, the 503 page when the database is away, retries and
    the dead letters of background tasks, idempotency keys of create requests."""

    name = "mahalla.ops"
    label = "ops"

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from mahalla.core.periodic import register
        from mahalla.ops.retries import retry_failed_task

        task_finished.connect(retry_failed_task, dispatch_uid="mahalla.ops.retry_failed_task")
        register("mahalla.ops.tasks.prune_idempotency_records_task", 60 * 60)

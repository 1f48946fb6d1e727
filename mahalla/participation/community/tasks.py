from django_tasks import task

from mahalla.participation.community.services.reception import remind_upcoming


@task()
def remind_receptions_task() -> int:
    """Periodic: reminders of receptions starting soon (see `core.periodic`)."""
    return remind_upcoming()

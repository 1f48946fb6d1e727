from django_tasks import task

from mahalla.appeals.services.deadlines_watch import escalate_overdue, remind_due_soon


@task()
def remind_due_soon_task() -> int:
    return remind_due_soon()


@task()
def escalate_overdue_task() -> int:
    return escalate_overdue()


@task()
def fetch_media_task(appeal_id: int) -> int:
    from mahalla.appeals.media import fetch_media

    return fetch_media(appeal_id)

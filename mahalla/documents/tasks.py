from django_tasks import task

from mahalla.documents.services import escalate_overdue_applications


@task()
def escalate_overdue_applications_task() -> int:
    return escalate_overdue_applications()

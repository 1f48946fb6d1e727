from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from mahalla.analytics import rollups


@task()
def refresh_appeals_task(appeal_ids: list[int]) -> int:
    """Rewrite the rollups of the cohort days these appeals belong to."""
    return rollups.refresh_for_appeals(appeal_ids)


@task()
def refresh_recent_task() -> int:
    """Safety net: the days of every appeal changed in the last two hours, by any path."""
    return rollups.refresh_recent(since=timezone.now() - timedelta(hours=2))

"""Tasks for the retry and dead-letter tests: importable by path, as the worker needs."""

from django.core.cache import cache
from django_tasks import task


@task()
def always_fails(phone: str, appeal_id: int) -> None:
    raise RuntimeError(f"gateway refused {phone} (copy to someone@example.uz) for {appeal_id}")


@task()
def fails_once(name: str) -> str:
    """Fails on its first run, succeeds after (the count lives in the cache)."""
    runs = cache.get_or_set(f"fails_once:{name}", 0) + 1
    cache.set(f"fails_once:{name}", runs)
    if runs == 1:
        raise ConnectionError("the gateway did not answer")
    return "done"

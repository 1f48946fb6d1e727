"""Failed background tasks are queued again with a doubling wait, until attempts run out."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus

from mahalla.core import periodic
from mahalla.notify.tasks import deliver_message
from mahalla.ops.retries import is_retried, retry_delay
from tests.ops.failing_tasks import always_fails, fails_once
from tests.ops.tasks_helpers import attempt, db_tasks  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _waits(row) -> float:
    return (row.run_after - timezone.now()).total_seconds()


def test_a_failed_task_is_queued_again_with_a_doubling_wait(db_tasks, settings):  # noqa: F811
    settings.TASK_MAX_ATTEMPTS, settings.TASK_RETRY_BASE_SECONDS = 4, 30
    result = always_fails.enqueue("+998901234567", 7)
    row = attempt(result.id)
    assert row.status == TaskResultStatus.READY and len(row.worker_ids) == 1
    assert 25 < _waits(row) <= 33
    assert not db_tasks.objects.ready().filter(pk=row.pk).exists()  # not before its time
    assert row.exception_class_path == "builtins.RuntimeError"  # the last error stays visible
    row = attempt(result.id)
    assert row.status == TaskResultStatus.READY and 55 < _waits(row) <= 66
    row = attempt(result.id)
    assert row.status == TaskResultStatus.READY and 115 < _waits(row) <= 132
    row = attempt(result.id)
    assert row.status == TaskResultStatus.FAILED and len(row.worker_ids) == 4


def test_a_task_that_succeeds_on_its_second_attempt_ends_successful(db_tasks):  # noqa: F811
    result = fails_once.enqueue("sms-42")
    assert attempt(result.id).status == TaskResultStatus.READY
    row = attempt(result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value == "done"
    assert row.traceback == "" and len(row.worker_ids) == 2


def test_periodic_tasks_are_left_to_the_scheduler(db_tasks, monkeypatch):  # noqa: F811
    path = "tests.ops.failing_tasks.always_fails"
    monkeypatch.setattr(periodic, "PERIODIC_TASKS", [*periodic.PERIODIC_TASKS, (path, 60)])
    row = attempt(always_fails.enqueue("x", 1).id)
    assert row.status == TaskResultStatus.FAILED and len(row.worker_ids) == 1


def test_a_task_whose_row_is_gone_is_not_retried(db_tasks):  # noqa: F811
    row = attempt(deliver_message.enqueue(987654).id)  # no such outbox message
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path.endswith("DoesNotExist")


def test_what_is_retried_and_what_is_not():
    assert is_retried("mahalla.notify.tasks.deliver_message", "builtins.ConnectionError")
    assert is_retried("tests.ops.failing_tasks.always_fails", "no.such.Error")
    assert not is_retried("mahalla.webhooks.tasks.deliver_webhook", "builtins.OSError")
    assert not is_retried("mahalla.ledger.tasks.publish_checkpoint_task", "builtins.OSError")
    assert not is_retried("mahalla.notify.tasks.deliver_message", "builtins.ImportError")


def test_the_wait_is_capped(settings):
    settings.TASK_RETRY_BASE_SECONDS, settings.TASK_RETRY_MAX_SECONDS = 30, 600
    assert retry_delay(1) >= timedelta(seconds=30)
    assert timedelta(seconds=600) <= retry_delay(20) <= timedelta(seconds=660)


def test_the_immediate_backend_of_the_tests_is_left_alone():
    result = always_fails.enqueue("x", 1)
    assert result.status == TaskResultStatus.FAILED

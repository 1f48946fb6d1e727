"""The dead-letter page: failed tasks for administrators, without personal data, re-run."""

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus

from mahalla.core.exceptions import Conflict, PermissionDenied
from mahalla.core.models import DomainEvent, Role
from mahalla.ops.deadletter import args_summary, error_summary, rerun_failed_task
from tests.factories import UserFactory
from tests.ops.failing_tasks import always_fails, fails_once
from tests.ops.tasks_helpers import attempt, db_tasks  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
LIST = reverse("ops:failed_tasks")


@pytest.fixture
def admin(db):
    return UserFactory(role=Role.ADMINISTRATOR)


@pytest.fixture
def dead(db_tasks, settings):  # noqa: F811
    """A task that failed for good: two attempts allowed, both failed."""
    settings.TASK_MAX_ATTEMPTS = 2
    result = always_fails.enqueue("+998901234567", 4321)
    attempt(result.id)
    row = attempt(result.id, worker_id="worker-2")
    assert row.status == TaskResultStatus.FAILED
    return row


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_administrator_sees_the_failed_task_without_personal_data(dead, admin):
    response = client_for(admin).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "always_fails" in html and "(str[13], 4321)" in html
    assert "RuntimeError" in html
    assert "901234567" not in html and "someone@example.uz" not in html
    assert reverse("ops:rerun_task", args=[dead.pk]) in html
    row = response.context["rows"][0]
    assert row.attempts == 2 and row.finished_at == dead.finished_at


def test_tasks_still_being_retried_or_done_are_not_listed(db_tasks, admin):  # noqa: F811
    retrying = always_fails.enqueue("x", 1)
    attempt(retrying.id)
    done = fails_once.enqueue("a")
    attempt(done.id)
    attempt(done.id)
    assert client_for(admin).get(LIST).context["rows"] == []


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.DISTRICT_OFFICIAL, Role.RESIDENT])
def test_others_are_refused_the_list_and_the_rerun(dead, role):
    client = client_for(UserFactory(role=role))
    assert client.get(LIST).status_code == 403
    assert client.post(reverse("ops:rerun_task", args=[dead.pk])).status_code == 403
    dead.refresh_from_db()
    assert dead.status == TaskResultStatus.FAILED


def test_anonymous_visitors_are_sent_to_log_in(dead):
    assert Client().get(LIST).status_code == 302


def test_rerun_queues_the_task_again_and_records_an_event(dead, admin, db_tasks):  # noqa: F811
    response = client_for(admin).post(reverse("ops:rerun_task", args=[dead.pk]))
    assert response.status_code == 302 and response["Location"].endswith(LIST)
    dead.refresh_from_db()
    assert dead.status == TaskResultStatus.READY and dead.worker_ids == []
    assert db_tasks.objects.ready().filter(pk=dead.pk).exists()
    event = DomainEvent.objects.get(type="ops.task_rerun")
    assert event.object_id == str(dead.pk) and event.actor == admin
    assert event.payload == {"task": "tests.ops.failing_tasks.always_fails", "attempts": 2,
                             "error": "builtins.RuntimeError"}
    assert client_for(admin).get(LIST).context["rows"] == []
    # It runs with a fresh set of attempts: one failure is retried again.
    assert attempt(dead.pk).status == TaskResultStatus.READY


def test_a_rerun_of_a_task_no_longer_failed_changes_nothing(dead, admin):
    rerun_failed_task(result_id=dead.pk, actor=admin)
    with pytest.raises(Conflict):
        rerun_failed_task(result_id=dead.pk, actor=admin)
    assert DomainEvent.objects.filter(type="ops.task_rerun").count() == 1
    response = client_for(admin).post(reverse("ops:rerun_task", args=[dead.pk]), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_rerun_by_someone_else_is_refused_by_the_service(dead):
    with pytest.raises(PermissionDenied):
        rerun_failed_task(result_id=dead.pk, actor=UserFactory(role=Role.AUDITOR))
    assert not DomainEvent.objects.filter(type="ops.task_rerun").exists()


def test_unknown_and_malformed_ids(admin):
    client = client_for(admin)
    assert client.post(reverse("ops:rerun_task", args=["not-a-uuid"])).status_code == 404
    response = client.post(reverse("ops:rerun_task",
                                   args=["00000000-0000-0000-0000-000000000000"]), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_summaries_keep_ids_and_drop_text():
    assert args_summary({"args": [42, "3f1c4e9a-0000-4000-8000-000000000001", "Ali Valiyev"],
                         "kwargs": {"pinfl": 31234567890123, "flag": True}}) == (
        "(42, 3f1c4e9a-0000-4000-8000-000000000001, str[11], pinfl=int, flag=True)")
    assert args_summary("garbage") == "(…)"
    text = error_summary("smtplib.SMTPRecipientsRefused",
                         "Traceback...\nsmtplib.SMTPRecipientsRefused: "
                         "ali@mail.uz, +998 90 123 45 67")
    assert text == "SMTPRecipientsRefused: [email], [digits]"

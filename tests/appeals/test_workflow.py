from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mahalla.appeals.models import Appeal, AppealSupport
from mahalla.appeals.services import workflow
from mahalla.appeals.services.deadlines_watch import escalate_overdue, remind_due_soon
from mahalla.appeals.services.submit import support_appeal
from mahalla.core.exceptions import Conflict, DomainError, PermissionDenied
from mahalla.core.models import DomainEvent
from mahalla.notify.models import OutboxMessage
from tests.appeals.conftest import jpeg_bytes, upload
from tests.factories import OrganizationFactory

S = Appeal.Status


def snapshot(appeal):
    appeal.refresh_from_db()
    return (appeal.status, appeal.executor_id, appeal.organization_id, appeal.answer,
            appeal.steps.count(), DomainEvent.objects.count())


def test_full_path_assign_start_answer_rate(world, submit):
    appeal = submit()
    workflow.assign_appeal(appeal=appeal, executor=world["executor"], actor=world["dispatcher"])
    workflow.start_work(appeal=appeal, actor=world["executor"])
    workflow.answer_appeal(appeal=appeal, text="Quvur almashtirildi.", actor=world["executor"],
                           photos=[upload(jpeg_bytes())])
    appeal.refresh_from_db()
    assert appeal.status == S.ANSWERED and appeal.answered_at
    assert appeal.photos.filter(stage="result").count() == 1
    workflow.rate_answer(appeal=appeal, rating=5, comment="Rahmat!", user=world["resident"])
    appeal.refresh_from_db()
    assert appeal.status == S.CLOSED and appeal.rating == 5
    actions = list(appeal.steps.values_list("action", flat=True))
    assert actions == ["submitted", "registered", "assigned", "started", "answered", "rated"]
    assert all(s.actor_role for s in appeal.steps.all())
    kinds = set(OutboxMessage.objects.filter(recipient=world["resident"])
                .values_list("kind", flat=True))
    assert {"appeal.registered", "appeal.in_progress", "appeal.answered"} <= kinds


@pytest.mark.parametrize("who", ["resident", "executor", "gas_dispatcher", "other_chairman",
                                 "auditor", "chairman"])
def test_only_owners_may_assign(world, submit, who):
    appeal = submit()
    before = snapshot(appeal)
    with pytest.raises(PermissionDenied):
        workflow.assign_appeal(appeal=appeal, executor=world["executor"], actor=world[who])
    assert snapshot(appeal) == before


def test_district_official_may_assign(world, submit):
    appeal = submit()
    workflow.assign_appeal(appeal=appeal, executor=world["executor"], actor=world["official"])
    appeal.refresh_from_db()
    assert appeal.status == S.ASSIGNED


def test_executor_of_another_body_cannot_be_assigned(world, submit):
    appeal = submit()
    with pytest.raises(DomainError):
        workflow.assign_appeal(appeal=appeal, executor=world["gas_dispatcher"],
                               actor=world["dispatcher"])


def test_executor_acts_only_on_own_assignments(world, submit):
    appeal = submit()
    with pytest.raises(PermissionDenied):
        workflow.start_work(appeal=appeal, actor=world["executor"])
    workflow.assign_appeal(appeal=appeal, executor=world["executor"], actor=world["dispatcher"])
    workflow.start_work(appeal=appeal, actor=world["executor"])


def test_chairman_works_the_mahalla_queue(world, submit):
    appeal = submit(category="lighting")
    workflow.answer_appeal(appeal=appeal, text="Chiroq tuzatildi.", actor=world["chairman"])
    appeal.refresh_from_db()
    assert appeal.status == S.ANSWERED


def test_wrong_state_is_a_conflict(world, submit):
    appeal = submit()
    with pytest.raises(Conflict):
        workflow.close_appeal(appeal=appeal, actor=world["dispatcher"])


def test_only_the_author_rates_and_reopens(world, submit):
    appeal = submit()
    workflow.answer_appeal(appeal=appeal, text="Bajarildi.", actor=world["dispatcher"])
    with pytest.raises(PermissionDenied):
        workflow.rate_answer(appeal=appeal, rating=1, comment="", user=world["neighbour"])
    with pytest.raises(DomainError):
        workflow.rate_answer(appeal=appeal, rating=7, comment="", user=world["resident"])


def test_reopen_within_30_days_but_not_after(world, submit):
    appeal = submit()
    workflow.answer_appeal(appeal=appeal, text="Bajarildi.", actor=world["dispatcher"])
    workflow.reopen_appeal(appeal=appeal, reason="Suv hali ham oqmoqda", user=world["resident"])
    appeal.refresh_from_db()
    assert appeal.status == S.REGISTERED and appeal.reopen_count == 1
    workflow.answer_appeal(appeal=appeal, text="Endi bajarildi.", actor=world["dispatcher"])
    late = timezone.now() + timedelta(days=31)
    with pytest.raises(Conflict):
        workflow.reopen_appeal(appeal=appeal, reason="Yana", user=world["resident"], now=late)


def test_forward_within_five_working_days_with_reason(world, submit):
    appeal = submit()
    with pytest.raises(DomainError):
        workflow.forward_appeal(appeal=appeal, organization=world["gas"], reason="",
                                actor=world["dispatcher"])
    workflow.forward_appeal(appeal=appeal, organization=world["gas"],
                            reason="Bu gaz quvuri", actor=world["dispatcher"])
    appeal.refresh_from_db()
    assert appeal.status == S.FORWARDED and appeal.organization == world["gas"]
    assert appeal.steps.get(action="forwarded").note == "Bu gaz quvuri"
    # The water dispatcher no longer sees it; the gas dispatcher does.
    with pytest.raises(PermissionDenied):
        workflow.start_work(appeal=appeal, actor=world["dispatcher"])
    workflow.start_work(appeal=appeal, actor=world["gas_dispatcher"])


def test_forward_after_five_working_days_is_refused(world, submit):
    appeal = submit()
    late = appeal.registered_at + timedelta(days=10)
    with pytest.raises(Conflict):
        workflow.forward_appeal(appeal=appeal, organization=world["gas"], reason="Kech",
                                actor=world["dispatcher"], now=late)


def test_reject_requires_reason_and_records_it(world, submit):
    appeal = submit()
    workflow.reject_appeal(appeal=appeal, reason="Takroriy soxta xabar", actor=world["dispatcher"])
    appeal.refresh_from_db()
    assert appeal.status == S.REJECTED and appeal.answer == "Takroriy soxta xabar"


def test_extend_only_once_and_at_most_a_month(world, submit):
    appeal = submit()
    due = appeal.due_at
    with pytest.raises(DomainError):
        workflow.extend_deadline(appeal=appeal, reason="Tekshiruv", days=45,
                                 actor=world["dispatcher"])
    workflow.extend_deadline(appeal=appeal, reason="Qoʻshimcha tekshiruv", days=30,
                             actor=world["dispatcher"])
    appeal.refresh_from_db()
    assert appeal.due_at >= due + timedelta(days=30) and appeal.extended
    with pytest.raises(Conflict):
        workflow.extend_deadline(appeal=appeal, reason="Yana", days=5, actor=world["dispatcher"])


def test_merge_duplicate_moves_supporters(world, submit):
    first = submit()
    second = submit(author="neighbour")
    support_appeal(appeal=first, user=world["chairman"])
    workflow.merge_duplicate(appeal=second, into=first, actor=world["dispatcher"])
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == S.DUPLICATE and second.merged_into == first
    assert AppealSupport.objects.filter(appeal=first, user=world["neighbour"]).exists()
    assert first.supporters_count == 2
    with pytest.raises(DomainError):
        workflow.merge_duplicate(appeal=first, into=first, actor=world["dispatcher"])


def test_support_once(world, submit):
    appeal = submit()
    support_appeal(appeal=appeal, user=world["neighbour"])
    with pytest.raises(DomainError):
        support_appeal(appeal=appeal, user=world["neighbour"])


def test_moderation_publishes_chosen_photos_only(world, submit):
    appeal = submit(photos=[upload(jpeg_bytes()), upload(jpeg_bytes(color=(0, 0, 0)))])
    first, second = appeal.photos.all()
    workflow.moderate_appeal(appeal=appeal, publish=True, actor=world["dispatcher"],
                             public_photo_ids=[first.pk])
    assert Appeal.objects.public().get() == appeal
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_public and not second.is_public


def test_category_correction_reroutes(world, submit):
    appeal = submit()
    workflow.set_category(appeal=appeal, category="gas", actor=world["official"])
    appeal.refresh_from_db()
    assert appeal.organization == world["gas"]


def test_internal_comment_is_not_public(world, submit):
    appeal = submit()
    step = workflow.add_comment(appeal=appeal, text="Ichki izoh", actor=world["dispatcher"])
    assert step.visibility == "internal"


def test_reminder_two_days_before_and_escalation_after_deadline(world, submit):
    appeal = submit()
    workflow.assign_appeal(appeal=appeal, executor=world["executor"], actor=world["dispatcher"])
    appeal.refresh_from_db()
    with time_machine.travel(appeal.due_at - timedelta(days=1), tick=False):
        assert remind_due_soon() == 1
        assert remind_due_soon() == 0
        assert escalate_overdue() == 0
    assert OutboxMessage.objects.filter(recipient=world["executor"],
                                        kind="appeal.due_soon").exists()
    with time_machine.travel(appeal.due_at + timedelta(hours=1), tick=False):
        assert escalate_overdue() == 1
        assert escalate_overdue() == 0
    appeal.refresh_from_db()
    assert appeal.escalated_at and appeal.priority == Appeal.Priority.HIGH
    assert OutboxMessage.objects.filter(recipient=world["official"],
                                        kind="appeal.overdue").exists()
    assert appeal.steps.filter(action="escalated").exists()


def test_answered_appeals_are_not_escalated(world, submit):
    appeal = submit()
    workflow.answer_appeal(appeal=appeal, text="Bajarildi.", actor=world["dispatcher"])
    with time_machine.travel(appeal.due_at + timedelta(days=3), tick=False):
        assert escalate_overdue() == 0


def test_bulk_assign_is_all_or_nothing(world, submit):
    first, second = submit(), submit(category="gas")
    with pytest.raises(PermissionDenied):
        workflow.bulk_assign(appeals=[first, second], executor=world["executor"],
                             actor=world["dispatcher"])
    first.refresh_from_db()
    assert first.status == S.REGISTERED


def test_every_change_writes_a_domain_event(world, submit):
    appeal = submit()
    workflow.assign_appeal(appeal=appeal, executor=world["executor"], actor=world["dispatcher"])
    events = DomainEvent.objects.filter(object_type="appeals.appeal", object_id=str(appeal.pk))
    assert list(events.values_list("type", flat=True)) == [
        "appeal.submitted", "appeal.registered", "appeal.assigned"]
    assert events.last().actor_role == "org_dispatcher"


def test_other_org_unaffected(world, submit):
    OrganizationFactory()
    assert submit().organization == world["water"]


def test_priority_change_keeps_an_extension(world, submit):
    appeal = submit()
    workflow.extend_deadline(appeal=appeal, reason="Tekshiruv", days=20, actor=world["dispatcher"])
    appeal.refresh_from_db()
    extended_due = appeal.due_at
    workflow.set_priority(appeal=appeal, priority="high", actor=world["dispatcher"])
    appeal.refresh_from_db()
    assert appeal.due_at == extended_due


def test_category_change_applies_the_new_service_level(world, submit):
    from mahalla.appeals.models import ServiceLevel

    ServiceLevel.objects.create(category="gas", priority="normal", hours=24)
    appeal = submit()
    workflow.set_category(appeal=appeal, category="gas", actor=world["official"])
    appeal.refresh_from_db()
    assert appeal.due_at == appeal.registered_at + timedelta(hours=24)


def test_extra_study_gives_one_month_once_and_tells_the_applicant(world, submit):
    appeal = submit(kind="complaint")
    workflow.require_extra_study(appeal=appeal, reason="Suv namunasi tahlili kerak",
                                 actor=world["dispatcher"])
    appeal.refresh_from_db()
    assert appeal.extra_study
    assert (appeal.due_at.date() - appeal.registered_at.date()).days >= 30
    assert OutboxMessage.objects.filter(recipient=world["resident"],
                                        kind="appeal.extended").exists()
    with pytest.raises(Conflict):
        workflow.require_extra_study(appeal=appeal, reason="Yana", actor=world["dispatcher"])
    with pytest.raises(PermissionDenied):
        workflow.require_extra_study(appeal=submit(), reason="Tekshiruv",
                                     actor=world["executor"])


def test_proposal_has_no_extra_study(world, submit):
    appeal = submit(kind="proposal", category="lighting")
    with pytest.raises(Conflict):
        workflow.require_extra_study(appeal=appeal, reason="Oʻrganish",
                                     actor=world["chairman"])


def test_category_correction_becomes_training_data(world, submit):
    from mahalla.triage.models import TrainingExample

    appeal = submit()
    workflow.set_category(appeal=appeal, category="gas", actor=world["official"])
    example = TrainingExample.objects.get(appeal=appeal)
    assert (example.previous_category, example.category) == ("water", "gas")

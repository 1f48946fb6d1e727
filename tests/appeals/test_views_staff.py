"""Staff pages: the work queue (filters, HTMX, bulk assignment) and the actions on one appeal."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from mahalla.appeals.models import Appeal, AppealStep
from mahalla.appeals.services.workflow import answer_appeal, assign_appeal
from tests.appeals.conftest import jpeg_bytes, upload


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded photos go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def as_user(client, world):
    def _login(name):
        client.force_login(world[name])
        return client

    return _login


def act(client, appeal, action, data=None, **extra):
    return client.post(reverse("appeals:staff_action", args=[appeal.number, action]),
                       data or {}, **extra)


# The queue ----------------------------------------------------------------------------------


def test_queue_is_for_staff_only(client, world, as_user):
    url = reverse("appeals:queue")
    assert client.get(url).status_code == 302
    assert as_user("resident").get(url).status_code == 403
    assert as_user("dispatcher").get(url).status_code == 200


def test_dispatcher_sees_only_the_organizations_appeals(as_user, submit):
    water = submit()
    gas = submit(category="gas")
    html = as_user("dispatcher").get(reverse("appeals:queue")).content.decode()
    assert water.number in html and gas.number not in html
    html = as_user("gas_dispatcher").get(reverse("appeals:queue")).content.decode()
    assert gas.number in html and water.number not in html


def test_queue_filters_and_cyrillic_search(as_user, world, submit):
    leak = submit(text="Koʻchada suv quvuri yorilgan, yordam bering")
    other = submit(text="Hovlida suv bosimi juda past")
    assign_appeal(appeal=other, executor=world["executor"], actor=world["dispatcher"])
    client = as_user("official")
    url = reverse("appeals:queue")
    html = client.get(url, {"q": "қувури"}).content.decode()
    assert leak.number in html and other.number not in html
    html = client.get(url, {"status": "assigned"}).content.decode()
    assert other.number in html and leak.number not in html
    html = client.get(url, {"status": "open", "category": "gas"}).content.decode()
    assert leak.number not in html and "No appeals match" in html
    html = client.get(url, {"mahalla": world["home"].code, "sort": "priority"}).content.decode()
    assert leak.number in html and other.number in html
    html = as_user("executor").get(url, {"mine": "on"}).content.decode()
    assert other.number in html and leak.number not in html


def test_bad_filter_values_do_not_break_the_queue(as_user, submit):
    appeal = submit()
    response = as_user("dispatcher").get(reverse("appeals:queue"),
                                         {"status": "bogus", "sort": "x", "page": "abc"})
    assert response.status_code == 200 and appeal.number in response.content.decode()


def test_htmx_request_gets_only_the_table(as_user, submit):
    appeal = submit()
    response = as_user("dispatcher").get(reverse("appeals:queue"), {"status": "open"},
                                         HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<main" not in html and "<table" in html
    assert appeal.number in html and 'hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]
    restore = as_user("dispatcher").get(reverse("appeals:queue"), HTTP_HX_REQUEST="true",
                                        HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<main" in restore.content.decode()


def test_overdue_appeals_are_highlighted(as_user, submit):
    appeal = submit()
    with time_machine.travel(appeal.due_at + timedelta(days=1)):
        client = as_user("dispatcher")
        html = client.get(reverse("appeals:queue"), {"overdue": "on"}).content.decode()
    assert appeal.number in html and 'class="is-overdue"' in html


def test_queue_query_count_does_not_grow_with_rows(as_user, world, submit,
                                                   django_assert_max_num_queries):
    client = as_user("dispatcher")
    for _ in range(3):
        assign_appeal(appeal=submit(), executor=world["executor"], actor=world["dispatcher"])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("appeals:queue"))
    for _ in range(20):
        assign_appeal(appeal=submit(), executor=world["executor"], actor=world["dispatcher"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("appeals:queue"))
    assert response.content.decode().count("appeals/MAH-") >= 23


def test_queue_paginates_by_25(as_user, submit):
    numbers = [submit().number for _ in range(27)]
    client = as_user("dispatcher")
    html = client.get(reverse("appeals:queue"), {"sort": "newest"}).content.decode()
    assert numbers[-1] in html and numbers[0] not in html and "Page 1 of 2" in html
    html = client.get(reverse("appeals:queue"), {"sort": "newest", "page": "2"}).content.decode()
    assert numbers[0] in html


def test_bulk_assignment(as_user, world, submit):
    first, second, untouched = submit(), submit(), submit()
    response = as_user("dispatcher").post(reverse("appeals:bulk_assign"), {
        "appeal": [first.number, second.number], "executor": world["executor"].pk,
        "next": reverse("appeals:queue") + "?status=open"})
    assert response.status_code == 302
    assert response["Location"] == reverse("appeals:queue") + "?status=open"
    statuses = dict(Appeal.objects.values_list("number", "status"))
    assert statuses[first.number] == statuses[second.number] == Appeal.Status.ASSIGNED
    assert statuses[untouched.number] == Appeal.Status.REGISTERED


def test_bulk_assignment_is_all_or_nothing(as_user, world, submit):
    first, second = submit(), submit()
    assign_appeal(appeal=second, executor=world["executor"], actor=world["dispatcher"])
    answer_appeal(appeal=second, text="Tuzatildi", actor=world["executor"])
    response = as_user("dispatcher").post(reverse("appeals:bulk_assign"), {
        "appeal": [first.number, second.number], "executor": world["executor"].pk})
    assert response.status_code == 409 and 'role="alert"' in response.content.decode()
    first.refresh_from_db()
    assert first.status == Appeal.Status.REGISTERED and first.executor is None


def test_bulk_assignment_refuses_someone_from_another_body(as_user, world, submit):
    appeal = submit()
    response = as_user("dispatcher").post(reverse("appeals:bulk_assign"), {
        "appeal": [appeal.number], "executor": world["gas_dispatcher"].pk})
    assert response.status_code == 400
    appeal.refresh_from_db()
    assert appeal.executor is None


def test_bulk_assignment_without_selection(as_user, world):
    response = as_user("dispatcher").post(reverse("appeals:bulk_assign"),
                                          {"executor": world["executor"].pk})
    assert response.status_code == 400 and "Select at least one" in response.content.decode()


# One appeal -----------------------------------------------------------------------------------


def test_staff_page_for_colleague_outsider_resident_and_visitor(client, as_user, submit):
    appeal = submit(photos=[upload(jpeg_bytes())])
    url = reverse("appeals:staff_detail", args=[appeal.number])
    html = as_user("dispatcher").get(url).content.decode()
    assert appeal.text in html and "Assign an executor" in html
    assert as_user("official").get(url).status_code == 200
    assert as_user("gas_dispatcher").get(url).status_code == 404
    assert as_user("other_chairman").get(url).status_code == 404
    assert as_user("resident").get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_staff_page_offers_only_what_the_person_may_do(as_user, submit):
    appeal = submit()
    html = as_user("executor").get(reverse("appeals:staff_detail",
                                           args=[appeal.number])).content.decode()
    assert "Assign an executor" not in html and "Reject" not in html
    html = as_user("auditor").get(reverse("appeals:staff_detail",
                                          args=[appeal.number])).content.decode()
    assert 'class="action' not in html


def test_dispatcher_assigns_and_executor_starts_and_answers(as_user, world, submit):
    appeal = submit()
    response = act(as_user("dispatcher"), appeal, "assign",
                   {"assign-executor": world["executor"].pk})
    assert response.status_code == 302
    executor = as_user("executor")
    assert act(executor, appeal, "start").status_code == 302
    response = act(executor, appeal, "answer", {
        "answer-text": "Quvur almashtirildi, suv bor.",
        "answer-photos": [upload(jpeg_bytes(color=(0, 200, 0)))]})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.ANSWERED
    assert appeal.photos.filter(stage="result").count() == 1


def test_wrong_role_gets_403_and_nothing_changes(as_user, world, submit):
    appeal = submit()
    response = act(as_user("executor"), appeal, "assign",
                   {"assign-executor": world["executor"].pk})
    assert response.status_code == 403
    assert "You may not do this" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REGISTERED and appeal.executor is None
    assert not appeal.steps.filter(action="assigned").exists()


def test_a_resident_cannot_post_staff_actions(as_user, world, submit):
    appeal = submit()
    response = act(as_user("resident"), appeal, "reject", {"reject-reason": "Yoʻq"})
    assert response.status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REGISTERED


def test_state_conflict_gives_409(as_user, submit):
    appeal = submit()
    response = act(as_user("dispatcher"), appeal, "close")
    assert response.status_code == 409
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REGISTERED


def test_reject_needs_a_reason(as_user, submit):
    appeal = submit()
    response = act(as_user("dispatcher"), appeal, "reject", {"reject-reason": ""})
    html = response.content.decode()
    assert response.status_code == 400 and 'aria-invalid="true"' in html
    assert "<details class=\"action action-danger\" open>" in html
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REGISTERED


def test_unknown_action_is_404(as_user, submit):
    appeal = submit()
    assert act(as_user("dispatcher"), appeal, "explode").status_code == 404
    assert as_user("dispatcher").get(
        reverse("appeals:staff_action", args=[appeal.number, "assign"])).status_code == 405


def test_internal_comment_is_shown_to_staff(as_user, submit):
    appeal = submit()
    client = as_user("dispatcher")
    assert act(client, appeal, "comment", {"comment-text": "Brigada ertaga boradi"}) \
        .status_code == 302
    step = AppealStep.objects.get(action="commented")
    assert step.visibility == AppealStep.Visibility.INTERNAL
    html = client.get(reverse("appeals:staff_detail", args=[appeal.number])).content.decode()
    assert "Brigada ertaga boradi" in html and "staff only" in html


def test_forward_extend_priority_and_category(as_user, world, submit):
    appeal = submit()
    client = as_user("official")
    extended = act(client, appeal, "extend", {"extend-days": "10",
                                              "extend-reason": "Qoʻshimcha oʻrganish"})
    assert extended.status_code == 302
    again = act(client, appeal, "extend", {"extend-days": "10", "extend-reason": "Yana"})
    assert again.status_code == 409
    assert act(client, appeal, "extend", {"extend-days": "45", "extend-reason": "Koʻp"}) \
        .status_code == 400
    assert act(client, appeal, "set_priority", {"set_priority-priority": "critical"}) \
        .status_code == 302
    assert act(client, appeal, "set_category", {"set_category-category": "gas"}) \
        .status_code == 302
    appeal.refresh_from_db()
    assert appeal.priority == "critical" and appeal.organization == world["gas"]
    assert act(client, appeal, "forward", {"forward-organization": world["water"].pk,
                                           "forward-reason": "Suv masalasi"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.FORWARDED and appeal.organization == world["water"]


def test_forwarding_away_returns_to_the_queue(as_user, world, submit):
    appeal = submit()
    response = act(as_user("dispatcher"), appeal, "forward", {
        "forward-organization": world["gas"].pk, "forward-reason": "Gaz masalasi"})
    assert response.status_code == 302 and response["Location"] == reverse("appeals:queue")


def test_merge_duplicate(as_user, submit):
    original, duplicate = submit(), submit(author="neighbour")
    client = as_user("dispatcher")
    unknown = act(client, duplicate, "merge", {"merge-into": "MAH-1999-000001"})
    assert unknown.status_code == 400 and "no appeal with this number" in unknown.content.decode()
    response = act(client, duplicate, "merge", {"merge-into": original.number.lower()})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    original.refresh_from_db()
    assert duplicate.status == Appeal.Status.DUPLICATE and duplicate.merged_into == original
    assert original.supporters_count == 1


def test_moderation_publishes_the_report_and_chosen_photos(as_user, submit):
    appeal = submit(photos=[upload(jpeg_bytes()), upload(jpeg_bytes(color=(1, 2, 3)))])
    first, second = appeal.photos.all()
    response = act(as_user("dispatcher"), appeal, "moderate",
                   {"moderate-publish": "on", "moderate-photos": [first.pk]})
    assert response.status_code == 302
    appeal.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert appeal.is_public and first.is_public and not second.is_public

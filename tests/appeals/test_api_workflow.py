"""/api/v1/appeals: the staff queue and every workflow transition, through HTTP."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mahalla.appeals.models import Appeal
from mahalla.core.models import DomainEvent
from tests.appeals.conftest import jpeg_bytes, upload
from tests.appeals.test_api import API, client_for
from tests.factories import OrganizationFactory

S = Appeal.Status


def post(user, path, payload=None):
    return client_for(user).post(API + path, payload or {}, content_type="application/json")


def snapshot(appeal):
    appeal.refresh_from_db()
    return (appeal.status, appeal.executor_id, appeal.organization_id, appeal.answer,
            appeal.priority, appeal.category, appeal.due_at, appeal.steps.count(),
            DomainEvent.objects.count())


def test_full_path_through_the_api(world):
    resident, dispatcher, executor = world["resident"], world["dispatcher"], world["executor"]
    created = client_for(resident).post(API, {
        "kind": "problem_report", "category": "water", "text": "Koʻchada suv quvuri yorildi",
        "latitude": "41.36", "longitude": "69.29", "consent": "true",
        "photos": [upload(jpeg_bytes())]})
    number = created.json()["number"]

    queue = client_for(dispatcher).get(f"{API}/queue").json()
    assert [row["number"] for row in queue["items"]] == [number]

    assigned = post(dispatcher, f"/{number}/assign", {"executor_id": executor.pk})
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["status"] == "assigned"
    assert assigned.json()["executor"]["id"] == executor.pk

    assert post(executor, f"/{number}/start").json()["status"] == "in_progress"
    answered = client_for(executor).post(f"{API}/{number}/answer/with-photos", {
        "text": "Quvur almashtirildi, suv bor.", "photos": [upload(jpeg_bytes())]})
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "answered"
    assert [p["stage"] for p in answered.json()["photos"]] == ["report", "result"]

    mine = client_for(resident).get(f"{API}/{number}").json()
    assert mine["answer"] == "Quvur almashtirildi, suv bor."
    rated = post(resident, f"/{number}/rate", {"rating": 5, "comment": "Rahmat!"})
    assert rated.status_code == 200
    assert rated.json()["status"] == "closed" and rated.json()["rating"] == 5
    actions = [s["action"] for s in rated.json()["timeline"]]
    assert actions == ["submitted", "registered", "assigned", "started", "answered", "rated"]


def test_answer_as_json(world, submit):
    appeal = submit()
    response = post(world["dispatcher"], f"/{appeal.number}/answer", {"text": "Hal qilindi."})
    assert response.status_code == 200
    assert response.json()["answer"] == "Hal qilindi."


def test_an_empty_answer_names_the_field(world, submit):
    appeal = submit()
    response = post(world["dispatcher"], f"/{appeal.number}/answer", {"text": " "})
    assert response.status_code == 400
    assert response.json()["field"] == "text"


WRONG_ROLE = {
    "executor assigns": ("executor", "/assign", lambda w: {"executor_id": w["executor"].pk}),
    "resident starts": ("resident", "/start", None),
    "resident answers": ("resident", "/answer", lambda w: {"text": "Oʻzim tuzatdim"}),
    "executor rejects": ("executor", "/reject", lambda w: {"reason": "Bizga tegishli emas"}),
    "resident moderates": ("resident", "/moderate", lambda w: {"publish": True}),
    "resident sets priority": ("resident", "/priority", lambda w: {"priority": "critical"}),
    "auditor extends": ("auditor", "/extend", lambda w: {"days": 5, "reason": "Oʻrganish"}),
}


@pytest.mark.parametrize("who,path,payload", WRONG_ROLE.values(), ids=WRONG_ROLE.keys())
def test_a_transition_by_the_wrong_role_is_refused_and_changes_nothing(world, submit, who, path,
                                                                       payload):
    appeal = submit()
    before = snapshot(appeal)
    response = post(world[who], f"/{appeal.number}{path}", payload(world) if payload else None)
    assert response.status_code == 403, response.content
    assert response.json()["error"]
    assert snapshot(appeal) == before


def test_other_organizations_dispatcher_gets_404_for_actions_too(world, submit):
    appeal = submit()
    before = snapshot(appeal)
    response = post(world["gas_dispatcher"], f"/{appeal.number}/assign",
                    {"executor_id": world["executor"].pk})
    assert response.status_code == 404
    assert snapshot(appeal) == before


def test_anonymous_callers_must_log_in_to_act(world, submit):
    appeal = submit()
    response = client_for().post(f"{API}/{appeal.number}/start")
    assert response.status_code == 401


def test_a_transition_out_of_order_is_a_conflict(world, submit):
    appeal = submit()
    response = post(world["dispatcher"], f"/{appeal.number}/close")
    assert response.status_code == 409
    assert response.json()["error"]


def test_assigning_an_unknown_person_names_the_field(world, submit):
    appeal = submit()
    for executor_id in [999_999, world["gas_dispatcher"].pk]:
        response = post(world["dispatcher"], f"/{appeal.number}/assign",
                        {"executor_id": executor_id})
        assert response.status_code == 400
        assert response.json()["field"] == "executor_id"


def test_a_missing_or_malformed_body_is_400(world, submit):
    appeal = submit()
    missing = post(world["dispatcher"], f"/{appeal.number}/assign", {})
    assert missing.status_code == 400
    assert missing.json() == {"error": "This field is required.", "field": "executor_id"}
    wrong = post(world["dispatcher"], f"/{appeal.number}/assign", {"executor_id": "bob"})
    assert wrong.json() == {"error": "This value is not valid.", "field": "executor_id"}
    broken = client_for(world["dispatcher"]).post(f"{API}/{appeal.number}/assign", "{not json",
                                                  content_type="application/json")
    assert broken.status_code == 400 and broken.json()["field"] is None


def test_comment_is_internal(world, submit):
    appeal = submit()
    response = post(world["executor"], f"/{appeal.number}/comment", {"text": "Ichki izoh"})
    assert response.status_code == 403  # not the executor of this appeal yet
    response = post(world["dispatcher"], f"/{appeal.number}/comment", {"text": "Ichki izoh"})
    assert response.status_code == 200
    assert response.json()["timeline"][-1]["internal"] is True
    mine = client_for(world["resident"]).get(f"{API}/{appeal.number}").json()
    assert "commented" not in [s["action"] for s in mine["timeline"]]


def test_forward_to_the_competent_body(world, submit):
    appeal = submit()
    other = OrganizationFactory(district=world["district"])
    response = post(world["dispatcher"], f"/{appeal.number}/forward",
                    {"organization_id": other.pk, "reason": "Bu gaz xoʻjaligiga tegishli"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "forwarded"
    assert response.json()["organization"]["id"] == other.pk
    # The water dispatcher no longer sees it.
    assert client_for(world["dispatcher"]).get(f"{API}/{appeal.number}").status_code == 404


@pytest.mark.parametrize("organization_id", [999_999, "same"])
def test_forward_needs_another_existing_body(world, submit, organization_id):
    appeal = submit()
    organization_id = world["water"].pk if organization_id == "same" else organization_id
    response = post(world["dispatcher"], f"/{appeal.number}/forward",
                    {"organization_id": organization_id, "reason": "Sabab bor"})
    assert response.status_code == 400
    assert response.json()["field"] == "organization_id"


def test_reject_with_a_reason(world, submit):
    appeal = submit()
    response = post(world["dispatcher"], f"/{appeal.number}/reject",
                    {"reason": "Takroriy murojaat"})
    assert response.json()["status"] == "rejected"
    assert post(world["dispatcher"], f"/{submit().number}/reject",
                {"reason": ""}).json()["field"] == "reason"


def test_merge_a_duplicate(world, submit):
    target, duplicate = submit(), submit(author="neighbour")
    response = post(world["dispatcher"], f"/{duplicate.number}/merge",
                    {"into_number": target.number})
    assert response.status_code == 200
    assert response.json()["status"] == "duplicate"
    assert response.json()["merged_into"] == target.number
    target.refresh_from_db()
    assert target.supporters_count == 1


def test_merge_into_an_unseen_or_the_same_appeal(world, submit):
    appeal = submit()
    unseen = submit(category="gas")
    response = post(world["dispatcher"], f"/{appeal.number}/merge",
                    {"into_number": unseen.number})
    assert response.status_code == 404 and response.json()["field"] == "into_number"
    itself = post(world["dispatcher"], f"/{appeal.number}/merge",
                  {"into_number": appeal.number})
    assert itself.status_code == 400 and itself.json()["field"] == "into_number"


def test_extend_once(world, submit):
    appeal = submit()
    due = appeal.due_at
    response = post(world["dispatcher"], f"/{appeal.number}/extend",
                    {"days": 10, "reason": "Qoʻshimcha oʻrganish kerak"})
    assert response.status_code == 200 and response.json()["extended"] is True
    appeal.refresh_from_db()
    assert appeal.due_at > due
    again = post(world["dispatcher"], f"/{appeal.number}/extend",
                 {"days": 10, "reason": "Yana"})
    assert again.status_code == 409
    too_long = post(world["dispatcher"], f"/{submit().number}/extend",
                    {"days": 99, "reason": "Uzoq"})
    assert too_long.status_code == 400 and too_long.json()["field"] == "days"


def test_priority_and_category(world, submit):
    appeal = submit()
    response = post(world["dispatcher"], f"/{appeal.number}/priority", {"priority": "critical"})
    assert response.json()["priority"] == "critical"
    bad = post(world["dispatcher"], f"/{appeal.number}/priority", {"priority": "urgent!"})
    assert bad.status_code == 400 and bad.json()["field"] == "priority"
    moved = post(world["dispatcher"], f"/{appeal.number}/category", {"category": "gas"})
    assert moved.status_code == 200
    assert moved.json()["organization"]["id"] == world["gas"].pk


def test_moderate_publishes_chosen_photos(world, submit):
    appeal = submit(photos=[upload(jpeg_bytes()), upload(jpeg_bytes(color=(0, 0, 200)))])
    first, second = appeal.photos.all()
    response = post(world["dispatcher"], f"/{appeal.number}/moderate",
                    {"publish": True, "public_photo_ids": [second.pk]})
    assert response.status_code == 200 and response.json()["is_public"] is True
    assert [p["is_public"] for p in response.json()["photos"]] == [False, True]
    # The published photo is public; the other one is not.
    assert client_for().get(response.json()["photos"][1]["url"]).status_code == 200
    assert client_for().get(response.json()["photos"][0]["url"]).status_code == 404


def test_close_after_the_answer(world, submit):
    appeal = submit()
    post(world["dispatcher"], f"/{appeal.number}/answer", {"text": "Bajarildi."})
    response = post(world["dispatcher"], f"/{appeal.number}/close")
    assert response.status_code == 200 and response.json()["status"] == "closed"


def test_only_the_author_rates_and_reopens(world, submit):
    appeal = submit()
    post(world["dispatcher"], f"/{appeal.number}/answer", {"text": "Bajarildi."})
    assert post(world["dispatcher"], f"/{appeal.number}/rate",
                {"rating": 5}).status_code == 403
    assert post(world["neighbour"], f"/{appeal.number}/rate", {"rating": 5}).status_code == 404
    assert post(world["resident"], f"/{appeal.number}/rate",
                {"rating": 9}).json()["field"] == "rating"
    reopened = post(world["resident"], f"/{appeal.number}/reopen",
                    {"reason": "Suv hali ham oqmoqda"})
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "registered" and reopened.json()["reopen_count"] == 1


def test_reopen_after_30_days_is_a_conflict(world, submit):
    appeal = submit()
    post(world["dispatcher"], f"/{appeal.number}/answer", {"text": "Bajarildi."})
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = post(world["resident"], f"/{appeal.number}/reopen", {"reason": "Yana buzildi"})
    assert response.status_code == 409


def test_bulk_assign_is_all_or_nothing(world, submit):
    first, second = submit(), submit()
    gas = submit(category="gas")
    response = post(world["dispatcher"], "/bulk-assign", {
        "numbers": [first.number, second.number], "executor_id": world["executor"].pk})
    assert response.status_code == 200
    assert response.json() == [{"number": first.number, "status": "assigned"},
                               {"number": second.number, "status": "assigned"}]
    third = submit()
    before = snapshot(third)
    refused = post(world["dispatcher"], "/bulk-assign", {
        "numbers": [third.number, gas.number], "executor_id": world["executor"].pk})
    assert refused.status_code == 404 and refused.json()["field"] == "numbers"
    assert snapshot(third) == before


# --- the queue ------------------------------------------------------------------------------


@pytest.fixture
def queue_world(world, submit):
    appeals = {"old": submit(text="Suv bosimi juda past, ikki haftadan beri"),
               "leak": submit(text="Quvur yorilgan, koʻcha suv ostida qoldi"),
               "assigned": submit(text="Hisoblagich ishlamayapti, almashtirish kerak"),
               "gas": submit(category="gas", text="Gaz hidi kelyapti, tekshirib bering")}
    from mahalla.appeals.services import workflow

    workflow.assign_appeal(appeal=appeals["assigned"], executor=world["executor"],
                           actor=world["dispatcher"])
    return appeals


def queue(user, **params):
    response = client_for(user).get(f"{API}/queue", params)
    assert response.status_code == 200, response.content
    return response.json()


def numbers(page):
    return {row["number"] for row in page["items"]}


def test_queue_is_the_callers_scope_and_paginated(world, queue_world):
    page = queue(world["dispatcher"], limit=2)
    assert page["count"] == 3 and len(page["items"]) == 2
    rest = queue(world["dispatcher"], limit=2, offset=2)
    assert len(rest["items"]) == 1
    assert numbers(page) | numbers(rest) == {queue_world[k].number
                                             for k in ("old", "leak", "assigned")}
    assert numbers(queue(world["gas_dispatcher"])) == {queue_world["gas"].number}
    assert queue(world["official"])["count"] == 4


def test_queue_filters(world, queue_world):
    dispatcher = world["dispatcher"]
    assert numbers(queue(dispatcher, status="assigned")) == {queue_world["assigned"].number}
    assert queue(dispatcher, status="open")["count"] == 3
    assert numbers(queue(world["official"], category="gas")) == {queue_world["gas"].number}
    assert numbers(queue(world["executor"], mine=True)) == {queue_world["assigned"].number}
    assert numbers(queue(dispatcher, q="quvur")) == {queue_world["leak"].number}
    assert numbers(queue(dispatcher, q="КЎЧА")) == {queue_world["leak"].number}
    assert queue(world["official"], mahalla=world["other"].code)["count"] == 0
    assert queue(world["official"], organization=world["gas"].pk)["count"] == 1
    assert queue(dispatcher, overdue=True)["count"] == 0
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        overdue = queue(dispatcher, overdue=True, sort="priority")
    assert overdue["count"] == 3 and all(row["is_overdue"] for row in overdue["items"])


def test_queue_refuses_bad_parameters(world, queue_world):
    client = client_for(world["dispatcher"])
    for params, field in [({"limit": 1000}, "limit"), ({"offset": -1}, "offset"),
                          ({"status": "lost"}, "status"), ({"sort": "random"}, "sort"),
                          ({"organization": 10**20}, "organization")]:
        response = client.get(f"{API}/queue", params)
        assert response.status_code == 400, params
        assert response.json()["field"] == field


def test_residents_have_no_queue(world):
    response = client_for(world["resident"]).get(f"{API}/queue")
    assert response.status_code == 403
    assert response.json()["error"]


def test_queue_query_count_does_not_grow_with_rows(world, submit, django_assert_max_num_queries):
    for __ in range(12):
        submit()
    client = client_for(world["dispatcher"])
    with django_assert_max_num_queries(8):
        page = client.get(f"{API}/queue?limit=10").json()
    assert len(page["items"]) == 10


def test_extra_study_through_the_api(world, submit):
    from django.test import Client

    appeal = submit(kind="complaint")
    client = Client()
    client.force_login(world["dispatcher"])
    response = client.post(f"/api/v1/appeals/{appeal.number}/extra-study",
                           {"reason": "Hujjatlar soʻraldi"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["extra_study"] is True

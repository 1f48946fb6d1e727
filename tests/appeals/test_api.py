"""/api/v1/appeals: submitting, reading, tracking and the public map, through HTTP."""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

import mahalla.appeals.api.routes as appeals_api
from mahalla.appeals.models import Appeal, AppealPhoto
from mahalla.appeals.services import workflow
from mahalla.core.models import DomainEvent
from tests.appeals.conftest import POINT, jpeg_bytes, upload

API = "/api/v1/appeals"


def client_for(user=None, **kwargs) -> Client:
    """A browser of `user` (anonymous when None) that reads messages in English."""
    client = Client(headers={"Accept-Language": "en"}, **kwargs)
    if user is not None:
        client.force_login(user)
    return client


def report_fields(**overrides) -> dict:
    fields = {"kind": "problem_report", "category": "water",
              "text": "Koʻchada suv quvuri yorilib, suv oqmoqda",
              "latitude": str(POINT[0]), "longitude": str(POINT[1]), "consent": "true"}
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def post_appeal(client, fields, photos=(), **headers):
    data = dict(fields)
    if photos:
        data["photos"] = list(photos)
    return client.post(API, data, headers=headers)


def stored():
    return Appeal.objects.count(), AppealPhoto.objects.count(), DomainEvent.objects.count()


# --- submitting -----------------------------------------------------------------------------


def test_resident_submits_a_report_with_a_photo(world):
    client = client_for(world["resident"])
    response = post_appeal(client, report_fields(), photos=[upload(jpeg_bytes())])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("MAH-")
    assert body["status"] == "registered"
    assert body["kind"] == "problem_report" and body["category"] == "water"
    assert body["mahalla"]["code"] == world["home"].code
    assert body["organization"]["id"] == world["water"].pk
    assert body["due_at"] and body["tracking_token"]
    appeal = Appeal.objects.get(number=body["number"])
    assert appeal.author == world["resident"]
    assert appeal.channel == Appeal.Channel.API
    assert appeal.photos.count() == 1


def test_the_author_sees_the_photo_through_the_photo_endpoint(world):
    client = client_for(world["resident"])
    number = post_appeal(client, report_fields(), photos=[upload(jpeg_bytes())]).json()["number"]
    photo = client.get(f"{API}/{number}").json()["photos"][0]
    response = client.get(photo["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert client.get(photo["thumbnail_url"]).status_code == 200
    assert client_for(world["neighbour"]).get(photo["url"]).status_code == 404
    assert client_for().get(photo["url"]).status_code == 404


def test_anonymous_problem_report_is_worked(world):
    response = post_appeal(client_for(), report_fields(consent=None))
    assert response.status_code == 201, response.content
    appeal = Appeal.objects.get(number=response.json()["number"])
    assert appeal.is_anonymous and appeal.author is None
    assert appeal.status == Appeal.Status.REGISTERED
    assert response.json()["tracking_token"]


def test_anonymous_complaint_is_recorded_but_not_considered(world):
    response = post_appeal(client_for(), report_fields(kind="complaint", consent=None))
    assert response.status_code == 201
    assert response.json()["status"] == "not_considered"
    assert Appeal.objects.get().status == Appeal.Status.NOT_CONSIDERED


def test_a_repeated_idempotency_key_makes_one_appeal(world):
    client = client_for(world["resident"])
    first = post_appeal(client, report_fields(), **{"Idempotency-Key": "key-123"})
    again = post_appeal(client, report_fields(), **{"Idempotency-Key": "key-123"})
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["number"] == first.json()["number"]
    assert again.json()["tracking_token"] == first.json()["tracking_token"]
    assert Appeal.objects.count() == 1


def test_someone_elses_idempotency_key_is_refused(world):
    post_appeal(client_for(world["resident"]), report_fields(), **{"Idempotency-Key": "k-1"})
    response = post_appeal(client_for(world["neighbour"]), report_fields(),
                           **{"Idempotency-Key": "k-1"})
    assert response.status_code == 400
    assert response.json()["field"] == "idempotency_key"


BAD_INPUT = {
    "missing text": (report_fields(text=None), [], "text"),
    "missing kind": (report_fields(kind=None), [], "kind"),
    "bad category": (report_fields(category="unicorns"), [], "category"),
    "point outside Uzbekistan": (report_fields(latitude="48.85", longitude="2.35"), [],
                                 "latitude"),
    "half a point": (report_fields(longitude=None), [], "latitude"),
    "HTML in text": (report_fields(text="<script>alert(1)</script> suv yoʻq uch kun"), [],
                     "text"),
    "text too short": (report_fields(text="suv"), [], "text"),
    "no consent": (report_fields(consent="false"), [], "consent"),
    "unknown mahalla": (report_fields(mahalla="NOPE"), [], "mahalla"),
    "forged image": (report_fields(), [upload(b"<?php system($_GET['c']); ?>" * 20)], "photos"),
    "six photos": (report_fields(), [upload(jpeg_bytes()) for __ in range(6)], "photos"),
    "latitude not a number": (report_fields(latitude="north"), [], "latitude"),
}


@pytest.mark.parametrize("fields,photos,field", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_and_nothing_is_stored(world, fields, photos, field):
    before = stored()
    response = post_appeal(client_for(world["resident"]), fields, photos=photos)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    assert isinstance(body["error"], str) and body["error"]
    assert stored() == before


@pytest.mark.parametrize("language", ["ru", "uz"])
def test_errors_come_in_the_callers_language(world, language):
    response = post_appeal(client_for(world["resident"]), report_fields(text=None),
                           **{"Accept-Language": language})
    with translation.override(language):
        expected = gettext("This field is required.")
    assert expected != "This field is required."
    assert response.json() == {"error": expected, "field": "text"}
    assert response["Content-Language"] == language


def test_submitting_too_often_is_limited(world, monkeypatch):
    monkeypatch.setattr(appeals_api, "SUBMIT_RATE", "2/h")
    client = client_for()
    codes = [post_appeal(client, report_fields(consent=None)).status_code for __ in range(3)]
    assert codes == [201, 201, 429]


# --- CSRF and login -------------------------------------------------------------------------


def test_a_session_post_without_the_csrf_token_is_refused(world):
    client = client_for(world["resident"], enforce_csrf_checks=True)
    response = post_appeal(client, report_fields())
    assert response.status_code == 403
    assert response.json()["error"]
    assert Appeal.objects.count() == 0


def test_a_session_post_with_the_csrf_token_passes(world):
    client = client_for(world["resident"], enforce_csrf_checks=True)
    client.get("/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = post_appeal(client, report_fields(), **{"X-CSRFToken": token})
    assert response.status_code == 201, response.content


def test_an_anonymous_post_needs_no_csrf_token(world):
    response = post_appeal(client_for(enforce_csrf_checks=True), report_fields(consent=None))
    assert response.status_code == 201


@pytest.mark.parametrize("path", ["/mine", "/queue", "/MAH-2026-000001"])
def test_login_is_required(world, path):
    response = client_for().get(API + path)
    assert response.status_code == 401
    assert response.json() == {"error": "Log in to do this.", "field": None}


# --- reading --------------------------------------------------------------------------------


def test_my_appeals_are_paginated_and_only_mine(world, submit):
    for __ in range(3):
        submit()
    submit(author="neighbour")
    client = client_for(world["resident"])
    page = client.get(f"{API}/mine?limit=2").json()
    assert page["count"] == 3 and len(page["items"]) == 2
    rest = client.get(f"{API}/mine?limit=2&offset=2").json()
    assert len(rest["items"]) == 1
    assert rest["items"][0]["executor"] is None


def test_the_author_sees_the_public_timeline_and_staff_also_internal_steps(world, submit):
    appeal = submit()
    workflow.add_comment(appeal=appeal, text="Brigada ertaga boradi", actor=world["dispatcher"])
    mine = client_for(world["resident"]).get(f"{API}/{appeal.number}").json()
    assert [s["action"] for s in mine["timeline"]] == ["submitted", "registered"]
    assert mine["author"] is None and all(s["actor"] is None for s in mine["timeline"])
    staff = client_for(world["dispatcher"]).get(f"{API}/{appeal.number}").json()
    assert [s["action"] for s in staff["timeline"]] == ["submitted", "registered", "commented"]
    assert staff["timeline"][-1]["internal"] is True
    assert staff["author"]["phone"] == world["resident"].phone


@pytest.mark.parametrize("who", ["gas_dispatcher", "neighbour", "other_chairman"])
def test_others_get_404_not_403(world, submit, who):
    appeal = submit()
    response = client_for(world[who]).get(f"{API}/{appeal.number}")
    assert response.status_code == 404
    assert response.json()["error"]
    assert client_for(world[who]).get(f"{API}/MAH-1999-999999").json() == response.json()


def test_tracking_token_shows_the_appeal_without_login(world, submit):
    appeal = submit(photos=[upload(jpeg_bytes())])
    workflow.add_comment(appeal=appeal, text="Ichki izoh", actor=world["dispatcher"])
    response = client_for().get(f"{API}/track/{appeal.tracking_token}")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == appeal.number and body["status"] == "registered"
    assert "commented" not in [s["action"] for s in body["timeline"]]
    assert "author" not in body and "address" not in body
    assert client_for().get(body["photos"][0]["url"]).status_code == 200
    assert client_for().get(f"{API}/track/not-a-token").status_code == 404


def test_nearby_offers_open_reports_without_unmoderated_text(world, submit):
    appeal = submit()
    response = client_for().get(f"{API}/nearby", {
        "category": "water", "latitude": "41.36010", "longitude": "69.29010"})
    assert response.status_code == 200
    [found] = response.json()
    assert found["number"] == appeal.number and found["text"] is None
    assert 0 < found["distance_m"] < 50
    far = client_for().get(f"{API}/nearby", {"category": "water", "latitude": "41.37",
                                              "longitude": "69.29"})
    assert far.json() == []
    other = client_for().get(f"{API}/nearby", {"category": "gas", "latitude": "41.36",
                                                "longitude": "69.29"})
    assert other.json() == []


def test_nearby_refuses_a_point_off_the_globe(world):
    response = client_for().get(f"{API}/nearby", {"category": "water", "latitude": "95",
                                                  "longitude": "69"})
    assert response.status_code == 400 and response.json()["field"] == "latitude"


def test_me_too_counts_once(world, submit):
    appeal = submit()
    client = client_for(world["neighbour"])
    response = client.post(f"{API}/{appeal.number}/support")
    assert response.status_code == 200 and response.json()["supporters_count"] == 1
    again = client.post(f"{API}/{appeal.number}/support")
    assert again.status_code == 400
    assert client_for().post(f"{API}/{appeal.number}/support").status_code == 401


def test_me_too_only_on_problem_reports(world, submit):
    appeal = submit(kind="application")
    response = client_for(world["neighbour"]).post(f"{API}/{appeal.number}/support")
    assert response.status_code == 404


# --- the public map -------------------------------------------------------------------------


def test_public_reports_carry_no_personal_data(world, submit):
    resident = world["resident"]
    resident.full_name = "Dilnoza Karimova"
    resident.save()
    published = submit(address="Navoiy koʻchasi 12-uy", photos=[upload(jpeg_bytes())])
    hidden = submit()
    client_for(world["dispatcher"]).post(
        f"{API}/{published.number}/moderate",
        {"publish": True, "public_photo_ids": [published.photos.get().pk]},
        content_type="application/json")
    response = client_for().get("/api/v1/public/reports")
    assert response.status_code == 200
    body = response.json()
    assert [r["number"] for r in body["items"]] == [published.number]
    assert hidden.number not in response.content.decode()
    raw = response.content.decode("utf-8")
    for secret in [resident.phone, resident.phone[4:], "Dilnoza", "Karimova", "Navoiy"]:
        assert secret not in raw
    [report] = body["items"]
    assert set(report) == {"number", "category", "status", "mahalla", "latitude", "longitude",
                           "text", "created_at", "supporters_count", "photos"}
    assert client_for().get(report["photos"][0]).status_code == 200


def test_public_reports_filter_by_category_and_district(world, submit):
    appeal = submit()
    workflow.moderate_appeal(appeal=appeal, publish=True, actor=world["dispatcher"])
    client = client_for()
    assert client.get("/api/v1/public/reports?category=water").json()["count"] == 1
    assert client.get("/api/v1/public/reports?category=gas").json()["count"] == 0
    district = world["district"].soato
    assert client.get(f"/api/v1/public/reports?district={district}").json()["count"] == 1
    assert client.get("/api/v1/public/reports?district=0000000").json()["count"] == 0


# --- the document ---------------------------------------------------------------------------


def test_openapi_lists_the_appeals_endpoints_with_schemas(db):
    response = client_for().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in ["/api/v1/appeals", "/api/v1/appeals/mine", "/api/v1/appeals/queue",
                 "/api/v1/appeals/{number}", "/api/v1/appeals/track/{token}",
                 "/api/v1/appeals/nearby", "/api/v1/appeals/bulk-assign",
                 "/api/v1/appeals/{number}/assign", "/api/v1/appeals/{number}/rate",
                 "/api/v1/public/reports"]:
        assert path in paths, path
    for name in ["AppealDetail", "AppealCreated", "AppealRow", "PublicReport", "ErrorOut",
                 "AssignIn", "RateIn"]:
        assert name in schema["components"]["schemas"], name
    submit = paths["/api/v1/appeals"]["post"]
    assert "multipart/form-data" in submit["requestBody"]["content"]
    assert {} in submit["security"]  # anonymous allowed
    assert "{}" not in str(paths["/api/v1/appeals/queue"]["get"]["security"])

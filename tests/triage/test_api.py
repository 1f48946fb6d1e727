"""/api/v1/triage: classification for staff, input validation, insights and forecast."""

import pytest
from django.test import Client

from mahalla.core.models import Role
from tests.factories import MahallaFactory, UserFactory

API = "/api/v1/triage"


def client_for(user=None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def post(client, path, payload):
    return client.post(API + path, payload, content_type="application/json")


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=MahallaFactory())


def test_it_classifies_one_text(staff):
    response = post(client_for(staff), "/classify", {"text": "Koʻchada gaz hidi kelyapti!"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["category"] == "gas"
    assert body["urgency"] == "critical"
    assert 0 < body["confidence"] <= 1
    assert [a["category"] for a in body["alternatives"]][0] == "gas"
    assert len(body["alternatives"]) == 3


def test_it_classifies_a_batch_in_order(staff):
    texts = ["Свет не горит на улице, фонари сломаны", "Uyda svet yoʻq",
             "Мусор не вывозят неделю"]
    response = post(client_for(staff), "/classify-batch", {"texts": texts})
    assert response.status_code == 200, response.content
    assert [r["category"] for r in response.json()["results"]] == [
        "lighting", "electricity", "waste"]


@pytest.mark.parametrize(("path", "payload", "field"), [
    ("/classify", {"text": ""}, "text"),
    ("/classify", {"text": "   "}, "text"),
    ("/classify", {"text": "a" * 10_001}, "text"),
    ("/classify", {}, "text"),
    ("/classify-batch", {"texts": []}, "texts"),
    ("/classify-batch", {"texts": ["suv yoʻq"] * 1001}, "texts"),
    ("/classify-batch", {"texts": ["suv yoʻq", ""]}, "texts"),
], ids=["empty", "blank", "too-long", "missing", "no-texts", "too-many", "one-empty"])
def test_it_validates_input(staff, path, payload, field):
    response = post(client_for(staff), path, payload)
    assert response.status_code == 400
    assert response.json()["error"]
    assert response.json()["field"] == field


def test_it_requires_login(db):
    response = post(client_for(), "/classify", {"text": "suv yoʻq"})
    assert response.status_code == 401
    assert response.json()["error"]


def test_it_refuses_residents(resident):
    response = post(client_for(resident), "/classify", {"text": "suv yoʻq"})
    assert response.status_code == 403


def test_staff_get_insights_and_forecast_of_their_scope(staff):
    client = client_for(staff)
    insights = client.get(f"{API}/insights")
    assert insights.status_code == 200, insights.content
    assert set(insights.json()) == {"week", "month", "clusters"}
    forecast = client.get(f"{API}/forecast")
    assert forecast.status_code == 200
    assert forecast.json() == []


def test_insights_for_an_unknown_mahalla_is_404(staff):
    assert client_for(staff).get(f"{API}/insights?mahalla=nope").status_code == 404


def test_staff_see_duplicate_suggestions_of_an_appeal_in_scope(db):
    from tests.triage.test_duplicates import appeal

    home = MahallaFactory()
    chairman = UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=home)
    outsider = UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=MahallaFactory())
    new = appeal(home, "Navoiy koʻchasida suv quvuri yorilib, suv oqyapti", days_ago=0)
    same = appeal(home, "Navoiy ko'chasida suv quvuri yorilgan, suv oqib yotibdi")
    response = client_for(chairman).get(f"{API}/appeals/{new.number}/duplicates")
    assert response.status_code == 200, response.content
    assert [row["number"] for row in response.json()] == [same.number]
    assert client_for(outsider).get(f"{API}/appeals/{new.number}/duplicates").status_code == 404

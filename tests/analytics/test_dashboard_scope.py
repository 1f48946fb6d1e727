"""Officials see figures and appeals of their scope only; exports parse back."""

import csv
import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from mahalla.analytics import selectors
from mahalla.appeals.models import Appeal
from tests.analytics.conftest import generate


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def data(land):
    generate(150, seed=11, years=0.8)  # inside the default period of 12 months
    return land


def test_official_of_district_a_never_sees_district_b(data):
    client = _client(data["official_a"])
    a_count = Appeal.objects.filter(district=data["a"]).count()
    b_count = Appeal.objects.filter(district=data["b"]).count()
    assert a_count and b_count
    page = client.get("/staff/statistics/")
    assert page.status_code == 200
    assert page.context["total"].received == a_count
    # Asking for district B by its id changes nothing: the scope still applies.
    page = client.get("/staff/statistics/", {"district": data["b"].pk})
    assert page.context["total"].received == a_count
    drill = client.get("/staff/statistics/appeals/", {"district": data["b"].pk})
    assert all(a.district_id == data["a"].pk for a in drill.context["page"])
    drill = client.get("/staff/statistics/appeals/", {"measure": "received"})
    assert drill.context["page"].paginator.count == a_count
    exported = json.loads(client.get("/staff/statistics/export.json",
                                     {"group": "district"}).content)
    assert [r["key"] for r in exported["rows"]] == [str(data["a"].pk)]
    assert exported["rows"][0]["received"] == a_count


def test_mahalla_chairman_and_dispatcher_see_their_own_part(data):
    chairman = _client(data["chairman_a1"]).get("/staff/statistics/")
    assert chairman.context["total"].received == Appeal.objects.filter(
        mahalla=data["a1"]).count()
    dispatcher = _client(data["water_dispatcher"]).get("/staff/statistics/")
    assert dispatcher.context["total"].received == Appeal.objects.filter(
        organization=data["water"]).count()


def test_drill_down_lists_the_appeals_behind_a_figure(data):
    client = _client(data["auditor"])
    page = client.get("/staff/statistics/")
    resolved = page.context["total"].resolved
    period = page.context["filters"]
    drill = client.get("/staff/statistics/appeals/", {
        "measure": "resolved", "start": f"{period.start:%Y-%m}", "end": f"{period.end:%Y-%m}"})
    assert drill.context["page"].paginator.count == resolved
    assert all(a.status in ("answered", "closed") for a in drill.context["page"])


def test_residents_are_refused(data):
    assert _client(data["resident"]).get("/staff/statistics/").status_code == 403
    assert Client().get("/staff/statistics/").status_code == 302


def test_official_exports_parse_back(data):
    client = _client(data["auditor"])
    figures = {str(f.key): f for f in selectors.breakdown(
        selectors.monthly(data["auditor"], client.get("/staff/statistics/").context["filters"]),
        "category")}
    text = client.get("/staff/statistics/export.csv", {"group": "category"}).content
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(text.decode("utf-8-sig")))}
    assert {k: int(r["received"]) for k, r in rows.items()} == {
        k: f.received for k, f in figures.items()}
    book = load_workbook(io.BytesIO(client.get("/staff/statistics/export.xlsx",
                                               {"group": "category"}).content))
    values = list(book.active.iter_rows(values_only=True))
    header = list(values[0])
    assert {r[header.index("key")]: r[header.index("resolved")] for r in values[1:]} == {
        k: f.resolved for k, f in figures.items()}
    data_json = json.loads(client.get("/staff/statistics/export.json",
                                      {"group": "category"}).content)
    assert {r["key"]: r["on_time"] for r in data_json["rows"]} == {
        k: f.on_time for k, f in figures.items()}


def test_backlog_by_age_adds_up_to_the_open_appeals_in_scope(data):
    from django.utils import timezone

    from mahalla.analytics.rollups import local_day

    page = _client(data["official_a"]).get("/staff/statistics/")
    open_a = list(Appeal.objects.filter(district=data["a"], status__in=Appeal.OPEN_STATUSES)
                  .values_list("created_at", flat=True))
    backlog = page.context["backlog"]
    assert sum(b["count"] for b in backlog) == len(open_a)
    today = timezone.localdate()
    assert backlog[0]["count"] == sum(1 for c in open_a if (today - local_day(c)).days <= 7)

"""The public page, its exports and the open-data API: aggregates only, small cells hidden."""

import csv
import io
import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from mahalla.analytics import rollups
from mahalla.analytics.selectors import Figures
from mahalla.appeals.models import Appeal
from tests.analytics.conftest import generate


def _appeals(mahalla, n, **fields):
    """n plain appeals in a mahalla (a few days old), then the rollups rebuilt."""
    now = timezone.now() - timedelta(days=3)
    for i in range(n):
        Appeal.objects.create(
            number=f"T-{mahalla.pk}-{fields.get('category', 'water')}-{i}-{n}",
            kind=fields.get("kind", "application"), category=fields.get("category", "water"),
            text=fields.get("text", "Suv yoʻq"), mahalla=mahalla,
            district=mahalla.district, region=mahalla.district.region,
            latitude=fields.get("latitude"), longitude=fields.get("longitude"),
            author=fields.get("author"), status="registered",
            tracking_hash=f"t-{mahalla.pk}-{i}-{n}-{fields.get('category', 'water')}",
            created_at=now)
    rollups.rebuild_all()


def _summary(client, **params):
    response = client.get("/api/v1/open-data/summary", params)
    assert response.status_code == 200, response.content
    return {row["key"]: row for row in response.json()["rows"]}


def test_counts_below_five_are_suppressed(land):
    _appeals(land["a1"], 3)
    _appeals(land["b1"], 6)
    rows = _summary(Client(), group="district")
    small, big = rows[str(land["a"].pk)], rows[str(land["b"].pk)]
    assert small["received"] is None and small["open"] is None and small["suppressed"]
    assert big["received"] == 6 and big["open"] == 6 and not big["suppressed"]
    # Rates over fewer than five resolved appeals are hidden too.
    assert big["on_time_rate"] is None and big["median_hours"] is None


def test_public_row_hides_small_counts_and_their_rates():
    from mahalla.analytics.models import MEASURES

    sums = dict.fromkeys(MEASURES, 0)
    sums.update(received=40, resolved=4, on_time=4, rating_count=2, rating_sum=10, h02=4)
    row = Figures(sums=sums).public_row()
    assert row["received"] == 40
    assert row["resolved"] is None and row["on_time"] is None
    assert row["on_time_rate"] is None and row["satisfaction"] is None
    assert row["median_hours"] is None and row["suppressed"] is True


def test_heat_map_leaves_out_squares_below_five(land):
    _appeals(land["a1"], 6, kind="problem_report", latitude="41.361000", longitude="69.291000")
    _appeals(land["b1"], 2, kind="problem_report", latitude="41.201000", longitude="69.101000")
    response = Client().get("/api/v1/open-data/heatmap")
    cells = response.json()["cells"]
    assert [c["reports"] for c in cells] == [6]
    assert abs(cells[0]["latitude"] - 41.365) < 0.006


def test_public_page_and_exports_show_no_personal_data(land):
    from tests.factories import UserFactory

    author = UserFactory(mahalla=land["a1"], full_name="Zebiniso Qalandarova",
                         phone="+998911234567")
    _appeals(land["a1"], 7, author=author, text="Maxfiy matn Qalandarova uyi 17-xonadon")
    client = Client()
    pages = [client.get("/statistics/"),
             client.get("/statistics/export.csv", {"group": "district"}),
             client.get("/statistics/export.json", {"group": "organization"}),
             client.get("/api/v1/open-data/summary", {"group": "category"})]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode("utf-8", "replace")
        for secret in ("Qalandarova", "911234567", "91 123 45 67", "Maxfiy", "T-"):
            assert secret not in body
    assert b'data-kpi="received">7<' in pages[0].content


def test_public_exports_parse_back_to_the_same_rows(land):
    generate(60, seed=4)
    client = Client()
    api = _summary(client, group="district")
    as_json = json.loads(client.get("/statistics/export.json", {"group": "district"}).content)
    assert {r["key"]: r["received"] for r in as_json["rows"]} == {
        k: r["received"] for k, r in api.items()}
    assert as_json["meta"]["suppressed_below"] == 5
    text = client.get("/statistics/export.csv", {"group": "district"}).content.decode("utf-8-sig")
    from_csv = {r["key"]: r for r in csv.DictReader(io.StringIO(text))}
    assert {k: int(r["received"]) if r["received"] else None for k, r in from_csv.items()} == {
        k: r["received"] for k, r in api.items()}
    book = load_workbook(io.BytesIO(client.get("/statistics/export.xlsx",
                                               {"group": "district"}).content))
    sheet = book.active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    from_xlsx = {str(row[header.index("key")]): row[header.index("received")]
                 for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert from_xlsx == {k: r["received"] for k, r in api.items()}


def test_bad_open_data_input_gets_a_clear_error(land):
    client = Client()
    for params, field in (({"group": "people"}, "group"), ({"start": "2025-13"}, "start"),
                          ({"start": "2026-05", "end": "2026-01"}, "end"),
                          ({"category": "nope"}, "category")):
        response = client.get("/api/v1/open-data/summary", params)
        assert response.status_code == 400
        assert response.json()["field"] == field
    assert client.get("/statistics/export.exe").status_code == 404
    assert client.get("/statistics/", {"start": "garbage"}).status_code == 200

"""The table of docs/FUZZING.md, checked: each bad input tried and what it gets.

Every row is one request with one thing wrong; the answer is its status and the English
message (asked for with Accept-Language: en), and nothing is stored. The rows here and the
table in docs/FUZZING.md must say the same: `test_the_doc_lists_every_row` compares them.
"""

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from mahalla.appeals.models import Appeal
from mahalla.integrations.scopes import Scope
from mahalla.integrations.services import create_api_key

pytestmark = pytest.mark.django_db
DOC = Path(__file__).resolve().parents[2] / "docs" / "FUZZING.md"
API = "/api/v1/appeals"
GOOD = {"kind": "problem_report", "category": "water", "consent": "true",
        "text": "Koʻchada suv quvuri yorilib, suv oqmoqda",
        "latitude": "41.360000", "longitude": "69.290000"}
OPEN311 = {"service_code": "water", "lat": "41.360000", "long": "69.290000",
           "description": "Koʻchada suv quvuri yorilib, suv oqmoqda",
           "attribute[problem]": "leak"}


def appeal(**changes):
    return {k: v for k, v in {**GOOD, **changes}.items() if v is not None}


def open311(**changes):
    return {k: v for k, v in {**OPEN311, **changes}.items() if v is not None}


# (id, where, what is wrong, request, status, message): the message in English.
ROWS = [
    ("api-no-text", "POST /api/v1/appeals", "text missing", ("api", appeal(text=None), {}),
     400, "This field is required."),
    ("api-bad-kind", "POST /api/v1/appeals", "kind not a known code",
     ("api", appeal(kind="wish"), {}), 400, "This value is not valid."),
    ("api-bad-category", "POST /api/v1/appeals", "category not a known code",
     ("api", appeal(category="unicorns"), {}), 400, "This value is not valid."),
    ("api-lat-text", "POST /api/v1/appeals", "latitude not a number",
     ("api", appeal(latitude="north"), {}), 400, "This value is not valid."),
    ("api-lat-nan", "POST /api/v1/appeals", "latitude NaN",
     ("api", appeal(latitude="NaN"), {}), 400, "The map point is outside Uzbekistan."),
    ("api-outside", "POST /api/v1/appeals", "point in Paris",
     ("api", appeal(latitude="48.85", longitude="2.35"), {}), 400,
     "The map point is outside Uzbekistan."),
    ("api-text-long", "POST /api/v1/appeals", "text of 20,001 characters",
     ("api", appeal(text="a" * 20_001), {}), 400, "This value is not valid."),
    ("api-photo-junk", "POST /api/v1/appeals", "a photo that is not an image",
     ("api-photo", appeal(), {}), 400, "This file is not a JPEG, PNG or WebP photo."),
    ("api-key-space", "POST /api/v1/appeals", "Idempotency-Key with a space",
     ("api", appeal(), {"Idempotency-Key": "a b"}), 400,
     "The Idempotency-Key header must be 1 to 255 visible ASCII characters."),
    ("api-key-reused", "POST /api/v1/appeals", "Idempotency-Key reused with another body",
     ("api-reuse", appeal(), {"Idempotency-Key": "k-1"}), 409,
     "This Idempotency-Key was already used with a different request. Use a new key for a "
     "new request."),
    ("api-json-broken", "POST /api/v1/appeals/{n}/comment", "body not JSON",
     ("comment", "{not json", {}), 400, "The request could not be read."),
    ("api-queue-limit", "GET /api/v1/appeals/queue", "limit=0",
     ("get", "/api/v1/appeals/queue?limit=0", {}), 401, "Log in to do this."),
    ("api-number-long", "GET /api/v1/appeals/{n}", "number of 300 characters",
     ("get", "/api/v1/appeals/" + "M" * 300, {}), 401, "Log in to do this."),
    ("api-track-unknown", "GET /api/v1/appeals/track/{token}", "unknown token",
     ("get", "/api/v1/appeals/track/" + "x" * 40, {}), 404, "There is no such appeal."),
    ("api-reports-offset", "GET /api/v1/public/reports", "offset=-1",
     ("get", "/api/v1/public/reports?offset=-1", {}), 400, "This value is not valid."),
    ("311-no-key", "POST /open311/v2/requests.json", "api_key missing",
     ("311-nokey", open311(), {}), 403, "An API key is required."),
    ("311-no-code", "POST /open311/v2/requests.json", "service_code missing",
     ("311", open311(service_code=None), {}), 400, "service_code was not provided."),
    ("311-bad-code", "POST /open311/v2/requests.json", "service_code unknown",
     ("311", open311(service_code="dragons"), {}), 404, "service_code dragons was not found."),
    ("311-lat-inf", "POST /open311/v2/requests.json", "lat=inf",
     ("311", open311(lat="inf"), {}), 400,
     "lat must be a number from -90 to 90 (WGS84 degrees)."),
    ("311-lat-alone", "POST /open311/v2/requests.json", "lat without long",
     ("311", open311(long=None), {}), 400, "lat and long must be sent together."),
    ("311-no-place", "POST /open311/v2/requests.json", "no location at all",
     ("311", open311(lat=None, long=None), {}), 400,
     "A location is required: lat and long, address_string or address_id."),
    ("311-key-long", "POST /open311/v2/requests.json", "Idempotency-Key of 41 characters",
     ("311", open311(), {"Idempotency-Key": "x" * 41}), 400,
     "The Idempotency-Key header must be 1 to 40 visible ASCII characters."),
    ("311-dates-reversed", "GET /open311/v2/requests.json", "end_date before start_date",
     ("get", "/open311/v2/requests.json?start_date=2026-05-02&end_date=2026-05-01", {}), 400,
     "end_date must not be earlier than start_date."),
    ("311-date-junk", "GET /open311/v2/requests.json", "start_date=yesterday",
     ("get", "/open311/v2/requests.json?start_date=yesterday", {}), 400,
     "start_date must be a date and time in W3C format, for example 2010-01-01T00:00:00Z."),
    ("311-status", "GET /open311/v2/requests.json", "status=pending",
     ("get", "/open311/v2/requests.json?status=pending", {}), 400,
     "status may be open, closed or both, comma-delimited."),
    ("311-jurisdiction", "GET /open311/v2/services.json", "jurisdiction_id=fr",
     ("get", "/open311/v2/services.json?jurisdiction_id=fr", {}), 404,
     "jurisdiction_id fr was not found; this server answers for uz."),
    ("311-method", "DELETE /open311/v2/requests.json", "a method it does not take",
     ("delete", "/open311/v2/requests.json", {}), 405, "Use GET, HEAD, POST for this resource."),
]


@pytest.fixture
def sent(world, submit):
    key = create_api_key(name="Fuzz", scopes=[Scope.OPEN311_SUBMIT])[1]
    resident = Client(headers={"Accept-Language": "en"})
    resident.force_login(world["resident"])
    staff = Client(headers={"Accept-Language": "en"})
    staff.force_login(world["dispatcher"])
    anonymous = Client(headers={"Accept-Language": "en"})
    number = submit().number

    def send(how, data, headers):
        if how == "api":
            return resident.post(API, data, headers=headers)
        if how == "api-photo":
            from django.core.files.uploadedfile import SimpleUploadedFile

            photo = SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not an image", "image/jpeg")
            return resident.post(API, {**data, "photos": [photo]}, headers=headers)
        if how == "api-reuse":
            resident.post(API, data, headers=headers)
            return resident.post(API, {**data, "text": "Boshqa matn, boshqa muammo"},
                                 headers=headers)
        if how == "comment":
            return staff.post(f"{API}/{number}/comment", data, content_type="application/json",
                              headers=headers)
        if how == "311":
            return anonymous.post("/open311/v2/requests.json", {**data, "api_key": key},
                                  headers=headers)
        if how == "311-nokey":
            return anonymous.post("/open311/v2/requests.json", data, headers=headers)
        if how == "delete":
            return anonymous.delete(data)
        return anonymous.get(data, headers=headers)

    return send


def message_of(response) -> str:
    body = json.loads(response.content)
    if isinstance(body, list):  # Open311's error list
        return body[0]["description"]
    return body["error"]


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_each_bad_input_gets_its_status_and_message(sent, row):
    _id, _where, _what, (how, data, headers), status, message = row
    before = Appeal.objects.count()
    response = sent(how, data, headers)
    assert response.status_code == status, response.content[:300]
    text = message_of(response)
    assert text == message
    assert Appeal.objects.count() == before + (1 if how == "api-reuse" else 0)


def test_the_doc_lists_every_row():
    table = {line.split("|")[1].strip(" `"): line for line in DOC.read_text().splitlines()
             if re.match(r"\| `[a-z0-9-]+` \|", line)}
    assert set(table) == {row[0] for row in ROWS}
    for row in ROWS:
        assert f"| {row[4]} |" in table[row[0]], row[0]

"""Open311 test helpers: requests in both formats, answers read back into one shape."""

import json
from urllib.parse import urlencode
from xml.etree import ElementTree as ET  # noqa: S405 (our own responses)

import pytest
from django.test import Client

from mahalla.appeals.models import Appeal
from mahalla.appeals.services.submit import AppealDraft, submit_appeal
from mahalla.integrations.scopes import Scope
from mahalla.integrations.services import create_api_key
from tests.appeals.conftest import POINT, world  # noqa: F401 (fixture used by these tests)
from tests.open311.spec import CONTENT_TYPES, ERROR_FIELDS, XML_LISTS

BASE = "/open311/v2"
FORMATS = ("json", "xml")
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'


def url(path: str, fmt: str) -> str:
    return f"{BASE}/{path}.{fmt}"


def xml_to_data(element: ET.Element):
    """An XML answer in the JSON shape: lists for the spec's list elements, dicts in document
    order, text for leaves. Fails on an element name the Spark convention does not allow."""
    children = list(element)
    if element.tag in XML_LISTS:
        assert all(child.tag == XML_LISTS[element.tag] for child in children), \
            [child.tag for child in children]
        return [xml_to_data(child) for child in children]
    if children:
        tags = [child.tag for child in children]
        assert len(tags) == len(set(tags)), f"repeated elements in <{element.tag}>: {tags}"
        return {child.tag: xml_to_data(child) for child in children}
    return element.text or ""


def as_text(data):
    """A JSON answer with every leaf as XML writes it, to compare the two formats."""
    if isinstance(data, dict):
        return {key: as_text(value) for key, value in data.items()}
    if isinstance(data, list):
        return [as_text(item) for item in data]
    if data is None:
        return ""
    if isinstance(data, bool):
        return "true" if data else "false"
    return str(data)


def read(response, fmt: str, root: str | None = None):
    """The body of an answer; XML is checked for its declaration and root element."""
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    body = response.content.decode("utf-8")
    if fmt == "json":
        return json.loads(body)
    assert body.startswith(XML_DECLARATION)
    element = ET.fromstring(body.encode())  # noqa: S314 (our own response)
    if root is not None:
        assert element.tag == root
    return xml_to_data(element)


def assert_error(response, fmt: str, status: int) -> list[str]:
    """The spec's error document with this HTTP status; returns the descriptions."""
    assert response.status_code == status, response.content
    errors = read(response, fmt, "errors")
    assert isinstance(errors, list) and errors
    for error in errors:
        assert tuple(error) == ERROR_FIELDS
        assert str(error["code"]) == str(status)
        assert isinstance(error["description"], str) and error["description"]
    return [error["description"] for error in errors]


@pytest.fixture
def client():
    return Client(headers={"Accept-Language": "en"})


def get(client, path: str, fmt: str = "json", **params):
    return client.get(url(path, fmt), params)


def post(client, fmt: str, data, **headers):
    """POST requests.{fmt} form-encoded, as the spec sends it; `data` a dict or pairs."""
    return client.post(url("requests", fmt), urlencode(data, doseq=True),
                       content_type="application/x-www-form-urlencoded; charset=utf-8",
                       headers=headers)


@pytest.fixture
def api_key(db):
    """The secret of a key that may post Open311 requests."""
    return create_api_key(name="City app", scopes=[Scope.OPEN311_SUBMIT])[1]


def report_fields(api_key: str, **overrides) -> dict:
    fields = {"api_key": api_key, "service_code": "water", "lat": str(POINT[0]),
              "long": str(POINT[1]), "description": "Koʻchada suv quvuri yorilib, suv oqmoqda",
              "attribute[problem]": "leak"}
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


@pytest.fixture
def make_report(world):  # noqa: F811
    """A problem report (or another kind) submitted by a resident through the web form."""
    def _make(**overrides) -> Appeal:
        fields = {"kind": Appeal.Kind.PROBLEM_REPORT, "category": "water",
                  "text": "Koʻchada suv quvuri yorilib, suv oqmoqda",
                  "latitude": str(POINT[0]), "longitude": str(POINT[1]), "consent": True,
                  "address": "Bogʻishamol koʻchasi 12"}
        fields.update(overrides)
        return submit_appeal(draft=AppealDraft(**fields), author=world["resident"])

    return _make


def publish(appeal: Appeal, **fields) -> Appeal:
    """What moderators do (the workflow itself is exercised in the scenario test)."""
    Appeal.objects.filter(pk=appeal.pk).update(is_public=True, **fields)
    appeal.refresh_from_db()
    return appeal


def stored(*english: str) -> str:
    """Attribute answers as stored in the appeal's text: in the site's default language."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return ", ".join(str(translation.gettext(text)) for text in english)

"""Discovery, the service list and service definitions, in both formats, against the spec."""

import pytest
from django.test import override_settings

from mahalla.appeals.open311.attributes import ATTRIBUTES
from mahalla.core.categories import Category
from tests.open311.conftest import FORMATS, as_text, assert_error, get, read
from tests.open311.spec import (
    ATTRIBUTE_FIELDS,
    DATATYPES,
    DEFINITION_FIELDS,
    DISCOVERY_FIELDS,
    ENDPOINT_FIELDS,
    ENDPOINT_TYPES,
    LIST_DATATYPES,
    SERVICE_FIELDS,
    SERVICE_TYPES,
    SPECIFICATION,
    VALUE_FIELDS,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_has_every_required_field(client, fmt, settings):
    response = get(client, "discovery", fmt)
    assert response.status_code == 200
    data = read(response, fmt, "discovery")
    assert tuple(data) == DISCOVERY_FIELDS
    assert data["contact"] == settings.OPEN311_CONTACT
    assert data["key_service"]
    [endpoint] = data["endpoints"]
    assert tuple(endpoint) == ENDPOINT_FIELDS
    assert endpoint["specification"] == SPECIFICATION
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["type"] in ENDPOINT_TYPES and endpoint["type"] == "production"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert endpoint["changeset"] == data["changeset"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_list_has_one_service_per_category(client, fmt):
    response = get(client, "services", fmt)
    assert response.status_code == 200
    services = read(response, fmt, "services")
    assert [s["service_code"] for s in services] == list(Category.values)
    for service in services:
        assert tuple(service) == SERVICE_FIELDS
        assert service["type"] in SERVICE_TYPES and service["type"] == "realtime"
        assert service["service_name"] and service["description"] and service["group"]
        assert service["keywords"]
        has_attributes = service["service_code"] in ATTRIBUTES
        assert service["metadata"] in (has_attributes, "true" if has_attributes else "false")


def test_both_formats_carry_the_same_data(client):
    for path in ("discovery", "services", "services/roads", "services/waste", "services/gas"):
        assert as_text(read(get(client, path, "json"), "json")) == read(get(client, path, "xml"),
                                                                        "xml")


def test_metadata_is_true_for_the_services_with_questions(client):
    services = {s["service_code"]: s for s in read(get(client, "services"), "json")}
    for code in ("roads", "lighting", "waste", "water"):
        assert services[code]["metadata"] is True
    assert services["gas"]["metadata"] is False


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["roads", "lighting", "waste", "water", "sewerage"])
def test_service_definition_follows_the_spec(client, fmt, code):
    response = get(client, f"services/{code}", fmt)
    assert response.status_code == 200
    definition = read(response, fmt, "service_definition")
    assert tuple(definition) == DEFINITION_FIELDS
    assert definition["service_code"] == code
    attributes = definition["attributes"]
    assert attributes
    orders = [int(a["order"]) for a in attributes]
    assert orders == sorted(orders) and len(set(orders)) == len(orders) and min(orders) >= 1
    assert any(a["required"] in (True, "true") for a in attributes)
    for attribute in attributes:
        assert tuple(attribute) == ATTRIBUTE_FIELDS
        assert attribute["variable"] in (True, "true")
        assert attribute["datatype"] in DATATYPES
        assert attribute["description"]
        if attribute["datatype"] in LIST_DATATYPES:
            assert attribute["values"]
            keys = [v["key"] for v in attribute["values"]]
            assert len(keys) == len(set(keys))
            for value in attribute["values"]:
                assert tuple(value) == VALUE_FIELDS and value["name"]
        else:
            assert attribute["values"] == []


def test_the_asked_attribute_sets(client):
    def definition(code):
        return {a["code"]: a for a in read(get(client, f"services/{code}"), "json")["attributes"]}

    damage = definition("roads")["damage"]
    assert damage["datatype"] == "singlevaluelist" and damage["required"] is True
    assert {"pothole", "cracks", "manhole"} <= {v["key"] for v in damage["values"]}
    light = definition("lighting")["light_state"]
    assert light["datatype"] == "singlevaluelist"
    bins = definition("waste")["bin_state"]
    assert bins["datatype"] == "multivaluelist"
    assert {"overflowing", "damaged", "burning", "not_collected"} <= {
        v["key"] for v in bins["values"]}
    water = definition("water")["problem"]
    assert {"no_water", "leak", "quality"} <= {v["key"] for v in water["values"]}
    assert definition("roads")["size"]["datatype"] == "number"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_without_questions_has_an_empty_definition(client, fmt):
    # metadata=false: a call is "not needed", the code still exists, so no 404.
    response = get(client, "services/gas", fmt)
    assert response.status_code == 200
    assert read(response, fmt, "service_definition") == {"service_code": "gas",
                                                          "attributes": []}


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_service_code_is_404(client, fmt):
    [description] = assert_error(get(client, "services/potholes", fmt), fmt, 404)
    assert "potholes" in description


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", ["discovery", "services", "services/roads"])
def test_our_jurisdiction_or_none_is_accepted(client, fmt, path, settings):
    assert get(client, path, fmt, jurisdiction_id=settings.OPEN311_JURISDICTION_ID) \
        .status_code == 200
    assert get(client, path, fmt, jurisdiction_id="").status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", ["discovery", "services", "services/roads", "requests",
                                  "requests/MAH-2026-000001", "tokens/abc"])
def test_another_jurisdiction_is_404(client, fmt, path):
    [description] = assert_error(get(client, path, fmt, jurisdiction_id="sfgov.org"), fmt, 404)
    assert "sfgov.org" in description


@override_settings(OPEN311_JURISDICTION_ID="toshkent.uz")
def test_the_jurisdiction_comes_from_settings(client):
    assert get(client, "services", jurisdiction_id="toshkent.uz").status_code == 200
    assert_error(get(client, "services", jurisdiction_id="uz"), "json", 404)


def test_names_follow_the_locale_parameter_and_accept_language(client):
    def roads(response):
        return next(s for s in read(response, "json") if s["service_code"] == "roads")

    assert roads(get(client, "services", locale="ru"))["service_name"] == "Дороги"
    assert roads(get(client, "services", locale="en_US"))["service_name"] == "Roads"
    response = client.get("/open311/v2/services.json", headers={"Accept-Language": "ru"})
    assert roads(response)["service_name"] == "Дороги"
    assert response["Content-Language"] == "ru"
    assert "Accept-Language" in response["Vary"]
    # An unknown locale falls back to Accept-Language rather than failing.
    assert roads(get(client, "services", locale="xx"))["service_name"] == "Roads"


def test_uzbek_is_the_default_and_cyrillic_uzbek_is_spoken(db):
    from django.test import Client

    anonymous = Client()
    response = anonymous.get("/open311/v2/services.json")
    assert response["Content-Language"] == "uz"
    latin = next(s for s in read(response, "json") if s["service_code"] == "roads")
    cyrillic = next(s for s in read(anonymous.get("/open311/v2/services.json?locale=uz-Cyrl"),
                                    "json") if s["service_code"] == "roads")
    assert latin["service_name"] != cyrillic["service_name"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_resources_and_formats_are_404_in_the_error_format(client, fmt):
    assert_error(client.get(f"/open311/v2/nothing.{fmt}"), fmt, 404)
    assert_error(client.get("/open311/v2/services.csv"), "json", 404)
    assert_error(client.get("/open311/v2/"), "json", 404)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_wrong_method_is_refused_in_the_error_format(client, fmt):
    response = client.post(f"/open311/v2/services.{fmt}")
    assert_error(response, fmt, 405)
    assert response["Allow"] == "GET, HEAD"
    assert_error(client.delete(f"/open311/v2/requests.{fmt}"), fmt, 405)

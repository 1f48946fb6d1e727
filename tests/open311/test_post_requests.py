"""POST requests: keys, required fields, locations, attributes, and what is stored."""

import pytest
from django.test import Client

from mahalla.appeals.models import Appeal, AppealSource
from mahalla.integrations.scopes import Scope
from mahalla.integrations.services import create_api_key, revoke_api_key
from tests.open311.conftest import FORMATS, assert_error, post, read, report_fields
from tests.open311.conftest import stored as as_stored
from tests.open311.spec import POST_RESPONSE_REALTIME

ALMATY = ("43.25", "76.95")
DUSHANBE = ("38.56", "68.78")


def stored() -> tuple[int, int]:
    return Appeal.objects.count(), AppealSource.objects.count()


def created(response, fmt) -> dict:
    assert response.status_code == 200, response.content
    [row] = read(response, fmt, "service_requests")
    assert tuple(row) == POST_RESPONSE_REALTIME
    return row


# --- a report goes in -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_report_with_a_point_is_registered_and_routed(client, world, api_key, fmt):
    row = created(post(client, fmt, report_fields(api_key)), fmt)
    appeal = Appeal.objects.get(number=row["service_request_id"])
    assert appeal.kind == Appeal.Kind.PROBLEM_REPORT
    assert appeal.channel == Appeal.Channel.OPEN311
    assert appeal.category == "water"
    assert appeal.is_anonymous and appeal.author is None
    assert appeal.mahalla == world["home"] and appeal.organization == world["water"]
    assert appeal.status == Appeal.Status.REGISTERED
    assert appeal.text.startswith("Koʻchada suv quvuri yorilib, suv oqmoqda")
    assert as_stored("Leak or burst pipe") in appeal.text  # the answer, readable for the staff
    assert appeal.source.attributes == {"problem": "leak"}
    assert appeal.source.api_key.name == "City app"
    assert appeal.number in row["service_notice"]
    assert row["account_id"] in (None, "")


def test_the_answer_is_200_and_needs_no_csrf_token(world, api_key):
    client = Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})
    assert post(client, "json", report_fields(api_key)).status_code == 200


def test_the_key_may_come_in_the_x_api_key_header(client, world, api_key):
    response = post(client, "json", report_fields(None), **{"X-API-Key": api_key})
    created(response, "json")


def test_an_address_naming_the_mahalla_is_enough(client, world, api_key):
    home = world["home"]
    address = f"Mustaqillik koʻchasi 5, {home.name_uz} MFY, {home.district.name_uz}"
    row = created(post(client, "json", report_fields(api_key, lat=None, long=None,
                                                     address_string=address)), "json")
    appeal = Appeal.objects.get(number=row["service_request_id"])
    assert appeal.mahalla == home and appeal.latitude is None
    assert appeal.address == address


def test_an_address_the_service_cannot_place_is_refused_plainly(client, world, api_key):
    before = stored()
    [message] = assert_error(post(client, "json", report_fields(
        api_key, lat=None, long=None, address_string="Somewhere near the big tree")), "json", 400)
    assert "address" in message
    assert stored() == before


def test_address_id_is_the_mahalla_code(client, world, api_key):
    other = world["other"]
    row = created(post(client, "json", report_fields(
        api_key, lat=None, long=None, address_id=other.code,
        address_string="Mustaqillik koʻchasi 5")), "json")
    assert Appeal.objects.get(number=row["service_request_id"]).mahalla == other
    assert_error(post(client, "json", report_fields(
        api_key, lat=None, long=None, address_id="NO-SUCH", address_string="Koʻcha 5")),
        "json", 400)


def test_address_id_alone_places_the_report_in_that_mahalla(client, world, api_key):
    # The spec accepts any one location field; address_id is our mahalla code.
    row = created(post(client, "json", report_fields(
        api_key, lat=None, long=None, address_id=world["home"].code)), "json")
    appeal = Appeal.objects.get(number=row["service_request_id"])
    assert appeal.mahalla == world["home"] and appeal.latitude is None


def test_an_unknown_address_id_is_refused(client, world, api_key):
    [message] = assert_error(post(client, "json", report_fields(
        api_key, lat=None, long=None, address_id="NO-SUCH-CODE")), "json", 400)
    assert message == "Unknown mahalla."


def test_without_a_description_the_text_is_the_service_and_its_answers(client, world, api_key):
    row = created(post(client, "json", report_fields(api_key, description=None)), "json")
    text = Appeal.objects.get(number=row["service_request_id"]).text
    assert as_stored("Leak or burst pipe") in text and len(text) >= 10


def test_a_short_description_of_a_service_without_questions_is_refused(client, world, api_key):
    [message] = assert_error(post(client, "json", report_fields(
        api_key, service_code="gas", description="Gaz yoʻq", **{"attribute[problem]": None})),
        "json", 400)
    assert "10 characters" in message


def test_a_service_without_questions_and_without_description_is_accepted(client, world, api_key):
    row = created(post(client, "json", report_fields(
        api_key, service_code="electricity", description=None,
        **{"attribute[problem]": None})), "json")
    assert Appeal.objects.get(number=row["service_request_id"]).category == "electricity"


# --- attributes ----------------------------------------------------------------------------------


def test_several_values_of_a_multivaluelist(client, world, api_key):
    fields = list(report_fields(api_key, service_code="waste", description=None,
                                **{"attribute[problem]": None}).items())
    fields += [("attribute[bin_state][]", "overflowing"), ("attribute[bin_state][]", "burning"),
               ("attribute[days]", "3")]
    row = created(post(client, "json", fields), "json")
    appeal = Appeal.objects.get(number=row["service_request_id"])
    assert appeal.source.attributes == {"bin_state": ["overflowing", "burning"], "days": "3"}
    assert as_stored("Bins are overflowing", "Waste is burning") in appeal.text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_required_attribute_is_named(client, world, api_key, fmt):
    before = stored()
    [message] = assert_error(post(client, fmt, report_fields(
        api_key, **{"attribute[problem]": None})), fmt, 400)
    assert "problem" in message
    assert stored() == before


@pytest.mark.parametrize("attributes, word", [
    ({"attribute[problem]": "flood"}, "flood"),
    ({"attribute[colour]": "brown"}, "colour"),
    ({"attribute[households]": "many"}, "households"),
    ({"attribute[households]": "0"}, "households"),
    ({"attribute[since]": "yesterday"}, "since"),
])
def test_a_bad_attribute_is_refused(client, world, api_key, attributes, word):
    before = stored()
    [message] = assert_error(post(client, "json", report_fields(api_key, **attributes)),
                             "json", 400)
    assert word in message
    assert stored() == before


def test_every_attribute_fault_is_reported_at_once(client, world, api_key):
    fields = list(report_fields(api_key, service_code="roads").items())  # "problem": not roads'
    fields += [("attribute[size]", "-4"), ("attribute[traffic]", "yes"),
               ("attribute[traffic]", "no")]
    messages = assert_error(post(client, "xml", fields), "xml", 400)
    assert len(messages) == 4  # unknown "problem", missing damage, size range, two traffic


def test_a_single_value_list_takes_one_value(client, world, api_key):
    fields = list(report_fields(api_key).items()) + [("attribute[problem]", "no_water")]
    assert_error(post(client, "json", fields), "json", 400)


def test_a_malformed_attribute_parameter_is_refused(client, world, api_key):
    assert_error(post(client, "json", report_fields(api_key, **{"attribute[a][b]": "x"})),
                 "json", 400)


# --- what is refused -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_key_is_403(client, world, fmt):
    before = stored()
    assert_error(post(client, fmt, report_fields(None)), fmt, 403)
    assert_error(post(client, fmt, report_fields("")), fmt, 403)
    assert stored() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_revoked_or_unscoped_key_is_403(client, world, fmt):
    revoked, revoked_raw = create_api_key(name="Old app", scopes=[Scope.OPEN311_SUBMIT])
    revoke_api_key(key=revoked, reason="leaked")
    unscoped = create_api_key(name="Classifier", scopes=[Scope.TRIAGE])[1]
    before = stored()
    for raw in ("mhl_0000_not-a-key", revoked_raw, unscoped):
        assert_error(post(client, fmt, report_fields(raw)), fmt, 403)
    assert stored() == before


def test_a_key_over_its_rate_is_429(client, world, time_machine):
    # One rate window for the whole test: a window boundary must not fall between requests.
    time_machine.move_to("2026-11-23 10:00:30+05:00", tick=False)
    raw = create_api_key(name="Busy app", scopes=[Scope.OPEN311_SUBMIT], rate="2/m")[1]
    for _ in range(2):
        created(post(client, "json", report_fields(raw, description=None)), "json")
    assert_error(post(client, "xml", report_fields(raw)), "xml", 429)


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_code_missing_is_400_and_unknown_is_404(client, world, api_key, fmt):
    assert_error(post(client, fmt, report_fields(api_key, service_code=None)), fmt, 400)
    assert_error(post(client, fmt, report_fields(api_key, service_code="potholes")), fmt, 404)


def test_a_location_is_required(client, world, api_key):
    messages = assert_error(post(client, "json", report_fields(api_key, lat=None, long=None)),
                            "json", 400)
    assert "location" in messages[0]
    assert_error(post(client, "json", report_fields(api_key, long=None)), "json", 400)
    assert_error(post(client, "json", report_fields(api_key, lat="north")), "json", 400)
    assert_error(post(client, "json", report_fields(api_key, lat="91")), "json", 400)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("point", [ALMATY, DUSHANBE], ids=["Almaty", "Dushanbe"])
def test_a_point_outside_uzbekistan_is_refused_and_nothing_is_stored(client, world, api_key,
                                                                     fmt, point):
    before = stored()
    [message] = assert_error(post(client, fmt, report_fields(api_key, lat=point[0],
                                                             long=point[1])), fmt, 400)
    assert message == "The map point is outside Uzbekistan."
    assert stored() == before


def test_the_wrong_jurisdiction_is_404(client, world, api_key):
    assert_error(post(client, "json", report_fields(api_key, jurisdiction_id="sfgov.org")),
                 "json", 404)
    created(post(client, "json", report_fields(api_key, jurisdiction_id="uz")), "json")


@pytest.mark.parametrize("overrides", [
    {"description": "<script>alert(1)</script> suv yoʻq"},
    {"description": "x" * 4001},
    {"description": "Suv yoʻq\x00 uch kundan beri"},
    {"email": "not an email"},
    {"media_url": "ftp://example.org/photo.jpg"},
    {"device_id": "two words"},
    {"first_name": "A" * 101},
])
def test_bad_fields_are_400_and_nothing_is_stored(client, world, api_key, overrides):
    before = stored()
    assert_error(post(client, "json", report_fields(api_key, **overrides)), "json", 400)
    assert stored() == before


# --- repeats ------------------------------------------------------------------------------


def test_a_retry_with_the_same_idempotency_key_gives_the_same_request(client, world, api_key):
    first = created(post(client, "json", report_fields(api_key),
                         **{"Idempotency-Key": "retry-1"}), "json")
    again = created(post(client, "json", report_fields(api_key),
                         **{"Idempotency-Key": "retry-1"}), "json")
    assert again["service_request_id"] == first["service_request_id"]
    assert Appeal.objects.filter(channel=Appeal.Channel.OPEN311).count() == 1
    other_key = create_api_key(name="Other app", scopes=[Scope.OPEN311_SUBMIT])[1]
    other = created(post(client, "json", report_fields(other_key),
                         **{"Idempotency-Key": "retry-1"}), "json")
    assert other["service_request_id"] != first["service_request_id"]
    assert_error(post(client, "json", report_fields(api_key),
                      **{"Idempotency-Key": "x" * 41}), "json", 400)


def test_a_device_reporting_again_gets_the_open_request(client, world, api_key):
    fields = report_fields(api_key, device_id="lamp-sensor-17")
    first = created(post(client, "json", fields), "json")
    again = created(post(client, "json", fields), "json")
    assert again["service_request_id"] == first["service_request_id"]
    assert "already reported" in again["service_notice"]
    assert Appeal.objects.filter(channel=Appeal.Channel.OPEN311).count() == 1


def test_messages_follow_the_locale_field(client, world):
    response = post(client, "json", report_fields(None, locale="ru"))
    assert response["Content-Language"] == "ru"
    assert_error(response, "json", 403)

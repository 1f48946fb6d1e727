"""GET requests, GET requests/{id} and GET tokens/{token}: fields, defaults, limits, filters."""

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from mahalla.appeals.models import Appeal
from mahalla.appeals.open311 import selectors
from mahalla.appeals.services import workflow
from tests.open311.conftest import (
    FORMATS,
    as_text,
    assert_error,
    get,
    post,
    publish,
    read,
    report_fields,
)
from tests.open311.spec import (
    DATETIME_FIELDS,
    DEFAULT_SPAN_DAYS,
    MAX_DESCRIPTION,
    MAX_REQUESTS,
    REQUEST_FIELDS,
    REQUEST_STATUSES,
    TOKEN_FIELDS,
    W3C_DATETIME,
)

S = Appeal.Status


def requests_of(response, fmt="json") -> list[dict]:
    assert response.status_code == 200, response.content
    rows = read(response, fmt, "service_requests")
    for row in rows:
        assert tuple(row) == REQUEST_FIELDS
        assert row["status"] in REQUEST_STATUSES
        for name in DATETIME_FIELDS:
            assert row[name] in (None, "") or W3C_DATETIME.match(row[name]), row[name]
    return rows


def ids(response, fmt="json") -> list[str]:
    return [row["service_request_id"] for row in requests_of(response, fmt)]


def age(appeal: Appeal, days: float) -> Appeal:
    Appeal.objects.filter(pk=appeal.pk).update(
        created_at=timezone.now() - timedelta(days=days))
    appeal.refresh_from_db()
    return appeal


# --- one request ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_published_report_shows_every_field(client, make_report, world, fmt):
    appeal = publish(make_report())
    [row] = requests_of(get(client, f"requests/{appeal.number}", fmt), fmt)
    expected = {
        "service_request_id": appeal.number, "status": "open", "status_notes": "Registered",
        "service_name": "Water supply", "service_code": "water", "description": appeal.text,
        "agency_responsible": world["water"].name_uz, "address": "Bogʻishamol koʻchasi 12",
        "address_id": world["home"].code, "zipcode": None, "lat": 41.36, "long": 69.29,
        "media_url": None,
    }
    assert {k: row[k] for k in expected} == (expected if fmt == "json" else as_text(expected))
    assert row["service_notice"] and "must answer by" in row["service_notice"]
    assert row["requested_datetime"].endswith("+05:00")
    assert row["expected_datetime"] == timezone.localtime(appeal.due_at).isoformat(
        timespec="seconds")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unpublished_report_shows_no_words_and_no_place(client, make_report, world, fmt):
    appeal = make_report()
    [row] = requests_of(get(client, f"requests/{appeal.number}", fmt), fmt)
    for hidden in ("description", "address", "address_id", "zipcode", "lat", "long",
                   "media_url"):
        assert row[hidden] in (None, ""), hidden
    assert row["service_request_id"] == appeal.number and row["service_code"] == "water"
    assert row["status"] == "open" and row["status_notes"] == "Registered"
    assert row["agency_responsible"] == world["water"].name_uz
    assert row["requested_datetime"] and row["updated_datetime"] and row["expected_datetime"]


def test_both_formats_carry_the_same_request(client, make_report):
    appeal = publish(make_report())
    json_rows = read(get(client, f"requests/{appeal.number}", "json"), "json")
    assert as_text(json_rows) == read(get(client, f"requests/{appeal.number}", "xml"), "xml")


def test_agency_falls_back_to_the_mahalla(client, make_report, world):
    appeal = make_report(category="roads")  # no body serves roads here: the mahalla's queue
    [row] = requests_of(get(client, f"requests/{appeal.number}"))
    assert row["agency_responsible"] == world["home"].name_uz


def test_a_long_description_is_cut_to_the_spec_limit(client, make_report):
    appeal = publish(make_report(text="Suv quvuri yorildi. " * 240))
    [row] = requests_of(get(client, f"requests/{appeal.number}"))
    assert len(appeal.text) > MAX_DESCRIPTION and len(row["description"]) == MAX_DESCRIPTION


def test_a_published_answer_is_the_status_note_of_a_closed_request(client, make_report, world):
    appeal = make_report()
    Appeal.objects.filter(pk=appeal.pk).update(status=S.ANSWERED, answer="Quvur almashtirildi.",
                                               answered_at=timezone.now())
    [row] = requests_of(get(client, f"requests/{appeal.number}"))
    assert row["status"] == "closed" and row["status_notes"] == "Answered"
    publish(appeal)
    [row] = requests_of(get(client, f"requests/{appeal.number}"))
    assert row["status_notes"] == "Quvur almashtirildi."
    assert row["service_notice"] is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_request_is_404(client, db, fmt):
    [message] = assert_error(get(client, "requests/MAH-2026-999999", fmt), fmt, 404)
    assert "MAH-2026-999999" in message
    assert_error(get(client, "requests/" + "9" * 500, fmt), fmt, 404)


@pytest.mark.parametrize("kind", [Appeal.Kind.APPLICATION, Appeal.Kind.PROPOSAL,
                                  Appeal.Kind.COMPLAINT])
def test_other_kinds_of_appeal_do_not_exist_here(client, make_report, kind):
    private = make_report(kind=kind, text="Menga moddiy yordam kerak, oilamiz katta")
    Appeal.objects.filter(pk=private.pk).update(is_public=True)  # even if wrongly flagged
    assert_error(get(client, f"requests/{private.number}"), "json", 404)
    assert private.number not in ids(get(client, "requests"))
    assert ids(get(client, "requests", service_request_id=private.number)) == []


def test_a_merged_duplicate_resolves_to_the_report_it_was_merged_into(client, make_report,
                                                                      world):
    kept, duplicate = make_report(), make_report(text="Bu yerda ham suv oqyapti, quvur teshik")
    workflow.merge_duplicate(appeal=duplicate, into=kept, actor=world["dispatcher"])
    assert ids(get(client, f"requests/{duplicate.number}")) == [kept.number]
    assert ids(get(client, "requests")) == [kept.number]
    listed = ids(get(client, "requests", service_request_id=f"{duplicate.number},{kept.number}"))
    assert listed == [kept.number]


# --- tokens -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_token_gives_its_request_id(client, world, api_key, fmt):
    number = read(post(client, "json", report_fields(api_key)), "json")[0]["service_request_id"]
    token = Appeal.objects.get(number=number).source.token
    response = get(client, f"tokens/{token}", fmt)
    assert response.status_code == 200
    assert read(response, fmt, "service_requests") == [
        {"service_request_id": number, "token": token}]
    assert tuple(read(response, fmt)[0]) == TOKEN_FIELDS
    assert_error(get(client, f"tokens/{secrets.token_urlsafe(18)}", fmt), fmt, 404)


# --- the list -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_list_is_newest_first(client, make_report, fmt):
    old, new = age(make_report(), 3), make_report()
    assert ids(get(client, "requests", fmt), fmt) == [new.number, old.number]


def test_by_default_the_last_90_days(client, make_report):
    recent = age(make_report(), DEFAULT_SPAN_DAYS - 1)
    old = age(make_report(), DEFAULT_SPAN_DAYS + 1)
    assert ids(get(client, "requests")) == [recent.number]
    assert old.number not in ids(get(client, "requests"))


def test_a_start_date_alone_covers_90_days_from_it(client, make_report):
    a, b, c = age(make_report(), 200), age(make_report(), 150), age(make_report(), 100)
    start = (timezone.now() - timedelta(days=201)).isoformat()
    assert ids(get(client, "requests", start_date=start)) == [b.number, a.number]
    assert c.number in ids(get(client, "requests", end_date=(
        timezone.now() - timedelta(days=99)).isoformat()))


def test_a_date_range_filters_by_requested_datetime(client, make_report):
    inside, outside = age(make_report(), 10), age(make_report(), 30)
    now = timezone.now()
    found = ids(get(client, "requests", start_date=(now - timedelta(days=20)).isoformat(),
                    end_date=(now - timedelta(days=5)).isoformat()))
    assert found == [inside.number] and outside.number not in found
    # Z and date-only forms of the W3C note are read too.
    assert ids(get(client, "requests", start_date="2000-01-01T00:00:00Z",
                   end_date="2000-03-01")) == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("query", [
    {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},  # > 90 days
    {"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"},  # reversed
    {"start_date": "yesterday"},
    {"end_date": "2026-13-45"},
    {"start_date": "0001-01-01"},
    {"status": "pending"},
    {"service_code": "roads,potholes"},
])
def test_bad_query_parameters_are_400(client, db, fmt, query):
    assert_error(get(client, "requests", fmt, **query), fmt, 400)


def test_filters_by_status(client, make_report):
    open_report, closed_report = make_report(), make_report()
    Appeal.objects.filter(pk=closed_report.pk).update(status=S.CLOSED,
                                                      closed_at=timezone.now())
    assert ids(get(client, "requests", status="open")) == [open_report.number]
    assert ids(get(client, "requests", status="closed")) == [closed_report.number]
    both = [closed_report.number, open_report.number]
    assert ids(get(client, "requests", status="open,closed")) == both
    assert ids(get(client, "requests", status=["open", "closed"])) == both


def test_filters_by_service_codes(client, make_report):
    water, roads, gas = (make_report(category=c) for c in ("water", "roads", "gas"))
    assert ids(get(client, "requests", service_code="water")) == [water.number]
    assert set(ids(get(client, "requests", service_code="roads,gas"))) == {roads.number,
                                                                           gas.number}


def test_service_request_ids_override_every_other_argument(client, make_report):
    old = age(make_report(), 400)
    Appeal.objects.filter(pk=old.pk).update(status=S.CLOSED)
    current = make_report()
    found = ids(get(client, "requests", service_request_id=f"{old.number}, {current.number}",
                    status="open", service_code="roads", start_date="bad"))
    assert found == [current.number, old.number]


def test_at_most_1000_requests(client, make_report, world):
    template = make_report()
    now = timezone.now()
    Appeal.objects.bulk_create([
        Appeal(number=f"MAH-2026-9{i:05d}", kind=Appeal.Kind.PROBLEM_REPORT, category="water",
               text="Suv quvuri yorildi", mahalla=world["home"], district=world["district"],
               region=world["district"].region, status=S.REGISTERED,
               tracking_hash=f"bulk-{i}", created_at=now - timedelta(minutes=i + 1))
        for i in range(MAX_REQUESTS)])
    assert selectors.MAX_RESULTS == MAX_REQUESTS
    found = ids(get(client, "requests"))
    assert len(found) == MAX_REQUESTS
    assert found[0] == template.number  # the newest are kept
    too_many = ",".join(f"MAH-2026-9{i:05d}" for i in range(MAX_REQUESTS + 1))
    assert_error(client.get("/open311/v2/requests.json", {"service_request_id": too_many}),
                 "json", 400)


def test_the_list_reads_in_a_fixed_number_of_queries(client, make_report,
                                                     django_assert_max_num_queries):
    for _ in range(5):
        publish(make_report())
    with django_assert_max_num_queries(4):
        assert len(ids(get(client, "requests", "xml"), "xml")) == 5


def test_characters_xml_cannot_carry_are_dropped_from_xml(client, make_report):
    appeal = publish(make_report())
    Appeal.objects.filter(pk=appeal.pk).update(text="Suv\x0b quvuri\x01 yorildi <&> \ufffe")
    [row] = requests_of(get(client, f"requests/{appeal.number}", "xml"), "xml")
    assert row["description"] == "Suv quvuri yorildi <&> "
    [row] = requests_of(get(client, f"requests/{appeal.number}", "json"))
    assert row["description"] == "Suv\x0b quvuri\x01 yorildi <&> \ufffe"


def test_head_is_answered_like_get(client, make_report):
    assert client.head("/open311/v2/requests.json").status_code == 200

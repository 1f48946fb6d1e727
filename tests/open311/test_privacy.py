"""Nothing about the person who reported ever leaves through Open311, in any answer."""

import pytest

from mahalla.appeals.models import Appeal
from tests.open311.conftest import FORMATS, get, post, publish, read, report_fields

REPORTER = {
    "first_name": "Zebunniso", "last_name": "Qodirova-Secret", "email": "zeb.secret@example.org",
    "phone": "+998901112233", "device_id": "device-SECRET-42", "account_id": "acct-SECRET-7",
}


def bodies_of_every_answer(client, api_key, resident) -> list[str]:
    """POST a report with the reporter's details, then read it every way Open311 allows,
    unpublished and published, in both formats."""
    answers = []
    response = post(client, "json", report_fields(api_key, **REPORTER))
    answers.append(response)
    number = read(response, "json")[0]["service_request_id"]
    answers.append(post(client, "xml", report_fields(api_key, **REPORTER)))  # the repeat
    token = Appeal.objects.get(number=number).source.token
    web = Appeal.objects.filter(author=resident).first()
    for _published in (False, True):
        for fmt in FORMATS:
            answers += [
                get(client, f"requests/{number}", fmt),
                get(client, "requests", fmt),
                get(client, "requests", fmt, service_request_id=f"{number},{web.number}"),
                get(client, f"tokens/{token}", fmt),
                get(client, f"requests/{web.number}", fmt),
            ]
        publish(Appeal.objects.get(number=number))
        publish(web)
    assert all(a.status_code == 200 for a in answers), [a.status_code for a in answers]
    return [a.content.decode() for a in answers]


def test_no_personal_data_in_any_answer(client, world, api_key, make_report):
    resident = world["resident"]
    make_report()  # a web report with an author, next to the Open311 one
    bodies = bodies_of_every_answer(client, api_key, resident)
    secrets = [*REPORTER.values(), resident.phone, resident.full_name]
    for body in bodies:
        for secret in secrets:
            assert secret not in body


def test_the_reporter_is_kept_for_the_staff(client, world, api_key):
    number = read(post(client, "json", report_fields(api_key, **REPORTER)),
                  "json")[0]["service_request_id"]
    source = Appeal.objects.get(number=number).source
    assert source.reporter_name == "Zebunniso Qodirova-Secret"
    assert (source.reporter_email, source.reporter_phone) == ("zeb.secret@example.org",
                                                              "+998901112233")
    assert (source.device_id, source.account_id) == ("device-SECRET-42", "acct-SECRET-7")
    assert source.machine_reported


@pytest.mark.parametrize("fmt", FORMATS)
def test_unpublished_requests_in_the_list_hide_words_and_place(client, make_report, fmt):
    hidden, shown = make_report(), publish(make_report())
    rows = {r["service_request_id"]: r for r in read(get(client, "requests", fmt), fmt)}
    for name in ("description", "address", "address_id", "lat", "long", "media_url"):
        assert rows[hidden.number][name] in (None, "")
        assert rows[shown.number][name] not in (None, "") or name == "media_url"

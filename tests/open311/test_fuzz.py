"""Whatever a client sends, the answer is never a 500 and a failure is in the error format."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.open311.conftest import FORMATS, assert_error, post, read

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

POST_FIELDS = ["service_code", "lat", "long", "address_string", "address_id", "email",
               "device_id", "account_id", "first_name", "last_name", "phone", "description",
               "media_url", "jurisdiction_id", "locale", "attribute[problem]",
               "attribute[bin_state][]", "attribute[since]", "attribute[households]",
               "attribute[]", "attribute[x][y]", "attribute"]
GET_PARAMS = ["service_request_id", "service_code", "start_date", "end_date", "status",
              "jurisdiction_id", "locale"]
SERVICE_CODES = st.sampled_from(["water", "waste", "roads", "gas", "lighting", ""])
VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["41.36", "69.29", "-91", "1e999", "NaN", "inf", "0", "leak", "burning",
                     "2026-05-01T08:00:00+05:00", "2010-01-01", "open,closed", "uz", "ru",
                     "MAH-2026-000001", "x" * 5000, "\x00", "<b>", "https://x.example/a.jpg"]),
)
PATHS = st.sampled_from(["discovery", "services", "services/roads", "services/{text}",
                         "requests", "requests/{text}", "tokens/{text}"])


def assert_answer(response, fmt, allowed):
    assert response.status_code in allowed, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert_error(response, fmt, response.status_code)
    else:
        read(response, fmt)


@FUZZ
@given(fmt=st.sampled_from(FORMATS), service_code=SERVICE_CODES,
       pairs=st.lists(st.tuples(st.sampled_from(POST_FIELDS), VALUES), max_size=8),
       use_key=st.booleans())
def test_post_never_fails_with_500(client, world, api_key, fmt, service_code, pairs, use_key):
    data = [("service_code", service_code), *pairs]
    if use_key:
        data.append(("api_key", api_key))
    assert_answer(post(client, fmt, data), fmt, {200, 400, 403, 404})


@FUZZ
@given(fmt=st.sampled_from(FORMATS), path=PATHS, text=st.text(
    alphabet=st.characters(blacklist_characters="/?#%", blacklist_categories=("Cs",)),
    min_size=1, max_size=40),
    params=st.lists(st.tuples(st.sampled_from(GET_PARAMS), VALUES), max_size=6))
def test_get_never_fails_with_500(client, world, fmt, path, text, params):
    response = client.get(f"/open311/v2/{path.format(text=text)}.{fmt}", params)
    assert_answer(response, fmt, {200, 400, 404})


def test_an_unreadable_body_is_400_in_the_error_format(client, world, api_key):
    response = client.post("/open311/v2/requests.xml", b"--x\r\nbroken",
                           content_type="multipart/form-data; boundary=x")
    assert response.status_code in (400, 403)
    assert_error(response, "xml", response.status_code)
    too_many = "&".join(f"f{i}=1" for i in range(1200))
    response = client.get(f"/open311/v2/requests.json?{too_many}")
    assert_error(response, "json", 400)

"""Generated requests against every /api/v1 operation: bad input may be refused, never a 5xx.

Schemathesis reads the OpenAPI document from the app in-process (WSGI) and sends what the
schemas allow and a good deal they do not. Each example goes out twice: anonymously and as
a dispatcher with a session and CSRF token, so both the login wall and the code behind it
are exercised; POST operations go a third time with an Idempotency-Key (a UUID or any
visible Latin-1 text). Path parameters sometimes name a real appeal, photo or tracking token, so
lookups succeed and the service code runs. Bounded to stay under a minute.

Open311 has no OpenAPI document (GeoReport v2 is specified in prose): its endpoints get
Hypothesis over HTTP in tests/open311/test_fuzz.py and over its parsers in tests/fuzz/.
"""

import hypothesis
import pytest
import schemathesis
from django.test import Client
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from mahalla.ledger.note import generate_key
from tests.appeals.conftest import jpeg_bytes, submit, upload, world  # noqa: F401 (fixtures)

# Loaded while collecting: the document needs no database. (The lazy `from_fixture` loader of
# schemathesis 4.32 does not run under pytest 9: it reads a private attribute pytest dropped.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CSRF_TOKEN = "a" * 32
MAX_EXAMPLES = 20


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go straight to the WSGI app, whose request signals would close the database
    connection holding the test's transaction (Django's own test client avoids that too)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def known(request, settings):
    """Real names for path parameters, and a dispatcher's session."""
    # Tests run with DEBUG off, where the ledger refuses to sign without a configured key.
    settings.LEDGER_SIGNING_KEY = generate_key("mahalla.test/ledger")[0]
    settings.LEDGER_ORIGIN = "mahalla.test/ledger"
    people, send = request.getfixturevalue("world"), request.getfixturevalue("submit")
    appeal = send(photos=[upload(jpeg_bytes())])
    client = Client()
    client.force_login(people["dispatcher"])
    return {
        "number": [appeal.number, send(kind="complaint").number],
        "token": [appeal.tracking_token],
        "photo_id": [appeal.photos.get().pk],
        "session": client.cookies["sessionid"].value,
    }


@pytest.mark.django_db
@schema.parametrize()
@schema.given(data=st.data())
@hypothesis.settings(max_examples=MAX_EXAMPLES, deadline=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
def test_no_operation_answers_with_a_server_error(case, data, known):
    for name in list(case.path_parameters or {}):
        if name in known and data.draw(st.booleans(), label=f"real {name}"):
            case.path_parameters[name] = data.draw(st.sampled_from(known[name]), label=name)
    case.call_and_validate(checks=[not_a_server_error])
    case.call_and_validate(cookies={"sessionid": known["session"], "csrftoken": CSRF_TOKEN},
                           headers={"X-CSRFToken": CSRF_TOKEN}, checks=[not_a_server_error])
    if case.method.upper() == "POST":
        # Create operations take an Idempotency-Key: any header value is refused or used.
        key = data.draw(st.one_of(st.uuids().map(str), st.text(
            st.characters(min_codepoint=33, max_codepoint=255, categories=None,
                          blacklist_categories=("Cc", "Zs")), min_size=1, max_size=300)),
            label="key")
        case.call_and_validate(cookies={"sessionid": known["session"], "csrftoken": CSRF_TOKEN},
                               headers={"X-CSRFToken": CSRF_TOKEN, "Idempotency-Key": key},
                               checks=[not_a_server_error])

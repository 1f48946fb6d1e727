"""An unreachable database answers 503 with Retry-After, in the format and language asked for."""

import json
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.db import IntegrityError, OperationalError
from django.test import RequestFactory
from django.urls import reverse

from mahalla.appeals.models import Appeal, AppealPhoto, AppealStep
from mahalla.core.models import DomainEvent
from mahalla.ledger.models import LedgerEntry
from mahalla.notify.models import OutboxMessage
from mahalla.ops.middleware import DatabaseUnavailableMiddleware
from tests.appeals.conftest import POINT, jpeg_bytes, upload

DOWN = OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def database_down(target: str):
    return mock.patch(target, side_effect=DOWN)


@pytest.mark.django_db
def test_a_page_answers_503_with_retry_after_in_the_default_language(client):
    with database_down("mahalla.appeals.views.public.public_reports"):
        response = client.get("/map/")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Xizmat vaqtincha ishlamayapti" in html
    assert html.count("<main") == 1 and "css/mahalla.css" in html


@pytest.mark.django_db
def test_a_page_answers_503_in_russian_under_ru(client):
    with database_down("mahalla.appeals.views.public.public_reports"):
        response = client.get("/ru/map/")
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Сервис временно недоступен" in html
    assert 'lang="ru"' in html


@pytest.mark.django_db
def test_the_api_answers_503_as_its_error_json_in_the_callers_language(client):
    with database_down("mahalla.ledger.services.latest_checkpoint"):
        response = client.get("/api/v1/ledger/checkpoint", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json() == {
        "error": "Сервис временно недоступен. Пожалуйста, повторите попытку через несколько "
                 "минут.",
        "field": None}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/open311/v2/services.json", "/open311/v2/services.xml"])
def test_open311_paths_get_the_georeport_error_format(path):
    request = RequestFactory().get(path, HTTP_ACCEPT_LANGUAGE="en")
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(request, DOWN)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    message = "The service is temporarily unavailable. Please try again in a few minutes."
    if path.endswith(".json"):
        assert json.loads(response.content) == [{"code": 503, "description": message}]
    else:
        error = ET.fromstring(response.content).find("error")  # noqa: S314 (our own response)
        assert error.findtext("code") == "503" and error.findtext("description") == message


def test_other_database_errors_stay_errors():
    request = RequestFactory().get("/map/")
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(request, IntegrityError("duplicate key")) is None
    assert middleware.process_exception(request, ValueError("bug")) is None


@pytest.mark.django_db
def test_a_submission_cut_off_by_the_database_leaves_nothing_stored(client, world, media):
    """The connection drops after the appeal row is written: the real service's transaction
    rolls back, so no appeal, photo, step, event, ledger leaf or message is left."""
    client.force_login(world["resident"])
    counts = (DomainEvent.objects.count(), LedgerEntry.objects.count(),
              OutboxMessage.objects.count())
    data = {"kind": "problem_report", "category": "water",
            "text": "Koʻchada suv quvuri yorilib, suv oqmoqda", "mahalla": "",
            "latitude": str(POINT[0]), "longitude": str(POINT[1]), "address": "",
            "contact": "in_app", "consent": "on", "idempotency_key": "k-" + "2" * 30,
            "photos": [upload(jpeg_bytes())]}
    written = []

    def drop_connection(*, appeal, outcome):
        written.append(Appeal.objects.filter(pk=appeal.pk).exists())
        raise DOWN

    with mock.patch("mahalla.appeals.services.submit.record_triage", drop_connection):
        response = client.post(reverse("appeals:new"), data, HTTP_ACCEPT_LANGUAGE="en")

    assert written == [True]  # the appeal row was in the transaction when it failed
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert not Appeal.objects.exists()
    assert not AppealPhoto.objects.exists() and not AppealStep.objects.exists()
    assert (DomainEvent.objects.count(), LedgerEntry.objects.count(),
            OutboxMessage.objects.count()) == counts


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_real_open311_request_with_the_database_down_gets_503(client, fmt):
    with database_down("mahalla.appeals.open311.selectors.search"):
        response = client.get(f"/open311/v2/requests.{fmt}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert b"503" in response.content

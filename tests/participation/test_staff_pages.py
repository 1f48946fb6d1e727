"""The staff pages that create a survey and open and close it, end to end."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mahalla.participation.models import Survey
from tests.participation.conftest import QUESTIONS

pytestmark = pytest.mark.django_db


def test_staff_create_open_and_close_a_survey_through_the_pages(town):
    client = Client()
    client.force_login(town["chairman"])
    closes = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    created = client.post(reverse("participation:staff_survey_new"), {
        "target": f"m:{town['home'].pk}", "title": "Obodonlashtirish", "description": "",
        "questions": json.dumps(QUESTIONS), "closes_at": closes})
    survey = Survey.objects.get()
    assert created.status_code == 302
    assert created["Location"] == reverse("participation:staff_survey", args=[survey.pk])
    page = reverse("participation:staff_survey", args=[survey.pk])
    assert client.post(page, {"action": "open"}).status_code == 302
    assert client.post(page, {"action": "open"}).status_code >= 400  # already open
    assert client.post(page, {"action": "close"}).status_code == 302
    assert client.post(page, {"action": "reopen"}).status_code == 400
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED

"""Polls and surveys: questions as validated data, one response per resident, the audience,
results with server-drawn charts, exports for staff in scope."""

import copy
import csv
import datetime as dt
import io
import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mahalla.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied
from mahalla.participation import surveys
from mahalla.participation.models import Survey, SurveyResponse
from mahalla.participation.questions import AnswersInvalid, QuestionsInvalid, validate_questions
from tests.participation.conftest import QUESTIONS

pytestmark = pytest.mark.django_db
GOOD = {"q1": "yes", "q2": ["road", "park"], "q3": 4, "q4": "Koʻproq chiroq kerak"}


@pytest.fixture
def survey(town):
    created = surveys.create_survey(
        actor=town["chairman"], target=f"m:{town['home'].pk}", title="Mahalla soʻrovnomasi",
        description="", questions=QUESTIONS, closes_at=timezone.now() + dt.timedelta(days=7))
    return surveys.open_survey(survey=created, actor=town["chairman"])


class TestQuestions:
    def test_valid_questions_are_kept_normalized(self):
        clean = validate_questions(QUESTIONS)
        assert [q["type"] for q in clean] == ["single", "multiple", "scale", "text"]
        assert clean[0]["required"] is True and clean[3]["required"] is False

    @pytest.mark.parametrize("mutate", [
        lambda q: q.clear(),
        lambda q: q[0].update(type="eval"),
        lambda q: q[0].update(id="Bad Id"),
        lambda q: q[1].update(id="q1"),
        lambda q: q[0].update(options=[{"id": "a", "label": "Yolgʻiz"}]),
        lambda q: q[0]["options"].append({"id": "yes", "label": "Takror"}),
        lambda q: q[2].update(min=5, max=3),
        lambda q: q[2].update(max=True),
        lambda q: q[3].update(max_length=10**6),
        lambda q: q[0].update(text=""),
        lambda q: q[0].update(code="__import__('os')"),
        lambda q: q.append("not an object"),
        lambda q: q[1].update(max_choices=9),
    ])
    def test_bad_definitions_are_refused(self, mutate):
        questions = copy.deepcopy(QUESTIONS)
        mutate(questions)
        with pytest.raises(QuestionsInvalid) as refused:
            validate_questions(questions)
        assert refused.value.field == "questions"

    def test_a_bad_definition_makes_no_survey(self, town):
        with pytest.raises(DomainError):
            surveys.create_survey(actor=town["chairman"], target=f"m:{town['home'].pk}",
                                  title="Soʻrov", description="", questions={"q": 1},
                                  closes_at=timezone.now() + dt.timedelta(days=1))
        assert not Survey.objects.exists()


class TestResponding:
    def test_a_resident_answers_once(self, town, survey):
        surveys.respond(survey=survey, respondent=town["resident"], answers=GOOD)
        with pytest.raises(Conflict):
            surveys.respond(survey=survey, respondent=town["resident"], answers=GOOD)
        survey.refresh_from_db()
        assert survey.response_count == 1 == SurveyResponse.objects.count()

    def test_the_database_refuses_a_second_response(self, town, survey):
        SurveyResponse.objects.create(survey=survey, respondent=town["resident"], answers={})
        with pytest.raises(IntegrityError), transaction.atomic():
            SurveyResponse.objects.create(survey=survey, respondent=town["resident"],
                                          answers={})

    @pytest.mark.parametrize("answers, bad", [
        ({**GOOD, "q1": "maybe"}, "q1"),
        ({**GOOD, "q2": ["road", "light", "park"]}, "q2"),
        ({**GOOD, "q2": ["road", "road"]}, "q2"),
        ({**GOOD, "q3": 9}, "q3"),
        ({**GOOD, "q3": True}, "q3"),
        ({**GOOD, "q4": "x" * 201}, "q4"),
        ({**GOOD, "q4": {"a": 1}}, "q4"),
        ({"q2": ["road"], "q3": 3}, "q1"),
    ])
    def test_bad_answers_are_refused_per_question(self, town, survey, answers, bad):
        with pytest.raises(AnswersInvalid) as refused:
            surveys.respond(survey=survey, respondent=town["resident"], answers=answers)
        assert bad in refused.value.errors
        assert not SurveyResponse.objects.exists()

    @pytest.mark.parametrize("who, error", [
        ("other_resident", DomainError), ("far_resident", DomainError),
        ("unverified", PermissionDenied), ("chairman", PermissionDenied),
    ])
    def test_only_the_audience_answers(self, town, survey, who, error):
        with pytest.raises(error):
            surveys.respond(survey=survey, respondent=town[who], answers=GOOD)

    def test_a_district_survey_reaches_every_mahalla_of_the_district(self, town):
        created = surveys.create_survey(
            actor=town["official"], target=f"d:{town['district'].pk}", title="Tuman soʻrovi",
            description="", questions=QUESTIONS[:1],
            closes_at=timezone.now() + dt.timedelta(days=1))
        district_survey = surveys.open_survey(survey=created, actor=town["official"])
        surveys.respond(survey=district_survey, respondent=town["other_resident"],
                        answers={"q1": "no"})
        with pytest.raises(DomainError):
            surveys.respond(survey=district_survey, respondent=town["far_resident"],
                            answers={"q1": "no"})

    def test_closed_and_draft_surveys_take_no_answers(self, town, survey):
        surveys.close_survey(survey=survey, actor=town["chairman"])
        survey.refresh_from_db()
        with pytest.raises(Conflict):
            surveys.respond(survey=survey, respondent=town["resident"], answers=GOOD)
        draft = surveys.create_survey(actor=town["chairman"], target=f"m:{town['home'].pk}",
                                      title="Qoralama", description="", questions=QUESTIONS,
                                      closes_at=timezone.now() + dt.timedelta(days=1))
        with pytest.raises(NotFound):
            surveys.respond(survey=draft, respondent=town["resident"], answers=GOOD)

    def test_staff_create_only_within_their_scope(self, town):
        closes = timezone.now() + dt.timedelta(days=1)
        for who, target in (("other_chairman", f"m:{town['home'].pk}"),
                            ("chairman", f"d:{town['district'].pk}"),
                            ("far_official", f"m:{town['home'].pk}")):
            with pytest.raises(DomainError):
                surveys.create_survey(actor=town[who], target=target, title="Soʻrov",
                                      description="", questions=QUESTIONS, closes_at=closes)
        assert not Survey.objects.exists()


class TestResults:
    def _answer(self, town, survey):
        surveys.respond(survey=survey, respondent=town["resident"], answers=GOOD)
        surveys.respond(survey=survey, respondent=town["neighbour"],
                        answers={"q1": "no", "q2": ["road"], "q3": 2})

    def test_results_count_each_answer(self, town, survey):
        self._answer(town, survey)
        items = surveys.results(survey)
        assert [b["count"] for b in items[0]["bars"]] == [1, 1]
        assert [b["count"] for b in items[1]["bars"]] == [2, 0, 1]
        assert items[2]["average"] == 3.0
        assert items[3]["texts"] == ["Koʻproq chiroq kerak"]

    def test_results_page_shows_accessible_svg_charts_once_closed(self, town, survey):
        self._answer(town, survey)
        url = reverse("participation:survey_results", args=[survey.pk])
        assert Client().get(url).status_code == 404  # open: staff only
        staff = Client()
        staff.force_login(town["chairman"])
        assert staff.get(url).status_code == 200

        surveys.close_survey(survey=survey, actor=town["chairman"])
        page = Client().get(url).content.decode()
        charts = re.findall(r"<svg class=\"chart\" role=\"img\"[^>]*>", page)
        assert len(charts) == 3  # single, multiple, scale; text answers are listed
        assert 'aria-labelledby="chart-1-title chart-1-desc"' in page
        assert "<script" not in page.split("<main", 1)[1]
        assert town["resident"].full_name not in page

    def test_exports_for_staff_in_scope(self, town, survey):
        self._answer(town, survey)
        SurveyResponse.objects.filter(respondent=town["neighbour"]).update(
            answers={"q1": "no", "q2": ["road"], "q3": 2, "q4": "=HYPERLINK(\"x\")"})
        client = Client()
        client.force_login(town["chairman"])
        response = client.get(reverse("participation:staff_survey_export",
                                      args=[survey.pk, "csv"]))
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == 3 and rows[0][1] == "Bogʻcha kerakmi?"
        assert "'=HYPERLINK(\"x\")" in [cell for row in rows for cell in row]
        body = response.content.decode("utf-8-sig")
        assert town["resident"].phone not in body and town["resident"].full_name not in body

        response = client.get(reverse("participation:staff_survey_export",
                                      args=[survey.pk, "xlsx"]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row == 3 and sheet.cell(1, 2).value == "Bogʻcha kerakmi?"

        for who in ("other_chairman", "far_official"):
            outsider = Client()
            outsider.force_login(town[who])
            assert outsider.get(reverse("participation:staff_survey_export",
                                        args=[survey.pk, "csv"])).status_code == 404
        resident = Client()
        resident.force_login(town["resident"])
        assert resident.get(reverse("participation:staff_survey_export",
                                    args=[survey.pk, "csv"])).status_code == 403

    def test_answering_through_the_page(self, town, survey):
        client = Client()
        client.force_login(town["neighbour"])
        url = reverse("participation:survey_respond", args=[survey.pk])
        bad = client.post(url, {"q1": "yes", "q2": ["road"], "q3": "9"})
        assert bad.status_code == 400 and "q3" in bad.context["form"].errors
        good = client.post(url, {"q1": "yes", "q2": ["road", "light"], "q3": "5", "q4": ""})
        assert good.status_code == 302
        assert SurveyResponse.objects.get().answers == {"q1": "yes", "q2": ["road", "light"],
                                                         "q3": 5}
        assert client.post(url, {"q1": "no", "q2": ["road"], "q3": "1"}).status_code == 409

    def test_staff_page_creates_and_opens_a_survey(self, town):
        import json

        client = Client()
        client.force_login(town["chairman"])
        closes = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
        url = reverse("participation:staff_survey_new")
        bad = client.post(url, {"target": f"m:{town['home'].pk}", "title": "Soʻrov",
                                "questions": "[{", "closes_at": closes})
        assert bad.status_code == 400 and "questions" in bad.context["form"].errors
        response = client.post(url, {"target": f"m:{town['home'].pk}", "title": "Soʻrov",
                                     "questions": json.dumps(QUESTIONS), "closes_at": closes})
        assert response.status_code == 302
        created = Survey.objects.get()
        client.post(reverse("participation:staff_survey", args=[created.pk]),
                    {"action": "open"})
        created.refresh_from_db()
        assert created.status == Survey.Status.OPEN


def test_surveys_close_on_schedule(town, survey):
    assert surveys.close_due_surveys(now=survey.closes_at) == 0
    assert surveys.close_due_surveys(now=survey.closes_at + dt.timedelta(seconds=1)) == 1
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    with pytest.raises(Conflict):
        surveys.respond(survey=survey, respondent=town["resident"], answers=GOOD)

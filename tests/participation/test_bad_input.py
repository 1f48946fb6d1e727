"""Odd input to every participation and community form, page and endpoint: a translated
4xx, never a 500, and nothing stored."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from mahalla.participation.community.models import Booking, Comment, ReceptionSlot, Topic
from mahalla.participation.models import Election, Petition, Survey, SurveyResponse
from tests.factories import UserFactory

ODD = ["", "\x00", "-1", "abc", "99999999999999999999999", "1e9", "<script>x</script>",
       "x" * 20000, "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "../../etc/passwd", "[]", "{}"]
ODD_JSON = [None, -1, 0, 2**70, "abc", "\u0000", [], {}, True, 1.5, "x" * 20000]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _rows() -> tuple:
    return (Petition.objects.count(), Survey.objects.count(), SurveyResponse.objects.count(),
            Election.objects.count(), Topic.objects.count(), Comment.objects.count(),
            ReceptionSlot.objects.count(), Booking.objects.count())


@pytest.mark.django_db
def test_odd_form_and_query_values_never_give_a_500(town, election_factory, open_petition):
    from mahalla.core.models import Role, Verification
    from mahalla.participation import surveys
    from mahalla.participation.community.services import discussions
    from tests.participation.conftest import QUESTIONS

    Verification.objects.create(user=town["resident"], method="phone")
    petition = open_petition()
    election = election_factory()
    survey = surveys.open_survey(survey=surveys.create_survey(
        actor=town["chairman"], target=f"m:{town['home'].pk}", title="Soʻrov", description="",
        questions=QUESTIONS, closes_at=election.closes_at), actor=town["chairman"])
    topic = discussions.start_topic(mahalla=town["home"], title="Koʻcha chiroqlari",
                                    body="Kechqurun koʻchamiz qorongʻi.", author=town["chairman"])
    admin = UserFactory(role=Role.ADMINISTRATOR)
    before = _rows()
    resident, chairman, administrator = Client(), Client(), Client()
    resident.force_login(town["resident"])
    chairman.force_login(town["chairman"])
    administrator.force_login(admin)
    posts = {
        reverse("participation:petition_new"): ["level", "title", "text"],
        reverse("participation:survey_respond", args=[survey.pk]): ["q1", "q2", "q3", "q4"],
        reverse("participation:election_vote", args=[election.pk]): ["option"],
        reverse("participation:staff_petition_moderate", args=[petition.pk]): [
            "action", "publish", "reason"],
        reverse("participation:staff_petition_answer", args=[petition.pk]): ["text", "answer"],
        reverse("participation:staff_survey_new"): ["target", "title", "questions",
                                                    "closes_at"],
        reverse("participation:staff_election_new"): [
            "target", "title", "options", "roll_date", "opens_at", "closes_at"],
        reverse("participation:staff_election", args=[election.pk]): ["action"],
        reverse("participation:staff_survey", args=[survey.pk]): ["action"],
        reverse("community:topic_new", args=[town["home"].pk]): ["title", "body"],
        reverse("community:comment", args=[topic.pk]): ["body", "parent"],
        reverse("community:moderate_topic", args=[topic.pk]): ["status", "reason"],
        reverse("community:moderation"): ["comment", "days", "reason"],
        reverse("community:staff_slots"): ["kind", "starts_at", "ends_at", "place",
                                           "video_url"],
        reverse("community:ratings_mine"): ["interaction", "object_id", "score"],
    }
    failures = []
    for url, fields in posts.items():
        for value in ODD:
            for client in (resident, chairman, administrator):
                response = client.post(url, {name: value for name in fields})
                if response.status_code >= 500:
                    failures.append((url, value[:20], response.status_code))
    gets = [reverse("participation:petitions"), reverse("participation:staff"),
            reverse("community:topics", args=[town["home"].pk]), reverse("community:reception"),
            reverse("community:ratings"), reverse("api-v1:participation_petitions"),
            reverse("api-v1:community_topics")]
    for url in gets:
        for value in ODD:
            for param in ("page", "status", "mahalla_id", "offset", "limit"):
                response = chairman.get(url, {param: value})
                if response.status_code >= 500:
                    failures.append((url, param, value[:20], response.status_code))
    assert not failures
    # Odd but well-formed text ("../../etc/passwd") is a valid topic; nothing else was stored.
    assert _rows()[:4] == before[:4] and _rows()[5:] == before[5:]


@pytest.mark.django_db
def test_odd_json_values_never_give_a_500(town, election_factory, open_petition):
    from mahalla.core.models import Verification

    Verification.objects.create(user=town["resident"], method="phone")
    petition, election = open_petition(), election_factory()
    before = _rows()
    client = Client()
    client.force_login(town["resident"])
    calls = {
        reverse("api-v1:participation_petition_start"): ["level", "title", "text"],
        reverse("api-v1:participation_petition_sign", args=[petition.pk]): ["x"],
        reverse("api-v1:participation_vote", args=[election.pk]): ["option"],
        reverse("api-v1:participation_receipt", args=[election.pk]): ["code"],
        reverse("api-v1:community_topic_start", args=[town["home"].pk]): ["title", "body"],
        reverse("api-v1:community_rate"): ["interaction", "object_id", "score", "comment"],
    }
    failures = []
    for url, fields in calls.items():
        for value in ODD_JSON:
            response = client.post(url, json.dumps({name: value for name in fields}),
                                   content_type="application/json")
            if response.status_code >= 500:
                failures.append((url, repr(value)[:20], response.status_code))
        response = client.post(url, "{not json", content_type="application/json")
        if response.status_code >= 500:
            failures.append((url, "not json", response.status_code))
    assert not failures
    # The vote endpoint may have accepted one well-formed option id of the ballot; the rest
    # of the odd values stored nothing.
    assert _rows()[:3] == before[:3] and _rows()[4:] == before[4:]

"""/api/v1/participation and the vote pages: reading, signing, answering, voting, receipts,
bad input (400, never 500) and scope."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mahalla.participation import petitions, surveys, voting
from mahalla.participation.models import Ballot, Petition, VoteCast
from tests.participation.conftest import QUESTIONS

pytestmark = pytest.mark.django_db
API = "/api/v1/participation"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, path, body=None):
    return client.post(path, data=json.dumps(body or {}), content_type="application/json")


class TestPetitionApi:
    def test_start_sign_and_read(self, town):
        created = post(logged_in(town["resident"]), f"{API}/petitions/start",
                       {"level": "mahalla", "title": "Yoʻl taʼmiri",
                        "text": "Koʻchamizdagi yoʻl chuqurlarga toʻlgan, taʼmir kerak."})
        assert created.status_code == 201
        number = created.json()["id"]
        assert Client().get(f"{API}/petitions/{number}").status_code == 404  # pending
        moderated = post(logged_in(town["chairman"]), f"{API}/petitions/{number}/moderate",
                         {"publish": True})
        assert moderated.status_code == 200 and moderated.json()["status"] == "open"

        signed = post(logged_in(town["neighbour"]), f"{API}/petitions/{number}/sign")
        assert signed.status_code == 200 and signed.json()["signatures"] == 1
        again = post(logged_in(town["neighbour"]), f"{API}/petitions/{number}/sign")
        assert again.status_code == 409 and again.json()["error"]
        outsider = post(logged_in(town["far_resident"]), f"{API}/petitions/{number}/sign")
        assert outsider.status_code == 400
        assert post(Client(), f"{API}/petitions/{number}/sign").status_code == 401
        listed = Client().get(f"{API}/petitions").json()
        assert [p["id"] for p in listed] == [number]
        answer = post(logged_in(town["other_chairman"]), f"{API}/petitions/{number}/answer",
                      {"text": "Boshqa mahalla javobi."})
        assert answer.status_code == 404

    @pytest.mark.parametrize("body", [
        {}, {"level": "planet", "title": "Yoʻl taʼmiri", "text": "x" * 30},
        {"level": "mahalla", "title": 5, "text": None}, {"level": "mahalla", "title": "a" * 201,
                                                         "text": "x" * 30},
    ])
    def test_bad_input_is_400(self, town, body):
        response = post(logged_in(town["resident"]), f"{API}/petitions/start", body)
        assert response.status_code == 400 and "error" in response.json()
        assert not Petition.objects.exists()

    def test_unknown_ids_are_404(self, town):
        assert Client().get(f"{API}/petitions/999999").status_code == 404
        assert Client().get(f"{API}/petitions/0").status_code == 400
        assert Client().get(f"{API}/elections/99999999999").status_code == 400


class TestSurveyApi:
    def test_respond_and_results(self, town):
        survey = surveys.open_survey(survey=surveys.create_survey(
            actor=town["chairman"], target=f"m:{town['home'].pk}", title="Soʻrov",
            description="", questions=QUESTIONS, closes_at=timezone.now() + dt.timedelta(days=1)),
            actor=town["chairman"])
        client = logged_in(town["resident"])
        bad = post(client, f"{API}/surveys/{survey.pk}/responses",
                   {"answers": {"q1": "maybe", "q2": ["road"], "q3": 3}})
        assert bad.status_code == 400 and bad.json()["field"] == "q1"
        good = post(client, f"{API}/surveys/{survey.pk}/responses",
                    {"answers": {"q1": "yes", "q2": ["road"], "q3": 3}})
        assert good.status_code == 201
        assert post(client, f"{API}/surveys/{survey.pk}/responses",
                    {"answers": {"q1": "yes", "q2": ["road"], "q3": 3}}).status_code == 409
        assert Client().get(f"{API}/surveys/{survey.pk}/results").status_code == 404
        staff = logged_in(town["chairman"]).get(f"{API}/surveys/{survey.pk}/results")
        assert staff.status_code == 200 and staff.json()[0]["bars"][0]["count"] == 1
        assert Client().get(f"{API}/surveys").json()[0]["responses"] == 1


class TestVoteApiAndPages:
    def test_vote_receipt_publication_and_recount(self, town, election_factory):
        election = election_factory()
        yes = election.options.first().pk
        client = logged_in(town["resident"])
        assert post(client, f"{API}/elections/{election.pk}/vote", {"option": "x"}) \
            .status_code == 400
        voted = post(client, f"{API}/elections/{election.pk}/vote", {"option": yes})
        assert voted.status_code == 201
        code = voted.json()["receipt_code"]
        assert post(client, f"{API}/elections/{election.pk}/vote", {"option": yes}) \
            .status_code == 409
        assert post(logged_in(town["far_resident"]), f"{API}/elections/{election.pk}/vote",
                    {"option": yes}).status_code == 403
        assert Client().get(f"{API}/elections/{election.pk}/ballots").status_code == 404

        voting.close_election(election=election, now=election.closes_at)
        ballots = Client().get(f"{API}/elections/{election.pk}/ballots").json()
        assert len(ballots["ballots"]) == 1 and ballots["tally"][str(yes)] == 1
        check = post(Client(), f"{API}/elections/{election.pk}/receipt", {"code": code})
        assert check.json()["found"] is True
        missing = post(Client(), f"{API}/elections/{election.pk}/receipt",
                       {"code": "AAAA-AAAA-AAAA-AAAA"})
        assert missing.json()["found"] is False
        page_json = Client().get(reverse("participation:election_ballots_json",
                                         args=[election.pk])).json()
        assert page_json == ballots
        csv_body = Client().get(reverse("participation:election_ballots_csv",
                                        args=[election.pk])).content.decode()
        assert ballots["ballots"][0]["receipt_sha256"] in csv_body

    def test_voting_through_the_pages_shows_the_receipt_once(self, town, election_factory):
        election = election_factory()
        client = logged_in(town["neighbour"])
        form = client.get(reverse("participation:election_vote", args=[election.pk]))
        assert form.status_code == 200
        bad = client.post(reverse("participation:election_vote", args=[election.pk]),
                          {"option": "999999"})
        assert bad.status_code == 400 and "option" in bad.context["form"].errors
        option = election.options.last().pk
        response = client.post(reverse("participation:election_vote", args=[election.pk]),
                               {"option": str(option)})
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        code = response.context["code"]
        assert code in response.content.decode()
        again = client.post(reverse("participation:election_vote", args=[election.pk]),
                            {"option": str(option)})
        assert again.status_code == 409
        assert VoteCast.objects.count() == 1 == Ballot.objects.count()

        voting.close_election(election=election, now=election.closes_at)
        receipt_url = reverse("participation:election_receipt", args=[election.pk])
        found = Client().post(receipt_url, {"code": code})
        assert found.status_code == 200 and found.context["found"]["option"] == "Yoʻq"
        detail = Client().get(reverse("participation:election", args=[election.pk]))
        assert detail.status_code == 200 and 'role="img"' in detail.content.decode()

    def test_drafts_are_not_public_and_staff_pages_follow_scope(self, town):
        now = timezone.now()
        draft = voting.create_election(
            actor=town["chairman"], target=f"m:{town['home'].pk}", title="Savol",
            description="", options=["Ha", "Yoʻq"], roll_date=timezone.localdate(now),
            opens_at=now, closes_at=now + dt.timedelta(days=1))
        assert Client().get(reverse("participation:election", args=[draft.pk])) \
            .status_code == 404
        staff_url = reverse("participation:staff_election", args=[draft.pk])
        assert logged_in(town["chairman"]).get(staff_url).status_code == 200
        assert logged_in(town["official"]).get(staff_url).status_code == 200
        assert logged_in(town["other_chairman"]).get(staff_url).status_code == 404
        assert logged_in(town["far_official"]).get(staff_url).status_code == 404
        assert logged_in(town["resident"]).get(staff_url).status_code == 403
        auditor = logged_in(town["auditor"])
        assert auditor.get(staff_url).status_code == 200
        assert auditor.post(staff_url, {"action": "open"}).status_code == 403
        opened = logged_in(town["chairman"]).post(staff_url, {"open": "1"})
        assert opened.status_code == 302
        draft.refresh_from_db()
        assert draft.status == "open" and draft.roll_size == 2

    def test_staff_dashboard_lists_only_their_scope(self, town):
        petition = petitions.start_petition(
            author=town["resident"], level="mahalla", title="Yoʻl taʼmiri",
            text="Koʻchamizdagi yoʻl chuqurlarga toʻlgan, taʼmir kerak.")
        url = reverse("participation:staff")
        assert petition.title in logged_in(town["chairman"]).get(url).content.decode()
        assert petition.title in logged_in(town["official"]).get(url).content.decode()
        assert petition.title not in logged_in(town["other_chairman"]).get(url) \
            .content.decode()
        assert petition.title not in logged_in(town["far_official"]).get(url).content.decode()

    def test_staff_page_creates_a_vote(self, town):
        client = logged_in(town["chairman"])
        now = timezone.localtime()
        fields = {"target": f"m:{town['home'].pk}", "title": "Choyxona qurilsinmi?",
                  "options": "Ha\nYoʻq\n", "roll_date": now.date().isoformat(),
                  "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
                  "closes_at": (now + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")}
        bad = client.post(reverse("participation:staff_election_new"),
                          {**fields, "options": "Faqat bitta"})
        assert bad.status_code == 400 and "options" in bad.context["form"].errors
        response = client.post(reverse("participation:staff_election_new"), fields)
        assert response.status_code == 302

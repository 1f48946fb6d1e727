"""List pages and list endpoints of participation and community read in a fixed number of
queries: adding rows must not add queries (no N+1)."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mahalla.core.models import Verification
from mahalla.participation import petitions, surveys, voting
from mahalla.participation.community.services import discussions, reception
from tests.participation.conftest import QUESTIONS


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _add_rows(town, n: int, start: int) -> None:
    """n of everything, addressed to the mahalla, the district and the region in turn."""
    chairman, official = town["chairman"], town["official"]
    now = timezone.now()
    for i in range(start, start + n):
        level = ("mahalla", "district", "mahalla")[i % 3]
        petition = petitions.start_petition(
            author=town["resident"], level=level, title=f"Petitsiya {i}",
            text="Mahallamizda bolalar bogʻchasi yoʻq, qurilishini soʻraymiz.")
        petitions.moderate_petition(petition=petition, publish=True,
                                    actor=chairman if level == "mahalla" else official)
        target = f"m:{town['home'].pk}" if i % 2 else f"d:{town['district'].pk}"
        survey = surveys.create_survey(actor=official, target=target, title=f"Soʻrov {i}",
                                       description="", questions=QUESTIONS,
                                       closes_at=now + dt.timedelta(days=3))
        surveys.open_survey(survey=survey, actor=official)
        election = voting.create_election(
            actor=chairman, target=f"m:{town['home'].pk}", title=f"Ovoz {i}", description="",
            options=["Ha", "Yoʻq", "Betaraf"],
            roll_date=timezone.localdate(now - dt.timedelta(minutes=1)),
            opens_at=now - dt.timedelta(minutes=1), closes_at=now + dt.timedelta(days=1))
        voting.open_election(election=election, actor=chairman)
        topic = discussions.start_topic(mahalla=town["home"], title=f"Mavzu {i}",
                                        body="Kechqurun koʻchamiz qorongʻi, chiroqlar kerak.",
                                        author=chairman, now=now - dt.timedelta(days=i))
        discussions.post_comment(topic=topic, body="Qoʻshilaman", author=town["resident"],
                                 now=now - dt.timedelta(days=i, minutes=-5))
        begins = now + dt.timedelta(days=1, hours=i)
        slot = reception.publish_slot(host=chairman, kind="in_person", starts_at=begins,
                                      ends_at=begins + dt.timedelta(minutes=30),
                                      place="Mahalla idorasi")
        if i % 2:
            reception.book_slot(slot=slot, resident=town["neighbour"], consent=True,
                                matter="Hovlidagi suv quvuri haqida gaplashmoqchiman")


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_list_pages_do_not_grow_queries_with_rows(town, settings):
    settings.COMMUNITY_TOPICS_PER_DAY = 100
    Verification.objects.create(user=town["neighbour"], method="phone")
    anonymous, resident, chairman, official = Client(), Client(), Client(), Client()
    resident.force_login(town["neighbour"])
    chairman.force_login(town["chairman"])
    official.force_login(town["official"])
    home = town["home"].pk
    pages = [
        (anonymous, reverse("participation:index")),
        (anonymous, reverse("participation:petitions")),
        (anonymous, reverse("api-v1:participation_petitions")),
        (anonymous, reverse("api-v1:participation_surveys")),
        (anonymous, reverse("api-v1:participation_elections")),
        (official, reverse("participation:staff")),
        (chairman, reverse("participation:staff")),
        (anonymous, reverse("community:topics", args=[home])),
        (anonymous, reverse("api-v1:community_topics") + f"?mahalla_id={home}"),
        (resident, reverse("community:reception")),
        (chairman, reverse("community:staff_slots")),
        (anonymous, reverse("community:ratings")),
    ]
    _add_rows(town, 2, 0)
    before = [_queries(client, url) for client, url in pages]
    _add_rows(town, 4, 2)
    after = [_queries(client, url) for client, url in pages]
    grew = [(url, b, a) for (_, url), b, a in zip(pages, before, after, strict=True) if a > b]
    assert not grew, f"queries grew with rows (url, before, after): {grew}"

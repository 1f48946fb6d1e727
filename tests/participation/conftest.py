import datetime as dt

import pytest
from django.utils import timezone

from mahalla.core.models import Role
from mahalla.participation import petitions, voting
from tests.factories import DistrictFactory, MahallaFactory, UserFactory, verified_resident

QUESTIONS = [
    {"id": "q1", "type": "single", "text": "Bogʻcha kerakmi?",
     "options": [{"id": "yes", "label": "Ha"}, {"id": "no", "label": "Yoʻq"}]},
    {"id": "q2", "type": "multiple", "text": "Nima taʼmirlansin?", "max_choices": 2,
     "options": [{"id": "road", "label": "Yoʻl"}, {"id": "light", "label": "Chiroq"},
                 {"id": "park", "label": "Bogʻ"}]},
    {"id": "q3", "type": "scale", "text": "Xizmat sifati", "min": 1, "max": 5},
    {"id": "q4", "type": "text", "text": "Takliflar", "required": False, "max_length": 200},
]


@pytest.fixture
def town(db):
    """A district with two mahallas, a far district, verified residents and staff."""
    district = DistrictFactory()
    home = MahallaFactory(district=district)
    other = MahallaFactory(district=district)
    far_district = DistrictFactory()
    far = MahallaFactory(district=far_district)
    return {
        "district": district, "home": home, "other": other, "far": far,
        "resident": verified_resident(mahalla=home),
        "neighbour": verified_resident(mahalla=home),
        "other_resident": verified_resident(mahalla=other),
        "far_resident": verified_resident(mahalla=far),
        "unverified": UserFactory(mahalla=home, birth_date=dt.date(1990, 1, 1)),
        "minor": verified_resident(mahalla=home, birth_date=dt.date(2015, 1, 1)),
        "chairman": UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=home),
        "other_chairman": UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=other),
        "official": UserFactory(role=Role.DISTRICT_OFFICIAL, district=district),
        "far_official": UserFactory(role=Role.DISTRICT_OFFICIAL, district=far_district),
        "auditor": UserFactory(role=Role.AUDITOR),
    }


@pytest.fixture
def open_petition(town):
    """A mahalla petition of the home mahalla, published, needing 3 signatures."""
    def make(level="mahalla", threshold=3, **kwargs):
        petition = petitions.start_petition(
            author=town["resident"], level=level, title="Bogʻcha quraylik",
            text="Mahallamizda bolalar bogʻchasi yoʻq, qurilishini soʻraymiz.")
        petition.threshold = threshold
        petition.save(update_fields=["threshold"])
        moderator = town["chairman"] if level == "mahalla" else UserFactory(
            role=Role.ADMINISTRATOR)
        return petitions.moderate_petition(petition=petition, actor=moderator, publish=True)
    return make


@pytest.fixture
def election_factory(town):
    """An open vote in the home mahalla (roll frozen today), two options."""
    def make(*, opens=None, closes=None):
        now = timezone.now()
        election = voting.create_election(
            actor=town["chairman"], target=f"m:{town['home'].pk}",
            title="Choyxona qurilsinmi?", description="", options=["Ha", "Yoʻq"],
            # Not later than today: an opening after local midnight must not move the roll.
            roll_date=timezone.localdate(min(opens or now, now) - dt.timedelta(minutes=1)),
            opens_at=opens or now - dt.timedelta(minutes=1),
            closes_at=closes or now + dt.timedelta(days=1))
        return voting.open_election(election=election, actor=town["chairman"])
    return make

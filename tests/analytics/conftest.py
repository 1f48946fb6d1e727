"""Two districts with mahallas, bodies and staff, and synthetic appeals over them."""

from decimal import Decimal

import pytest

from mahalla.core.models import Role, ServiceArea
from tests.factories import DistrictFactory, MahallaFactory, OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def land(db):
    """District A (two mahallas, a water utility) and district B (one mahalla, a gas utility)."""
    a = DistrictFactory()
    b = DistrictFactory(region=a.region)
    a1 = MahallaFactory(district=a, latitude=Decimal("41.36"), longitude=Decimal("69.29"))
    a2 = MahallaFactory(district=a, latitude=Decimal("41.40"), longitude=Decimal("69.33"))
    b1 = MahallaFactory(district=b, latitude=Decimal("41.20"), longitude=Decimal("69.10"))
    water = OrganizationFactory(district=a, name_uz="Suv A")
    gas = OrganizationFactory(district=b, name_uz="Gaz B")
    for category in ("water", "sewerage"):
        ServiceArea.objects.create(organization=water, category=category, district=a)
    for category in ("gas", "heating"):
        ServiceArea.objects.create(organization=gas, category=category, district=b)
    return {
        "a": a, "b": b, "a1": a1, "a2": a2, "b1": b1, "water": water, "gas": gas,
        "official_a": UserFactory(role=Role.DISTRICT_OFFICIAL, district=a),
        "official_b": UserFactory(role=Role.DISTRICT_OFFICIAL, district=b),
        "chairman_a1": UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=a1),
        "water_dispatcher": UserFactory(role=Role.ORG_DISPATCHER, organization=water),
        "auditor": UserFactory(role=Role.AUDITOR),
        "resident": UserFactory(mahalla=a1),
    }


def generate(count: int, seed: int = 1, years: float = 1.0) -> None:
    from mahalla.analytics import rollups, synthetic

    synthetic.generate(count=count, seed=seed, batch=500, years=years)
    rollups.rebuild_all()

"""Which body a person acts for, and who acts for a body."""

from mahalla.core.models import Organization, Role
from mahalla.documents.exchange.bodies import acts_for, body_of, staff_of
from tests.factories import OrganizationFactory, UserFactory


def test_organization_staff_act_for_their_organization(world):
    assert body_of(world["dispatcher"]) == world["water"]
    assert body_of(world["executor"]) == world["water"]
    assert body_of(world["gas_dispatcher"]) == world["gas"]


def test_mahalla_staff_act_for_the_mahallas_body_made_once(world):
    home = world["home"]
    body = body_of(world["chairman"])
    assert body.kind == Organization.Kind.MAHALLA and body.mahalla == home
    assert body.district is None and body.is_active
    assert body.name_uz == f"{home.name_uz} MFY"
    social_worker = UserFactory(role=Role.MAHALLA_SOCIAL_WORKER, mahalla=home)
    assert body_of(social_worker) == body
    assert Organization.objects.filter(kind="mahalla", mahalla=home).count() == 1


def test_district_officials_act_for_the_hokimiyat(world):
    body = body_of(world["official"])
    assert body.kind == Organization.Kind.HOKIMIYAT
    assert body.district == world["district"] and body.mahalla is None
    assert body_of(world["official"]) == body


def test_an_existing_hokimiyat_is_used_and_the_oldest_wins(world):
    first = OrganizationFactory(kind=Organization.Kind.HOKIMIYAT, district=world["district"])
    OrganizationFactory(kind=Organization.Kind.HOKIMIYAT, district=world["district"])
    assert body_of(world["official"]) == first


def test_residents_auditors_and_staff_without_a_place_have_no_body(world):
    assert body_of(world["resident"]) is None
    assert body_of(world["auditor"]) is None
    assert body_of(UserFactory(role=Role.MAHALLA_CHAIRMAN)) is None
    assert body_of(UserFactory(role=Role.REGION_OFFICIAL,
                               region=world["district"].region)) is None
    inactive = UserFactory(role=Role.ORG_DISPATCHER, organization=world["water"],
                           is_active=False)
    assert body_of(inactive) is None


def test_looking_without_create_writes_nothing(world):
    assert body_of(world["chairman"], create=False) is None
    assert not Organization.objects.filter(kind="mahalla").exists()


def test_staff_of_is_the_inverse_of_body_of(world):
    home = body_of(world["chairman"])
    hokimiyat = body_of(world["official"])
    assert list(staff_of(world["water"])) == [world["dispatcher"], world["executor"]]
    assert list(staff_of(home)) == [world["chairman"]]
    assert list(staff_of(hokimiyat)) == [world["official"]]
    assert acts_for(world["chairman"], home)
    assert not acts_for(world["other_chairman"], home)
    assert not acts_for(world["resident"], home)
    # A second, newer row for the same mahalla is not the mahalla's body.
    duplicate = OrganizationFactory(kind=Organization.Kind.MAHALLA, mahalla=world["home"],
                                    district=None)
    assert list(staff_of(duplicate)) == []

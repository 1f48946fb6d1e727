"""A mahalla's staff never see another mahalla's data; each role sees exactly its scope."""

import pytest

from mahalla.core.models import Mahalla, Role, User
from mahalla.core.scope import ScopePaths, can_see_mahalla, scope_queryset
from tests.factories import DistrictFactory, MahallaFactory, OrganizationFactory, UserFactory

MAHALLA_AS_SELF = ScopePaths(mahalla="pk", district="district", region="district__region")
USER_PATHS = ScopePaths(mahalla="mahalla", district="mahalla__district",
                        region="mahalla__district__region", organization="organization")


@pytest.fixture
def territory(db):
    district = DistrictFactory()
    other_district = DistrictFactory()
    return {
        "own": MahallaFactory(district=district),
        "neighbour": MahallaFactory(district=district),
        "far": MahallaFactory(district=other_district),
        "district": district,
    }


def visible_mahallas(user):
    return set(scope_queryset(user, Mahalla.objects.all(), MAHALLA_AS_SELF))


def test_chairman_sees_only_own_mahalla(territory):
    chairman = UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=territory["own"])
    assert visible_mahallas(chairman) == {territory["own"]}
    assert not can_see_mahalla(chairman, territory["neighbour"].pk)


def test_mahalla_staff_do_not_see_residents_of_another_mahalla(territory):
    worker = UserFactory(role=Role.MAHALLA_SOCIAL_WORKER, mahalla=territory["own"])
    own_resident = UserFactory(mahalla=territory["own"])
    UserFactory(mahalla=territory["neighbour"])
    residents = scope_queryset(worker, User.objects.filter(role=Role.RESIDENT), USER_PATHS)
    assert list(residents) == [own_resident]


def test_district_official_sees_all_mahallas_of_the_district_only(territory):
    official = UserFactory(role=Role.DISTRICT_OFFICIAL, district=territory["district"])
    assert visible_mahallas(official) == {territory["own"], territory["neighbour"]}


def test_region_official_sees_the_region(territory):
    official = UserFactory(role=Role.REGION_OFFICIAL, region=territory["district"].region)
    assert visible_mahallas(official) == {territory["own"], territory["neighbour"]}


def test_organization_staff_see_only_their_organization(territory):
    org = OrganizationFactory()
    dispatcher = UserFactory(role=Role.ORG_DISPATCHER, organization=org)
    colleague = UserFactory(role=Role.ORG_EXECUTOR, organization=org)
    UserFactory(role=Role.ORG_EXECUTOR, organization=OrganizationFactory())
    seen = scope_queryset(dispatcher, User.objects.exclude(pk=dispatcher.pk), USER_PATHS)
    assert list(seen) == [colleague]


def test_auditor_and_administrator_see_everything(territory):
    for role in (Role.AUDITOR, Role.ADMINISTRATOR):
        assert len(visible_mahallas(UserFactory(role=role))) == 3


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MAHALLA_CHAIRMAN, Role.DISTRICT_OFFICIAL,
                                  Role.ORG_DISPATCHER])
def test_staff_without_assigned_scope_see_nothing(territory, role):
    assert visible_mahallas(UserFactory(role=role)) == set()


def test_inactive_staff_see_nothing(territory):
    chairman = UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=territory["own"], is_active=False)
    assert visible_mahallas(chairman) == set()

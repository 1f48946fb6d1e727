from mahalla.appeals.selectors import QueueFilters, find_by_tracking_token, staff_queue
from mahalla.appeals.services.workflow import assign_appeal
from mahalla.core.models import Role
from tests.factories import OrganizationFactory, UserFactory


def test_dispatcher_queue_holds_only_their_organizations_appeals(world, submit):
    water = submit()
    submit(category="gas")
    assert list(staff_queue(world["dispatcher"], QueueFilters())) == [water]


def test_chairman_sees_own_mahalla_only(world, submit):
    own = submit(category="lighting")
    submit(category="lighting", mahalla_code=world["other"].code)
    assert list(staff_queue(world["chairman"], QueueFilters())) == [own]


def test_resident_and_outsiders_see_nothing_in_the_queue(world, submit):
    submit()
    assert not staff_queue(world["resident"], QueueFilters()).exists()
    assert not staff_queue(world["gas_dispatcher"], QueueFilters()).exists()


def test_search_finds_latin_text_with_a_cyrillic_query(world, submit):
    appeal = submit(text="Koʻchada suv quvuri yorilgan, yordam bering")
    found = staff_queue(world["official"], QueueFilters(q="қувури"))
    assert list(found) == [appeal]
    assert list(staff_queue(world["official"], QueueFilters(q=appeal.number))) == [appeal]


def test_filters_and_mine(world, submit):
    first, second = submit(), submit()
    assign_appeal(appeal=first, executor=world["executor"], actor=world["dispatcher"])
    mine = staff_queue(world["executor"], QueueFilters(mine=True))
    assert list(mine) == [first]
    assert list(staff_queue(world["official"], QueueFilters(status="registered"))) == [second]


def test_tracking_token_finds_the_appeal(submit):
    appeal = submit()
    assert find_by_tracking_token(appeal.tracking_token) == appeal
    assert find_by_tracking_token("nope") is None


def test_bulk_executors_are_the_staff_of_the_bodies_and_mahallas_in_the_queue(world, submit):
    from mahalla.appeals.selectors import bulk_executors, queue_mahallas

    submit()  # water, in the home mahalla
    outsider = UserFactory(role=Role.ORG_EXECUTOR, organization=OrganizationFactory())
    people = set(bulk_executors(world["official"]))
    assert {world["dispatcher"], world["executor"]} <= people
    assert world["gas_dispatcher"] not in people  # no gas appeal in the queue
    assert outsider not in people and world["resident"] not in people
    assert list(queue_mahallas(world["official"])) == [world["home"]]
    assert world["gas_dispatcher"] in set(bulk_executors(world["gas_dispatcher"]))  # own body

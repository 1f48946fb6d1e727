from mahalla.appeals.selectors import QueueFilters, find_by_tracking_token, staff_queue
from mahalla.appeals.services.workflow import assign_appeal


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

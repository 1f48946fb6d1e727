"""Who may see a letter; the incoming and outgoing journals with search and filters."""

from datetime import date, datetime

import time_machine

from mahalla.appeals.deadlines import TASHKENT
from mahalla.core.models import Role
from mahalla.documents.exchange.selectors import (
    JournalFilters,
    incoming_journal,
    outgoing_journal,
    recipient_options,
    visible_letters,
)
from mahalla.documents.exchange.services import acknowledge, reply
from tests.factories import MahallaFactory, UserFactory

TODAY = date(2026, 3, 10)


def incoming(body, q="", state="", today=TODAY):
    return list(incoming_journal(body=body, filters=JournalFilters(q=q, state=state),
                                 today=today))


def test_a_letter_is_seen_by_its_bodies_and_auditors_only(send, world):
    letter = send(to=("gas",))
    for who in ("dispatcher", "executor", "gas_dispatcher", "auditor"):
        assert list(visible_letters(world[who])) == [letter], who
    for who in ("resident", "chairman", "other_chairman", "official"):
        assert not visible_letters(world[who]).exists(), who
    admin = UserFactory(role=Role.ADMINISTRATOR)
    assert list(visible_letters(admin)) == [letter]


def test_search_in_latin_finds_a_cyrillic_subject(send, bodies):
    cyrillic = send(subject="Сув қувурлари ҳақида", text="Илова қилинади.", to=("gas",))
    latin = send(subject="Yoʻl taʼmiri", text="Asfalt yotqiziladi.", to=("gas",))
    gas = bodies["gas"]
    assert [row.letter for row in incoming(gas, q="suv quvurlari")] == [cyrillic]
    assert [row.letter for row in incoming(gas, q="ЙЎЛ")] == [latin]
    assert [row.letter for row in incoming(gas, q="asfalt")] == [latin]
    incoming_number = latin.recipients.get().number
    assert [row.number for row in incoming(gas, q=incoming_number)] == [incoming_number]
    assert [row.letter for row in incoming(gas, q=cyrillic.number)] == [cyrillic]
    outgoing = outgoing_journal(body=bodies["water"], filters=JournalFilters(q="қувур"),
                                today=TODAY)
    assert list(outgoing) == [cyrillic]


def test_incoming_filters(send, bodies, world):
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=TASHKENT), tick=False):
        overdue = send(to=("gas",), reply_due=date(2026, 3, 5), subject="Muddati oʻtgan")
        waiting = send(to=("gas",), reply_due=date(2026, 3, 20), subject="Kutilmoqda")
        plain = send(to=("gas",), subject="Maʼlumot uchun")
        answered = send(to=("gas",), reply_due=date(2026, 3, 5), subject="Javob berilgan")
    acknowledge(recipient_row=plain.recipients.get(), user=world["gas_dispatcher"])
    reply(recipient_row=answered.recipients.get(), sender_user=world["gas_dispatcher"],
          subject="Javob", text="Bajarildi.")
    gas = bodies["gas"]

    def letters(state):
        return {row.letter for row in incoming(gas, state=state)}

    assert letters("") == {overdue, waiting, plain, answered}
    assert letters("unacknowledged") == {overdue, waiting}
    assert letters("awaiting_reply") == {overdue, waiting}
    assert letters("overdue") == {overdue}
    sent = outgoing_journal(body=bodies["water"], filters=JournalFilters(state="overdue"),
                            today=TODAY)
    assert list(sent) == [overdue]
    # The reply went to the water utility, not into the gas utility's incoming journal.
    assert answered.replies.get() not in {row.letter for row in incoming(gas)}


def test_auditors_read_every_journal(send, bodies):
    first = send(to=("gas",))
    second = send(sender="chairman", to=("water",))
    assert {row.letter for row in incoming(None)} == {first, second}
    assert set(outgoing_journal(body=None, filters=JournalFilters(), today=TODAY)) == {
        first, second}


def test_recipient_options_list_the_district_and_find_by_name(world, bodies):
    far = MahallaFactory(name_uz="Olmazor", name_uz_cyrl="Олмазор")
    groups = dict(recipient_options(user=world["dispatcher"], sender=bodies["water"]))
    values = {value for options in groups.values() for value, __ in options}
    assert f"o{bodies['water'].pk}" not in values  # not to itself
    assert {f"o{bodies['gas'].pk}", f"o{bodies['home'].pk}",
            f"o{bodies['hokimiyat'].pk}"} <= values
    assert f"m{far.pk}" not in values
    found = recipient_options(user=world["dispatcher"], sender=bodies["water"], query="олмазор")
    assert [value for __, options in found for value, __ in options] == [f"m{far.pk}"]
    kept = recipient_options(user=world["dispatcher"], sender=bodies["water"], query="olmazor",
                             selected=[f"o{bodies['gas'].pk}"])
    assert {value for __, options in kept for value, __ in options} == {
        f"m{far.pk}", f"o{bodies['gas'].pk}"}

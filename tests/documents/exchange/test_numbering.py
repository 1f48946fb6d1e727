"""Registration numbers: dense per body, journal and year, under a locked counter."""

import threading
import time
from datetime import datetime

import pytest
import time_machine
from django.db import OperationalError, connection, transaction

from mahalla.appeals.deadlines import TASHKENT
from mahalla.core.models import Organization
from mahalla.documents.exchange.models import ExchangeCounter
from mahalla.documents.exchange.services import next_number
from tests.factories import OrganizationFactory


def test_outgoing_numbers_are_dense_per_body(send, bodies):
    letters = [send(), send(), send(sender="gas_dispatcher", to=("water",)), send()]
    year = letters[0].sent_at.astimezone(TASHKENT).year
    water, gas = bodies["water"].pk, bodies["gas"].pk
    assert [letter.number for letter in letters] == [
        f"{water}-CH-{year}-0001", f"{water}-CH-{year}-0002", f"{gas}-CH-{year}-0001",
        f"{water}-CH-{year}-0003"]


@time_machine.travel(datetime(2026, 3, 10, 11, 0, tzinfo=TASHKENT), tick=False)
def test_numbers_read_body_journal_year_and_sequence(send, bodies):
    letter = send(to=("gas", "home"))
    water, gas, home = bodies["water"].pk, bodies["gas"].pk, bodies["home"].pk
    assert letter.number == f"{water}-CH-2026-0001"
    numbers = dict(letter.recipients.values_list("body", "number"))
    assert numbers == {gas: f"{gas}-KR-2026-0001", home: f"{home}-KR-2026-0001"}
    again = send(to=("gas",))
    assert again.number == f"{water}-CH-2026-0002"
    assert again.recipients.get().number == f"{gas}-KR-2026-0002"


def test_a_new_year_starts_again_at_one(send, bodies):
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=TASHKENT), tick=False):
        december = send(to=("gas",))
    # 00:30 in Tashkent is still 31 December in UTC: the year is the local one.
    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=TASHKENT), tick=False):
        january = send(to=("gas",))
    water = bodies["water"].pk
    assert december.number == f"{water}-CH-2026-0001"
    assert january.number == f"{water}-CH-2027-0001"
    assert january.recipients.get().number.endswith("-KR-2027-0001")


def test_a_rolled_back_letter_leaves_no_gap(db):
    body = OrganizationFactory(kind=Organization.Kind.AGENCY)
    with transaction.atomic():
        first = next_number(body=body, journal="CH")
    with pytest.raises(RuntimeError), transaction.atomic():
        next_number(body=body, journal="CH")
        raise RuntimeError("the letter failed")
    with transaction.atomic():
        second = next_number(body=body, journal="CH")
    assert first.endswith("-0001") and second.endswith("-0002")


THREADS, NUMBERS = 4, 10


def in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_parallel_senders_get_dense_unique_numbers():
    body = OrganizationFactory(kind=Organization.Kind.AGENCY)
    barrier, errors, numbers = threading.Barrier(THREADS), [], []

    def writer():
        try:
            barrier.wait()
            for __ in range(NUMBERS):
                while True:
                    try:
                        with transaction.atomic():
                            number = next_number(body=body, journal="KR")
                        numbers.append(number)
                        break
                    except OperationalError as exc:
                        # The in-memory SQLite test database fails a locked write at once
                        # instead of waiting; PostgreSQL waits on the counter's row lock.
                        if not (in_memory_sqlite() and "locked" in str(exc)):
                            raise
                        time.sleep(0.001)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for __ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    sequence = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
    assert sequence == list(range(1, THREADS * NUMBERS + 1))
    assert ExchangeCounter.objects.get(body=body, journal="KR").last == THREADS * NUMBERS

"""Acknowledging receipt (idempotent: the first receipt stands) and replies in threads."""

from datetime import date, datetime, timedelta

import pytest
import time_machine

from mahalla.appeals.deadlines import TASHKENT
from mahalla.core.exceptions import DomainError, PermissionDenied
from mahalla.core.models import DomainEvent, Role
from mahalla.documents.exchange.models import Letter
from mahalla.documents.exchange.selectors import thread
from mahalla.documents.exchange.services import acknowledge, reply
from mahalla.notify.models import OutboxMessage
from tests.factories import UserFactory


def row_of(letter, body):
    return letter.recipients.get(body=body)


def test_acknowledgement_is_recorded_once(send, bodies, world):
    letter = send()
    row = row_of(letter, bodies["gas"])
    first = acknowledge(recipient_row=row, user=world["gas_dispatcher"])
    assert first.acknowledged_at is not None and first.acknowledged_by == world["gas_dispatcher"]
    colleague = UserFactory(role=Role.ORG_EXECUTOR, organization=world["gas"])
    again = acknowledge(recipient_row=row, user=colleague)
    assert again.acknowledged_at == first.acknowledged_at
    assert again.acknowledged_by == world["gas_dispatcher"]
    events = DomainEvent.objects.filter(type="exchange.letter_acknowledged")
    assert events.count() == 1
    event = events.get()
    assert event.object_type == "exchange.letterrecipient" and event.object_id == str(row.pk)
    assert event.payload == {"letter": letter.number, "number": row.number,
                             "body": bodies["gas"].pk}


@pytest.mark.parametrize("who", ["dispatcher", "chairman", "other_chairman", "resident",
                                 "auditor", "official"])
def test_only_the_receiving_body_acknowledges(send, bodies, world, who):
    row = row_of(send(), bodies["gas"])
    with pytest.raises(PermissionDenied):
        acknowledge(recipient_row=row, user=world[who])
    row.refresh_from_db()
    assert row.acknowledged_at is None


def test_reply_threads_and_marks_the_original_replied(send, bodies, world):
    original = send(to=("gas", "home"), reply_within_days=5)
    gas_row = row_of(original, bodies["gas"])
    answer = reply(recipient_row=gas_row, sender_user=world["gas_dispatcher"],
                   subject="Javob: quvur", text="Ish rejalashtirildi.")
    assert answer.sender == bodies["gas"] and answer.in_reply_to == original
    assert answer.thread_root == original
    assert list(answer.recipients.values_list("body", flat=True)) == [bodies["water"].pk]
    gas_row.refresh_from_db()
    assert gas_row.replied_at == answer.sent_at and gas_row.reply == answer
    # Replying is also a receipt.
    assert gas_row.acknowledged_by == world["gas_dispatcher"]
    assert row_of(original, bodies["home"]).replied_at is None
    replied = DomainEvent.objects.get(type="exchange.letter_replied")
    assert replied.payload == {"letter": original.number, "number": gas_row.number,
                               "body": bodies["gas"].pk, "reply": answer.number}
    assert DomainEvent.objects.filter(type="exchange.letter_sent").count() == 2
    # The first sender's staff hear of the reply.
    note = OutboxMessage.objects.filter(kind="exchange.letter",
                                        recipient=world["dispatcher"]).get()
    assert original.number in note.body
    assert answer.recipients.get().number in note.body and note.link == f"/exchange/{answer.pk}/"


def test_a_thread_shows_each_body_only_its_letters(send, bodies, world):
    original = send(to=("gas", "home"))
    answer = reply(recipient_row=row_of(original, bodies["gas"]),
                   sender_user=world["gas_dispatcher"], subject="Javob", text="Rozimiz.")
    follow_up = reply(recipient_row=row_of(answer, bodies["water"]),
                      sender_user=world["dispatcher"], subject="Rahmat", text="Kelishildi.")
    assert follow_up.thread_root == original
    assert thread(follow_up, world["dispatcher"]) == [original, answer, follow_up]
    assert thread(original, world["gas_dispatcher"]) == [original, answer, follow_up]
    # The mahalla got the first letter only: the talk between the utilities is not its.
    assert thread(original, world["chairman"]) == [original]
    assert thread(original, world["auditor"]) == [original, answer, follow_up]


def test_only_the_receiving_body_replies(send, bodies, world):
    row = row_of(send(), bodies["gas"])
    for who in ("chairman", "dispatcher", "resident", "auditor"):
        with pytest.raises(PermissionDenied):
            reply(recipient_row=row, sender_user=world[who], subject="Javob", text="Matn")
    assert Letter.objects.count() == 1


def test_a_bad_reply_stores_nothing_and_leaves_the_original_waiting(send, bodies, world):
    row = row_of(send(reply_within_days=2), bodies["gas"])
    with pytest.raises(DomainError):
        reply(recipient_row=row, sender_user=world["gas_dispatcher"], subject="J", text="Matn")
    row.refresh_from_db()
    assert row.replied_at is None and row.acknowledged_at is None
    assert Letter.objects.count() == 1


def test_a_second_reply_keeps_the_first_on_the_journal(send, bodies, world):
    row = row_of(send(), bodies["gas"])
    first = reply(recipient_row=row, sender_user=world["gas_dispatcher"], subject="Javob 1",
                  text="Birinchi.")
    reply(recipient_row=row, sender_user=world["gas_dispatcher"], subject="Javob 2",
          text="Ikkinchi.")
    row.refresh_from_db()
    assert row.reply == first
    assert DomainEvent.objects.filter(type="exchange.letter_replied").count() == 1


def test_overdue_replies_follow_the_calendar(send, bodies, world):
    from mahalla.documents.exchange.models import LetterRecipient

    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=TASHKENT), tick=False):
        letter = send(to=("gas", "home"), reply_due=date(2026, 3, 4))
    rows = LetterRecipient.objects.filter(letter=letter)
    assert rows.awaiting_reply().count() == 2
    assert rows.overdue(date(2026, 3, 4)).count() == 0  # the due day itself is not late
    assert rows.overdue(date(2026, 3, 5)).count() == 2
    reply(recipient_row=row_of(letter, bodies["gas"]), sender_user=world["gas_dispatcher"],
          subject="Javob", text="Kech boʻlsa ham.")
    assert list(rows.overdue(date(2026, 3, 5)).values_list("body", flat=True)) == [
        bodies["home"].pk]
    assert rows.overdue(date(2026, 3, 5) + timedelta(days=30)).count() == 1

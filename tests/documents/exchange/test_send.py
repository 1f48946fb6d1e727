"""Sending a letter: checks, registration, attachments, events and notifications."""

import hashlib
from datetime import date, datetime

import pytest
import time_machine

from mahalla.appeals.deadlines import TASHKENT
from mahalla.appeals.models import NonWorkingDay
from mahalla.core.exceptions import DomainError, PermissionDenied
from mahalla.core.models import DomainEvent, Organization
from mahalla.documents.exchange.models import ExchangeCounter, Letter, LetterAttachment
from mahalla.notify.models import OutboxMessage
from tests.appeals.conftest import upload
from tests.documents.exchange.conftest import jpeg, pdf, pdf_bytes, stored_files
from tests.factories import OrganizationFactory


def nothing_stored(media_root) -> bool:
    return (not Letter.objects.exists() and not LetterAttachment.objects.exists()
            and not DomainEvent.objects.filter(type__startswith="exchange.").exists()
            and not stored_files(media_root))


def test_send_to_two_bodies_delivers_with_an_incoming_number_each(send, bodies, world):
    letter = send(to=("gas", "home"), reply_within_days=5)
    assert letter.status == Letter.Status.SENT and letter.sent_at is not None
    assert letter.sender == bodies["water"] and letter.author == world["dispatcher"]
    rows = {row.body: row for row in letter.recipients.all()}
    assert set(rows) == {bodies["gas"], bodies["home"]}
    for body, row in rows.items():
        assert row.number.startswith(f"{body.pk}-KR-") and row.number.endswith("-0001")
        assert row.delivered_at == letter.sent_at
        assert row.acknowledged_at is None and row.replied_at is None


def test_the_sent_event_has_numbers_and_hashes_but_no_text(send, bodies):
    data = pdf_bytes()
    letter = send(to=("gas", "home"), files=[pdf(data=data)])
    event = DomainEvent.objects.get(type="exchange.letter_sent")
    assert event.object_type == "exchange.letter" and event.object_id == str(letter.pk)
    assert event.payload["number"] == letter.number
    assert event.payload["sender"] == bodies["water"].pk
    assert sorted(r["number"] for r in event.payload["recipients"]) == sorted(
        letter.recipients.values_list("number", flat=True))
    assert event.payload["attachments"] == [hashlib.sha256(data).hexdigest()]
    assert event.payload["content_sha256"] == letter.content_sha256
    flat = str(event.payload)
    assert "quvur" not in flat and "taʼmirlash" not in flat


def test_recipient_staff_are_told_in_the_app_in_their_language(send, world, bodies):
    world["gas_dispatcher"].preferred_language = "ru"
    world["gas_dispatcher"].save()
    letter = send(to=("gas", "home"))
    messages = OutboxMessage.objects.filter(kind="exchange.letter")
    assert {m.recipient for m in messages} == {world["gas_dispatcher"], world["chairman"]}
    assert all(m.link == f"/exchange/{letter.pk}/" for m in messages)
    assert all(m.channel == OutboxMessage.Channel.IN_APP for m in messages)
    assert not messages.filter(recipient=world["dispatcher"]).exists()


def test_attachments_are_stored_with_their_hashes(send, _media):
    letter = send(files=[pdf("Buyruq №5.pdf"), jpeg("photo.png")])
    first, second = letter.attachments.all()
    assert first.content_type == "application/pdf" and first.name == "Buyruq _5.pdf"
    assert first.sha256 == hashlib.sha256(pdf_bytes()).hexdigest()
    assert first.size == len(pdf_bytes())
    assert second.content_type == "image/jpeg" and second.name == "photo.jpg"
    with second.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == second.sha256
    assert len(stored_files(_media)) == 2


@pytest.mark.parametrize("files, message", [
    ([upload(b"MZ\x90\x00 not a document", name="letter.pdf")], "PDF documents"),
    ([upload(b"%PDF-1.7\n1 0 obj", name="cut.pdf")], "damaged"),
    ([upload(b"\xff\xd8\xff\xe0 broken jpeg", name="a.jpg")], "JPEG, PNG or WebP"),
    ([upload(b"", name="empty.pdf")], "empty"),
    ([upload(b"%PDF-" + b"0" * (10 * 1024 * 1024) + b"%%EOF")], "10 MB"),
])
def test_bad_attachments_are_refused_and_nothing_is_stored(send, _media, files, message):
    # A good file first: it must not be left behind either.
    with pytest.raises(DomainError, match=message) as refused:
        send(files=[pdf(), *files])
    assert refused.value.field == "files"
    assert nothing_stored(_media)
    assert not ExchangeCounter.objects.exists()


def test_at_most_ten_files(send, _media):
    files = [pdf(data=pdf_bytes(str(n).encode())) for n in range(11)]
    with pytest.raises(DomainError, match="At most 10"):
        send(files=files)
    assert nothing_stored(_media)


def test_a_failure_inside_the_transaction_removes_written_files(send, _media, monkeypatch):
    from mahalla.documents.exchange import services

    def broken(*args, **kwargs):
        raise RuntimeError("the notification outbox is down")

    monkeypatch.setattr(services, "_notify_delivery", broken)
    with pytest.raises(RuntimeError):
        send(files=[pdf(), jpeg()])
    assert nothing_stored(_media)


@pytest.mark.parametrize("sender", ["resident", "auditor"])
def test_only_staff_acting_for_a_body_may_send(send, sender):
    with pytest.raises(PermissionDenied):
        send(sender=sender)
    assert not Letter.objects.exists()


def test_an_inactive_body_may_not_send(send, world):
    world["water"].is_active = False
    world["water"].save()
    with pytest.raises(PermissionDenied):
        send()


@pytest.mark.parametrize("fields, field", [
    ({"to": ()}, "recipients"),
    ({"to": ("water",)}, "recipients"),
    ({"subject": "  a "}, "subject"),
    ({"subject": "x" * 301}, "subject"),
    ({"text": "  \n "}, "text"),
    ({"text": "x" * 20_001}, "text"),
    ({"reply_due": date(2000, 1, 1)}, "reply_due"),
    ({"reply_within_days": 0}, "reply_days"),
    ({"reply_within_days": 61}, "reply_days"),
])
def test_bad_input_is_refused_on_its_field(send, _media, fields, field):
    with pytest.raises(DomainError) as refused:
        send(files=[pdf()], **fields)
    assert refused.value.field == field
    assert nothing_stored(_media)


def test_inactive_recipients_are_refused(send, bodies):
    closed = OrganizationFactory(kind=Organization.Kind.AGENCY, is_active=False)
    with pytest.raises(DomainError, match="not active"):
        send(to=("gas", closed))
    assert not Letter.objects.exists()


def test_texts_are_cleaned_and_searchable(send):
    letter = send(subject="  Suv   quvuri haqida ", text="Birinchi qator  \n\n Ikkinchi")
    assert letter.subject == "Suv quvuri haqida"
    assert letter.text == "Birinchi qator\n\nIkkinchi"
    assert "quvuri" in letter.search_key


@time_machine.travel(datetime(2026, 3, 5, 10, 0, tzinfo=TASHKENT), tick=False)
def test_reply_due_in_working_days_skips_weekends_and_holidays(send):
    # Thursday 5 March 2026; 8 March (Sunday) is a holiday anyway, 9 March a day off for it.
    NonWorkingDay.objects.create(date=date(2026, 3, 9), name="Xalqaro xotin-qizlar kuni")
    letter = send(reply_within_days=3)
    # Fri 6, (Sat, Sun, Mon 9 off), Tue 10, Wed 11.
    assert letter.reply_due == date(2026, 3, 11)
    assert send(reply_due=date(2026, 4, 1)).reply_due == date(2026, 4, 1)
    with pytest.raises(DomainError, match="not both"):
        send(reply_due=date(2026, 4, 1), reply_within_days=3)

"""Writes of the document exchange: send a letter, acknowledge receipt, reply.

Each function checks who acts and for which body first, then the input (texts, recipients,
files: nothing is stored on bad input), then registers the rows and their domain event in one
transaction. Acknowledging receipt is idempotent: the first acknowledgement is the one kept,
a second one changes nothing and records nothing. Replying also acknowledges receipt when the
recipient had not done so.
"""

import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mahalla.appeals.deadlines import TASHKENT, Calendar
from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied
from mahalla.core.models import Organization, User
from mahalla.core.scope import is_staff_role
from mahalla.core.text import clean_multiline, clean_text, search_key
from mahalla.documents.exchange import attachments
from mahalla.documents.exchange.bodies import acts_for, body_of, staff_of
from mahalla.documents.exchange.models import (
    ExchangeCounter,
    Letter,
    LetterAttachment,
    LetterRecipient,
)
from mahalla.notify.models import OutboxMessage
from mahalla.notify.services import queue_message, render_in_language

SUBJECT_MIN, SUBJECT_MAX = 3, 300
TEXT_MAX = 20_000
MAX_RECIPIENTS = 50
MAX_REPLY_WORKING_DAYS = 60
MAX_REPLY_AHEAD = timedelta(days=366)
Journal = ExchangeCounter.Journal


def local_date(now=None) -> date:
    return timezone.localtime(now or timezone.now(), TASHKENT).date()


def reply_due_after(working_days: int, *, now=None, calendar: Calendar | None = None) -> date:
    """The day a reply is due when the sender gives `working_days` working days."""
    return (calendar or Calendar()).add_working_days(local_date(now), working_days)


def next_number(*, body: Organization, journal: str, now=None) -> str:
    """"{body}-CH-YYYY-NNNN" or "{body}-KR-YYYY-NNNN", dense per body, journal and year.

    The counter row stays locked until the caller's transaction ends, so two letters at once
    never get the same number and a rolled-back letter leaves no gap.
    """
    year = local_date(now).year
    try:
        with transaction.atomic():
            ExchangeCounter.objects.create(body=body, journal=journal, year=year)
    except IntegrityError:
        pass
    counter = ExchangeCounter.objects.select_for_update().get(body=body, journal=journal,
                                                              year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{body.pk}-{journal}-{year}-{counter.last:04d}"


def content_digest(subject: str, text: str) -> str:
    """SHA-256 of what the letter says: the event keeps this, never the words."""
    return hashlib.sha256(f"{subject}\n\n{text}".encode()).hexdigest()


# Checks -----------------------------------------------------------------------------------


def _sender_body(user: User) -> Organization:
    body = body_of(user) if is_staff_role(user) else None
    if body is None:
        raise PermissionDenied(_("Only staff acting for a body may send letters."))
    if not body.is_active:
        raise PermissionDenied(_("Your body is not active in the exchange."))
    return body


def _clean_texts(subject: str, text: str) -> tuple[str, str]:
    subject, text = clean_text(subject), clean_multiline(text)
    if len(subject) < SUBJECT_MIN:
        raise DomainError(_("Write a subject of at least 3 characters."), field="subject")
    if len(subject) > SUBJECT_MAX:
        raise DomainError(_("The subject may be at most 300 characters."), field="subject")
    if not text:
        raise DomainError(_("Write the text of the letter."), field="text")
    if len(text) > TEXT_MAX:
        raise DomainError(_("The text may be at most 20,000 characters."), field="text")
    return subject, text


def _check_recipients(sender: Organization, recipients) -> list[Organization]:
    unique = {body.pk: body for body in recipients or []}
    if not unique:
        raise DomainError(_("Choose at least one recipient."), field="recipients")
    if len(unique) > MAX_RECIPIENTS:
        raise DomainError(_("A letter may go to at most 50 bodies."), field="recipients")
    if sender.pk in unique:
        raise DomainError(_("A body does not send letters to itself."), field="recipients")
    active = set(Organization.objects.filter(pk__in=unique, is_active=True)
                 .values_list("pk", flat=True))
    if active != set(unique):
        raise DomainError(_("A chosen recipient is not active in the exchange."),
                          field="recipients")
    # Counters are locked in the order of the bodies' ids: no two senders wait on each other.
    return [unique[pk] for pk in sorted(unique)]


def _check_reply_due(reply_due: date | None, working_days: int | None, now) -> date | None:
    if reply_due is not None and working_days is not None:
        raise DomainError(_("Give either a date or a number of working days, not both."),
                          field="reply_due")
    if working_days is not None:
        if not 1 <= working_days <= MAX_REPLY_WORKING_DAYS:
            raise DomainError(_("Give between 1 and 60 working days for the reply."),
                              field="reply_days")
        return reply_due_after(working_days, now=now)
    if reply_due is None:
        return None
    today = local_date(now)
    if reply_due < today:
        raise DomainError(_("The reply date has already passed."), field="reply_due")
    if reply_due > today + MAX_REPLY_AHEAD:
        raise DomainError(_("Ask for a reply within a year."), field="reply_due")
    return reply_due


def _check_in_reply_to(sender: Organization, letter: Letter | None) -> LetterRecipient | None:
    """The sender's row on the letter answered (None when the sender wrote that letter)."""
    if letter is None:
        return None
    if letter.status != Letter.Status.SENT:
        raise NotFound(_("There is no such letter."), field="in_reply_to")
    if letter.sender_id == sender.pk:
        return None
    row = letter.recipients.filter(body=sender, delivered_at__isnull=False).first()
    if row is None:
        raise NotFound(_("There is no such letter."), field="in_reply_to")
    return row


# Sending ----------------------------------------------------------------------------------


def send_letter(*, sender_user: User, recipients: list[Organization], subject: str, text: str,
                files=(), reply_due: date | None = None, reply_within_days: int | None = None,
                in_reply_to: Letter | None = None) -> Letter:
    """Register and deliver a letter from the body `sender_user` acts for.

    The letter gets its outgoing number, each recipient body its incoming number, the files
    are stored, the answered letter's row (for a reply) is marked replied, and the recipients'
    staff are told in the app. `reply_within_days` working days count from today.
    """
    sender = _sender_body(sender_user)
    subject, text = _clean_texts(subject, text)
    bodies = _check_recipients(sender, recipients)
    now = timezone.now()
    reply_due = _check_reply_due(reply_due, reply_within_days, now)
    answered = _check_in_reply_to(sender, in_reply_to)
    checked = attachments.check_files(files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            letter = _register(sender=sender, author=sender_user, bodies=bodies,
                               subject=subject, text=text, reply_due=reply_due,
                               in_reply_to=in_reply_to, files=checked, stored=stored, now=now)
            if answered is not None:
                _mark_replied(answered, reply=letter, user=sender_user, now=now)
            _notify_delivery(letter)
    except BaseException:
        # The rows were rolled back; the files written for them must go too.
        storage = LetterAttachment._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise
    return letter


def _register(*, sender, author, bodies, subject, text, reply_due, in_reply_to, files, stored,
              now) -> Letter:
    number = next_number(body=sender, journal=Journal.OUTGOING, now=now)
    digest = content_digest(subject, text)
    letter = Letter(
        number=number, sender=sender, author=author, subject=subject, text=text,
        search_key=search_key(f"{number} {subject} {text}"), status=Letter.Status.SENT,
        in_reply_to=in_reply_to,
        thread_root_id=(in_reply_to.root_id if in_reply_to is not None else None),
        reply_due=reply_due, content_sha256=digest, created_at=now, sent_at=now,
    )
    letter.full_clean()
    letter.save()
    rows = [
        LetterRecipient.objects.create(
            letter=letter, body=body, delivered_at=now,
            number=next_number(body=body, journal=Journal.INCOMING, now=now))
        for body in bodies
    ]
    for item in files:
        attachment = LetterAttachment(letter=letter, name=item.name,
                                      content_type=item.content_type, size=item.size,
                                      sha256=item.sha256, created_at=now)
        attachment.file.save(item.content.name, item.content, save=False)
        stored.append(attachment.file.name)
        attachment.save()
    record_event(type="exchange.letter_sent", obj=letter, actor=author, payload={
        "number": number,
        "sender": sender.pk,
        "recipients": [{"body": row.body_id, "number": row.number} for row in rows],
        "content_sha256": digest,
        "attachments": [item.sha256 for item in files],
        "in_reply_to": in_reply_to.number if in_reply_to is not None else None,
        "reply_due": reply_due.isoformat() if reply_due else None,
    })
    return letter


def _mark_replied(row: LetterRecipient, *, reply: Letter, user: User, now) -> None:
    row = LetterRecipient.objects.select_for_update().select_related("letter").get(pk=row.pk)
    if row.acknowledged_at is None:
        _record_acknowledgement(row, user=user, now=now)
    if row.replied_at is not None:
        return  # a further letter in the thread; the first reply is the one on the journal
    row.replied_at = now
    row.reply = reply
    row.save(update_fields=["replied_at", "reply"])
    record_event(type="exchange.letter_replied", obj=row, actor=user, payload={
        "letter": row.letter.number, "number": row.number, "body": row.body_id,
        "reply": reply.number,
    })


def reply(*, recipient_row: LetterRecipient, sender_user: User, subject: str, text: str,
          files=(), reply_due: date | None = None,
          reply_within_days: int | None = None) -> Letter:
    """Answer a delivered letter: the recipient body writes back to the sender, in its thread."""
    if not is_staff_role(sender_user) or not acts_for(sender_user, recipient_row.body):
        raise PermissionDenied(_("Only staff of the receiving body may reply to this letter."))
    original = recipient_row.letter
    return send_letter(sender_user=sender_user, recipients=[original.sender], subject=subject,
                       text=text, files=files, reply_due=reply_due,
                       reply_within_days=reply_within_days, in_reply_to=original)


# Receipt ----------------------------------------------------------------------------------


def acknowledge(*, recipient_row: LetterRecipient, user: User) -> LetterRecipient:
    """Record that the receiving body has the letter. Idempotent: the first receipt stands."""
    if not is_staff_role(user) or not acts_for(user, recipient_row.body):
        raise PermissionDenied(_("Only staff of the receiving body may acknowledge receipt."))
    with transaction.atomic():
        row = (LetterRecipient.objects.select_for_update().select_related("letter")
               .get(pk=recipient_row.pk))
        if row.delivered_at is None:
            raise Conflict(_("This letter has not been delivered."))
        if row.acknowledged_at is None:
            _record_acknowledgement(row, user=user, now=timezone.now())
    return row


def _record_acknowledgement(row: LetterRecipient, *, user: User, now) -> None:
    row.acknowledged_at = now
    row.acknowledged_by = user
    row.save(update_fields=["acknowledged_at", "acknowledged_by"])
    record_event(type="exchange.letter_acknowledged", obj=row, actor=user, payload={
        "letter": row.letter.number, "number": row.number, "body": row.body_id,
    })


# Notifications ----------------------------------------------------------------------------


def letter_link(letter: Letter) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("exchange:detail", args=[letter.pk])


def _notify_delivery(letter: Letter) -> None:
    """Tell each recipient body's staff in the app, each in their own language."""
    link = letter_link(letter)
    for row in letter.recipients.select_related("body"):
        for person in staff_of(row.body):
            def render(row=row):
                values = {"number": row.number, "sender": letter.sender.name,
                          "subject": letter.subject}
                if letter.in_reply_to_id:
                    values["original"] = letter.in_reply_to.number
                    return _("Reply %(number)s from %(sender)s to your letter %(original)s: "
                             "%(subject)s") % values
                return _("Letter %(number)s from %(sender)s: %(subject)s") % values

            queue_message(channel=OutboxMessage.Channel.IN_APP, kind="exchange.letter",
                          recipient=person, subject=row.number[:200],
                          body=render_in_language(person.preferred_language, render), link=link)

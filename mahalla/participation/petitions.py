"""Petitions: start, moderate, sign, answer; expiry and escalation of late answers.

pending → open (moderated by staff of the addressed territory) | rejected;
open → answer_due when the signatures reach the threshold → answered;
open → expired when the signing period ends below the threshold.
Every change writes its DomainEvent ("petition.<action>", ids and counts, never names) in the
same transaction. One signature per person is the database's unique constraint.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, NotFound
from mahalla.core.models import Role, User
from mahalla.core.text import clean_multiline
from mahalla.notify.models import OutboxMessage
from mahalla.notify.services import queue_message, render_in_language
from mahalla.participation import rules
from mahalla.participation.models import Level, Petition, PetitionSignature
from mahalla.participation.territory import (
    addressed_fields,
    require_staff_for,
    require_verified_resident,
)

S = Petition.Status
MAX_TITLE = 200
MAX_TEXT = 5000
MAX_ANSWER = 5000


def _text(value: str, *, field: str, limit: int, minimum: int = 1) -> str:
    value = clean_multiline(value or "")
    if len(value) < minimum:
        raise DomainError(_("Write at least %(count)d characters.") % {"count": minimum},
                          field=field)
    if len(value) > limit:
        raise DomainError(_("Write at most %(count)d characters.") % {"count": limit},
                          field=field)
    return value


def _event(petition: Petition, action: str, actor=None, **extra) -> None:
    payload = {"petition": petition.pk, "status": petition.status, "level": petition.level,
               "signatures": petition.signature_count, **extra}
    record_event(type=f"petition.{action}", obj=petition, actor=actor, payload=payload)


def _locked(petition: Petition) -> Petition:
    return Petition.objects.select_for_update().get(pk=petition.pk)


def start_petition(*, author: User, level: str, title: str, text: str, now=None) -> Petition:
    """A verified resident addresses a petition to their mahalla, district or region."""
    now = now or timezone.now()
    mahalla = require_verified_resident(author, rules.START_PETITION_LEVEL)
    if level not in Level.values:
        raise DomainError(_("Choose who the petition is addressed to."), field="level")
    title = _text(title, field="title", limit=MAX_TITLE, minimum=5)
    text = _text(text, field="text", limit=MAX_TEXT, minimum=20)
    with transaction.atomic():
        petition = Petition.objects.create(
            author=author, title=title.replace("\n", " "), text=text,
            threshold=rules.petition_threshold(level),
            sign_until=now + timedelta(days=rules.petition_signing_days()), created_at=now,
            **addressed_fields(level, mahalla=mahalla))
        _event(petition, "started", author)
    return petition


def moderate_petition(*, petition: Petition, actor: User, publish: bool, reason: str = "",
                      now=None) -> Petition:
    """Publish a pending petition (signing starts now) or refuse it with a reason."""
    now = now or timezone.now()
    require_staff_for(actor, petition)
    if not publish:
        reason = _text(reason, field="reason", limit=2000, minimum=5)
    with transaction.atomic():
        petition = _locked(petition)
        if petition.status != S.PENDING:
            raise Conflict(_("This petition was already moderated."))
        petition.moderated_by, petition.moderated_at = actor, now
        if publish:
            petition.status = S.OPEN
            petition.sign_until = now + timedelta(days=rules.petition_signing_days())
        else:
            petition.status, petition.rejection_reason = S.REJECTED, reason
        petition.save()
        _event(petition, "published" if publish else "rejected", actor)
    return petition


def sign_petition(*, petition: Petition, signer: User, now=None) -> Petition:
    """Add the signer's one signature; the first one past the threshold starts the answer term.

    The petition row is locked, so the count and the threshold step are exact under
    concurrent signing; a second signature by the same person hits the unique constraint.
    """
    now = now or timezone.now()
    mahalla = require_verified_resident(signer, rules.SIGN_PETITION_LEVEL)
    with transaction.atomic():
        petition = _locked(petition)
        if petition.status not in Petition.SIGNABLE_STATUSES:
            raise NotFound(_("Not found.")) if petition.status in (S.PENDING, S.REJECTED) \
                else Conflict(_("This petition no longer collects signatures."))
        if now >= petition.sign_until:
            raise Conflict(_("This petition no longer collects signatures."))
        if not petition.covers_mahalla(mahalla):
            raise DomainError(_("Only residents of the territory the petition is addressed to "
                                "may sign it."))
        try:
            with transaction.atomic():
                PetitionSignature.objects.create(petition=petition, signer=signer,
                                                 created_at=now)
        except IntegrityError:
            raise Conflict(_("You have already signed this petition.")) from None
        Petition.objects.filter(pk=petition.pk).update(signature_count=F("signature_count") + 1)
        petition.refresh_from_db()
        _event(petition, "signed", signer)
        if petition.status == S.OPEN and petition.signature_count >= petition.threshold:
            petition.status = S.ANSWER_DUE
            petition.threshold_reached_at = now
            petition.answer_due_at = now + timedelta(days=rules.petition_answer_days())
            petition.save(update_fields=["status", "threshold_reached_at", "answer_due_at",
                                         "updated_at"])
            _event(petition, "threshold_reached",
                   answer_due=petition.answer_due_at.isoformat())
    return petition


def answer_petition(*, petition: Petition, actor: User, text: str, now=None) -> Petition:
    """The addressed body's public answer (also before the threshold, if it wishes)."""
    now = now or timezone.now()
    require_staff_for(actor, petition)
    text = _text(text, field="answer", limit=MAX_ANSWER, minimum=10)
    with transaction.atomic():
        petition = _locked(petition)
        if petition.status not in (S.OPEN, S.ANSWER_DUE):
            raise Conflict(_("This petition cannot be answered now."))
        late = petition.answer_due_at is not None and now > petition.answer_due_at
        petition.status, petition.answer = S.ANSWERED, text
        petition.answered_by, petition.answered_at = actor, now
        petition.save()
        _event(petition, "answered", actor, late=late)
    return petition


# --- periodic -------------------------------------------------------------------------------


def expire_petitions(*, now=None) -> int:
    """Close open petitions whose signing period ended below the threshold."""
    now = now or timezone.now()
    count = 0
    for pk in list(Petition.objects.signing_expired(now).values_list("pk", flat=True)):
        with transaction.atomic():
            petition = _locked(Petition(pk=pk))
            if petition.status != S.OPEN or petition.sign_until >= now:
                continue
            petition.status = S.EXPIRED
            petition.save(update_fields=["status", "updated_at"])
            _event(petition, "expired")
            count += 1
    return count


def escalate_late_answers(*, now=None) -> int:
    """Once per petition: an event and a message to the next body up when the answer is late.

    A mahalla's petition goes to its district's officials, a district's to the region's;
    a region's petition is reported to the administrators.
    """
    now = now or timezone.now()
    count = 0
    for pk in list(Petition.objects.answer_overdue(now).values_list("pk", flat=True)):
        with transaction.atomic():
            petition = _locked(Petition(pk=pk))
            if (petition.status != S.ANSWER_DUE or petition.escalated_at is not None
                    or petition.answer_due_at >= now):
                continue
            petition.escalated_at = now
            petition.save(update_fields=["escalated_at", "updated_at"])
            _event(petition, "answer_overdue", answer_due=petition.answer_due_at.isoformat())
            due = timezone.localtime(petition.answer_due_at).strftime("%d.%m.%Y")
            for user in _escalation_recipients(petition):
                language = user.preferred_language
                body = render_in_language(language, lambda d=due, t=petition.title: _(
                    "The answer to the petition «%(title)s» was due on %(due)s and "
                    "has not been published.") % {"title": t, "due": d})
                queue_message(channel=OutboxMessage.Channel.IN_APP,
                              kind="petition.answer_overdue", recipient=user, body=body,
                              link=_staff_link(petition, language))
            count += 1
    return count


def _staff_link(petition: Petition, language: str) -> str:
    with translation.override(language or "uz"):
        return reverse("participation:staff_petition", args=[petition.pk])


def _escalation_recipients(petition: Petition):
    users = User.objects.filter(is_active=True)
    if petition.level == Level.MAHALLA:
        return users.filter(role=Role.DISTRICT_OFFICIAL, district=petition.district_id)
    if petition.level == Level.DISTRICT:
        return users.filter(role=Role.REGION_OFFICIAL, region=petition.region_id)
    return users.filter(role=Role.ADMINISTRATOR)

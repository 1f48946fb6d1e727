"""Applications to e-services: submit, review, ask for information, decide, issue.

submitted → registered → in_review ⇄ info_requested → approved | rejected; approved → issued
when the service issues an e-document. Every change checks role, scope and status, writes an
ApplicationStep and its DomainEvent ("application.<action>", ids and codes only, no personal
data) in one transaction; messages go through the notify outbox after commit.
"""

import importlib.util
import logging
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mahalla.appeals import deadlines
from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, PermissionDenied
from mahalla.core.models import Role, User
from mahalla.core.text import clean_multiline
from mahalla.documents import attachments, certificates, forms_schema
from mahalla.documents.models import (
    Application,
    ApplicationAttachment,
    ApplicationCounter,
    ApplicationStep,
    EService,
)
from mahalla.documents.permissions import can_decide, deciders
from mahalla.notify.models import OutboxMessage
from mahalla.notify.services import queue_message, render_in_language

logger = logging.getLogger(__name__)
S = Application.Status
SOURCE_TYPE = "documents.application"
MAX_NOTE = 2000
ISSUING_MODULE = "mahalla.documents.issuing.services"


# Numbers, steps, messages -----------------------------------------------------------------


def next_number(now=None) -> str:
    """ARZ-YYYY-NNNNNN, dense per year; the counter row is locked for the transaction."""
    year = timezone.localtime(now or timezone.now()).year
    try:
        with transaction.atomic():
            ApplicationCounter.objects.create(year=year, last=0)
    except IntegrityError:
        pass
    counter = ApplicationCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"ARZ-{year}-{counter.last:06d}"


def _add_step(application: Application, *, action: str, actor=None, note: str = "",
              from_status: str = "", internal: bool = False,
              payload: dict | None = None) -> ApplicationStep:
    """Timeline row and domain event (→ ledger leaf) of one change, in the caller's transaction."""
    step = ApplicationStep.objects.create(
        application=application, action=action, from_status=from_status,
        to_status=application.status, actor=actor if getattr(actor, "pk", None) else None,
        actor_role=getattr(actor, "role", "") if actor else "system", note=note,
        is_internal=internal)
    event_payload = {"number": application.number, "service": application.service.code,
                     "status": application.status, "action": action}
    event_payload.update(payload or {})
    record_event(type=f"application.{action}", obj=application, actor=actor,
                 payload=event_payload)
    return step


def _link(url_name: str, number: str, language: str) -> str:
    with translation.override(language or "uz"):
        return reverse(url_name, args=[number])


def _notify_applicant(application: Application, kind: str, render) -> None:
    applicant = application.applicant
    language = applicant.preferred_language
    queue_message(channel=OutboxMessage.Channel.IN_APP, kind=kind, recipient=applicant,
                  body=render_in_language(language, render),
                  link=_link("documents:detail", application.number, language))


def _notify_staff(users, application: Application, kind: str, render) -> None:
    for user in users:
        language = user.preferred_language
        queue_message(channel=OutboxMessage.Channel.IN_APP, kind=kind, recipient=user,
                      body=render_in_language(language, render),
                      link=_link("documents:staff_detail", application.number, language))


# Deadlines (the appeals' working-day calendar) --------------------------------------------


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment, deadlines.TASHKENT).date()


def decision_due(registered_at: datetime, days: int,
                 calendar: deadlines.Calendar | None = None) -> datetime:
    """End of the working day `days` working days after registration."""
    calendar = calendar or deadlines.Calendar()
    return deadlines.end_of_day(calendar.add_working_days(_local_day(registered_at), days))


def working_days_between(start: datetime, end: datetime,
                         calendar: deadlines.Calendar | None = None) -> int:
    """Working days after `start`'s day up to and including `end`'s day."""
    calendar = calendar or deadlines.Calendar()
    day, last, count = _local_day(start), _local_day(end), 0
    while day < last and count < 366:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


# Helpers of the transitions ---------------------------------------------------------------


def _locked(application: Application) -> Application:
    return (Application.objects.select_for_update(of=("self",))
            .select_related("service", "mahalla__district", "applicant")
            .get(pk=application.pk))


def _require_decider(actor: User, application: Application) -> None:
    if not can_decide(actor, application):
        raise PermissionDenied(_("You may not decide this application."))


def _require_status(application: Application, allowed) -> None:
    if application.status not in allowed:
        raise Conflict(_("This cannot be done while the application is “%(status)s”.")
                       % {"status": application.get_status_display()})


def _text(text: str, *, field: str, required: bool = True) -> str:
    text = clean_multiline(text or "")
    if required and len(text) < 3:
        raise DomainError(_("Give a reason."), field=field)
    if len(text) > MAX_NOTE:
        raise DomainError(_("The text may be at most 2,000 characters."), field=field)
    return text


def _transition(application: Application, *, to: str, action: str, actor, note: str = "",
                payload: dict | None = None, fields=()) -> Application:
    previous = application.status
    application.status = to
    application.save(update_fields=["status", "updated_at", *fields])
    _add_step(application, action=action, actor=actor, from_status=previous, note=note,
              payload=payload)
    return application


def _store_files(application: Application, checked, uploaded_by) -> None:
    for item in checked:
        ApplicationAttachment.objects.create(
            application=application, kind=item.kind, file=item.content,
            content_type=item.content_type, size=item.size, sha256=item.sha256,
            original_name=item.original_name, uploaded_by=uploaded_by)


def _reserved_date(service: EService, answers: dict) -> date | None:
    value = answers.get(service.reserves_date_field) if service.reserves_date_field else None
    return date.fromisoformat(value) if value else None


def _refuse_taken_day(service: EService, mahalla_id: int, day: date | None,
                      exclude_pk=None) -> None:
    if day is None:
        return
    taken = Application.objects.holding_date().filter(
        service=service, mahalla_id=mahalla_id, reserved_date=day).exclude(pk=exclude_pk)
    if taken.exists():
        raise Conflict(_("%(date)s is already booked in your mahalla. Choose another day.")
                       % {"date": day.strftime("%d.%m.%Y")}, field=service.reserves_date_field)


# Submitting -------------------------------------------------------------------------------


def submit_application(*, service: EService, applicant: User, data, files=None,
                       idempotency_key: str = "", now=None) -> Application:
    """Check the answers and files against the service's form, register the application,
    set its deadline and tell the applicant and the deciding staff.

    Everything is checked before anything is written: bad input leaves nothing stored. A
    retry with the same idempotency key returns the application the first request made.
    """
    now = now or timezone.now()
    if not getattr(applicant, "is_authenticated", False):
        raise PermissionDenied(_("Log in to apply."))
    if not service.is_active:
        raise DomainError(_("This service is not available at the moment."))
    if not applicant.mahalla_id:
        raise DomainError(_("Choose your mahalla in your profile first: the application goes "
                            "to your mahalla."), field="mahalla")
    key = (idempotency_key or "").strip()[:64]
    replay = _replay(key, applicant)
    if replay is not None:
        return replay
    answers, uploads = forms_schema.validate_submission(service, data, files)
    checked = attachments.check_files(uploads)
    reserved = _reserved_date(service, answers)
    calendar = deadlines.Calendar()
    try:
        with transaction.atomic():
            application = _create(service=service, applicant=applicant, answers=answers,
                                  checked=checked, reserved=reserved, key=key, now=now,
                                  calendar=calendar)
    except IntegrityError:
        # A racing request took the key (the same click twice) or the day (the hall).
        replay = _replay(key, applicant)
        if replay is not None:
            return replay
        _refuse_taken_day(service, applicant.mahalla_id, reserved)
        raise
    return application


def _replay(key: str, applicant: User) -> Application | None:
    if not key:
        return None
    existing = Application.objects.filter(idempotency_key=key).first()
    if existing is not None and existing.applicant_id != applicant.pk:
        raise DomainError(_("This request key was already used."), field="idempotency_key")
    return existing


def _create(*, service, applicant, answers, checked, reserved, key, now,
            calendar) -> Application:
    number = next_number(now)  # locks the year's counter: bookings are checked one by one
    _refuse_taken_day(service, applicant.mahalla_id, reserved)
    application = Application.objects.create(
        number=number, service=service, applicant=applicant, mahalla_id=applicant.mahalla_id,
        data=answers, form_snapshot=service.form, reserved_date=reserved,
        idempotency_key=key or None, created_at=now)
    _store_files(application, checked, applicant)
    _add_step(application, action="submitted", actor=applicant,
              payload={"files": len(checked)})
    application.registered_at = deadlines.registration_time(now, calendar)
    application.due_at = decision_due(application.registered_at, service.deadline_days,
                                      calendar)
    _transition(application, to=S.REGISTERED, action="registered", actor=None,
                payload={"due_at": application.due_at.isoformat()},
                fields=["registered_at", "due_at"])
    due = timezone.localtime(application.due_at).strftime("%d.%m.%Y")
    _notify_applicant(application, "application.registered",
                      lambda: _("Your application %(number)s is registered. The decision is "
                                "due by %(due)s.") % {"number": number, "due": due})
    _notify_staff(deciders(application), application, "application.new",
                  lambda: _("New application %(number)s: %(service)s.")
                  % {"number": number, "service": service.name})
    return application


# Staff decisions --------------------------------------------------------------------------


def start_review(*, application: Application, actor: User) -> Application:
    """Take the application into review; the applicant is told."""
    with transaction.atomic():
        application = _locked(application)
        _require_decider(actor, application)
        _require_status(application, {S.SUBMITTED, S.REGISTERED})
        _transition(application, to=S.IN_REVIEW, action="review_started", actor=actor)
        _notify_applicant(application, "application.in_review",
                          lambda: _("Your application %(number)s is being reviewed.")
                          % {"number": application.number})
    return application


def request_information(*, application: Application, text: str, actor: User,
                        now=None) -> Application:
    """Ask the applicant for more information or documents; the deadline waits meanwhile."""
    text = _text(text, field="text")
    with transaction.atomic():
        application = _locked(application)
        _require_decider(actor, application)
        _require_status(application, {S.REGISTERED, S.IN_REVIEW})
        application.info_request = text
        application.info_requested_at = now or timezone.now()
        application.info_response = ""
        _transition(application, to=S.INFO_REQUESTED, action="info_requested", actor=actor,
                    note=text, fields=["info_request", "info_requested_at", "info_response"])
        _notify_applicant(application, "application.info_requested",
                          lambda: _("More information is needed for your application "
                                    "%(number)s. Open it to answer.")
                          % {"number": application.number})
    return application


def provide_information(*, application: Application, applicant: User, text: str = "",
                        files=None, data: dict | None = None, now=None) -> Application:
    """The applicant's answer: a text, files, and/or corrected answers to the form.

    The time the question waited is added to the deadline (in working days).
    """
    now = now or timezone.now()
    if not getattr(applicant, "is_authenticated", False) \
            or application.applicant_id != applicant.pk:
        raise PermissionDenied(_("Only the applicant may answer."))
    text = _text(text, field="text", required=False)
    checked = attachments.check_files(
        {ApplicationAttachment.ADDITIONAL: [f for f in (files or []) if f]})
    answers = None
    if data:
        definition = application.form_snapshot or application.service.form
        answers = forms_schema.validate_data(definition, {**application.data, **data})
    if not text and not checked and answers is None:
        raise DomainError(_("Write an answer or attach a file."), field="text")
    calendar = deadlines.Calendar()
    with transaction.atomic():
        application = _locked(application)
        _require_status(application, {S.INFO_REQUESTED})
        fields = ["info_response", "due_at"]
        if answers is not None:
            reserved = _reserved_date(application.service, answers)
            _refuse_taken_day(application.service, application.mahalla_id, reserved,
                              exclude_pk=application.pk)
            application.data, application.reserved_date = answers, reserved
            fields += ["data", "reserved_date"]
        _store_files(application, checked, applicant)
        waited = working_days_between(application.info_requested_at or now, now, calendar)
        if application.due_at and waited:
            application.due_at = deadlines.end_of_day(
                calendar.add_working_days(_local_day(application.due_at), waited))
        application.info_response = text
        _transition(application, to=S.IN_REVIEW, action="info_provided", actor=applicant,
                    note=text, fields=fields,
                    payload={"files": len(checked), "data_changed": answers is not None,
                             "due_at": application.due_at.isoformat()
                             if application.due_at else None})
        _notify_staff(deciders(application), application, "application.info_provided",
                      lambda: _("The applicant answered your question on application "
                                "%(number)s.") % {"number": application.number})
    return application


def issuing_available() -> bool:
    """Whether the e-document issuing module is installed (it may come later)."""
    return importlib.util.find_spec(ISSUING_MODULE) is not None


def approve_application(*, application: Application, actor: User, now=None) -> Application:
    """Approve; when the service issues an e-document, issue it at once (status "issued").

    If issuing fails, the approval stands and staff can issue the document again later.
    """
    with transaction.atomic():
        application = _locked(application)
        _require_decider(actor, application)
        _require_status(application, {S.REGISTERED, S.IN_REVIEW})
        application.decided_by = actor
        application.decided_at = now or timezone.now()
        _transition(application, to=S.APPROVED, action="approved", actor=actor,
                    fields=["decided_by", "decided_at"])
        issued = False
        if application.service.issues_document and issuing_available():
            try:
                with transaction.atomic():
                    _issue(application, actor)
                    issued = True
            except Exception:  # the decision stands; the document can be issued again
                logger.exception("Issuing the document of %s failed", application.number)
                _add_step(application, action="issue_failed", actor=actor, internal=True)
        number, document = application.number, application.document_number
        if issued:
            _notify_applicant(application, "application.issued",
                              lambda: _("Your application %(number)s is approved. Your "
                                        "document %(document)s is ready to download.")
                              % {"number": number, "document": document})
        else:
            _notify_applicant(application, "application.approved",
                              lambda: _("Your application %(number)s is approved.")
                              % {"number": number})
    return application


def issue_application_document(*, application: Application, actor: User) -> Application:
    """Issue the e-document of an approved application whose document is still missing."""
    with transaction.atomic():
        application = _locked(application)
        _require_decider(actor, application)
        _require_status(application, {S.APPROVED})
        if not application.service.issues_document or application.document_number:
            raise Conflict(_("This application has no document to issue."))
        if not issuing_available():
            raise Conflict(_("E-documents cannot be issued yet. Try again later."))
        _issue(application, actor)
        number, document = application.number, application.document_number
        _notify_applicant(application, "application.issued",
                          lambda: _("Your document %(document)s for application %(number)s "
                                    "is ready to download.")
                          % {"number": number, "document": document})
    return application


def _issue(application: Application, actor: User) -> None:
    from mahalla.documents.issuing.permissions import can_issue
    from mahalla.documents.issuing.services import issue_document

    draft = certificates.document_for(application)
    with translation.override(draft.language):
        position = str(Role(actor.role).label) if actor.role in Role.values else ""
    # The mahalla issues the document. A district official who decided is not its staff:
    # the platform then issues it on that recorded decision (the issuing "system" actor).
    issuer = actor if can_issue(actor, organization_id=None,
                                mahalla_id=application.mahalla_id) else None
    document = issue_document(
        kind=draft.kind, title=draft.title, language=draft.language,
        holder=application.applicant, holder_name=draft.holder_name, fields=draft.fields,
        paragraphs=draft.paragraphs, issuer_mahalla=application.mahalla,
        signer_name=actor.full_name or "", signer_position=position, actor=issuer,
        source_type=SOURCE_TYPE, source_id=application.number,
        valid_until=draft.valid_until)
    application.document_number = document.number
    _transition(application, to=S.ISSUED, action="issued", actor=actor,
                payload={"document": document.number}, fields=["document_number"])


def reject_application(*, application: Application, reason: str, actor: User,
                       now=None) -> Application:
    """Refuse, with the reason the applicant is told (required)."""
    reason = _text(reason, field="reason")
    with transaction.atomic():
        application = _locked(application)
        _require_decider(actor, application)
        _require_status(application, {S.REGISTERED, S.IN_REVIEW, S.INFO_REQUESTED})
        application.decided_by = actor
        application.decided_at = now or timezone.now()
        application.decision_reason = reason
        _transition(application, to=S.REJECTED, action="rejected", actor=actor, note=reason,
                    fields=["decided_by", "decided_at", "decision_reason"])
        _notify_applicant(application, "application.rejected",
                          lambda: _("Your application %(number)s was rejected. Reason: "
                                    "%(reason)s") % {"number": application.number,
                                                      "reason": reason})
    return application


# Deadlines watch --------------------------------------------------------------------------


def escalate_overdue_applications(*, now=None) -> int:
    """Tell the district's officials, once, of each application past its decision date."""
    now = now or timezone.now()
    count = 0
    ids = list(Application.objects.overdue(now).filter(escalated_at__isnull=True)
               .values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            application = _locked(Application(pk=pk))
            if application.escalated_at is not None or not application.is_overdue(now):
                continue
            application.escalated_at = now
            application.save(update_fields=["escalated_at", "updated_at"])
            _add_step(application, action="escalated", internal=True)
            officials = User.objects.filter(role=Role.DISTRICT_OFFICIAL, is_active=True,
                                            district=application.mahalla.district_id)
            _notify_staff(officials, application, "application.overdue",
                          lambda a=application: _("Application %(number)s is overdue and was "
                                                  "escalated to you.") % {"number": a.number})
            count += 1
    return count

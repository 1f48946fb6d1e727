"""The appeal workflow: each transition checks role and state, records who, when and why.

received → registered → assigned → in progress → answered → closed; plus forwarded,
rejected (with reason), duplicate (merged into another). Staff services take `actor`
keyword-only; the resident's own actions (rate, reopen) take the author.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.appeals import deadlines
from mahalla.appeals.models import Appeal, AppealPhoto, AppealStep, AppealSupport
from mahalla.appeals.permissions import can, territory_staff
from mahalla.appeals.photos import process_photos
from mahalla.appeals.services.common import add_step, notify_author, notify_staff
from mahalla.core.categories import Category
from mahalla.core.exceptions import Conflict, DomainError, PermissionDenied
from mahalla.core.models import Organization, Role, User
from mahalla.core.text import clean_multiline
from mahalla.triage.services import record_correction

S = Appeal.Status
WORKABLE = {S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.FORWARDED}
MAX_NOTE = 5000


def _locked(appeal: Appeal) -> Appeal:
    # of=self: PostgreSQL cannot lock the nullable side of the outer joins.
    return (Appeal.objects.select_for_update(of=("self",))
            .select_related("mahalla", "district", "region").get(pk=appeal.pk))


def _require(actor: User, action: str, appeal: Appeal) -> None:
    if not can(actor, action, appeal):
        raise PermissionDenied(_("You may not do this with this appeal."))


def _require_status(appeal: Appeal, allowed) -> None:
    if appeal.status not in allowed:
        raise Conflict(_("This cannot be done while the appeal is “%(status)s”.")
                       % {"status": appeal.get_status_display()})


def _reason(text: str, field: str = "reason") -> str:
    text = clean_multiline(text)
    if len(text) < 3:
        raise DomainError(_("Give a reason."), field=field)
    if len(text) > MAX_NOTE:
        raise DomainError(_("The text may be at most 5,000 characters."), field=field)
    return text


def _recomputed_due(appeal: Appeal):
    """The deadline after a change of priority or category.

    An extended deadline stays extended; a category's service level can only shorten it.
    """
    due = deadlines.compute_due_at(kind=appeal.kind, category=appeal.category,
                                   priority=appeal.priority,
                                   registered_at=appeal.registered_at or appeal.created_at)
    if appeal.extended and appeal.due_at:
        hours = deadlines.service_level_hours(appeal.category, appeal.priority)
        return min(appeal.due_at, due) if hours is not None else appeal.due_at
    return due


def _transition(appeal: Appeal, *, to: str, action: str, actor, note: str = "",
                payload: dict | None = None, fields=()) -> Appeal:
    previous = appeal.status
    appeal.status = to
    appeal.save(update_fields=["status", "updated_at", *fields])
    add_step(appeal, action=action, actor=actor, from_status=previous, note=note,
             payload=payload)
    return appeal


def assign_appeal(*, appeal: Appeal, executor: User, actor: User) -> Appeal:
    """Give the appeal to an executor of the responsible body (or of the mahalla)."""
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "assign", appeal)
        _require_status(appeal, WORKABLE)
        if appeal.organization_id:
            fits = executor.organization_id == appeal.organization_id and executor.role in {
                Role.ORG_EXECUTOR, Role.ORG_DISPATCHER}
        else:
            fits = territory_staff(appeal).filter(pk=executor.pk).exists()
        if not fits or not executor.is_active:
            raise DomainError(_("This person does not work for the responsible body."),
                              field="executor")
        appeal.executor = executor
        _transition(appeal, to=S.ASSIGNED, action="assigned", actor=actor,
                    payload={"executor": executor.pk}, fields=["executor"])
    notify_staff([executor], appeal, "appeal.assigned",
                 lambda: _("Appeal %(number)s was assigned to you.") % {"number": appeal.number})
    return appeal


def bulk_assign(*, appeals, executor: User, actor: User) -> list[Appeal]:
    """Assign several appeals at once; all or none."""
    with transaction.atomic():
        return [assign_appeal(appeal=a, executor=executor, actor=actor) for a in appeals]


def start_work(*, appeal: Appeal, actor: User) -> Appeal:
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "start", appeal)
        _require_status(appeal, {S.REGISTERED, S.ASSIGNED, S.FORWARDED})
        _transition(appeal, to=S.IN_PROGRESS, action="started", actor=actor)
    notify_author(appeal, "appeal.in_progress",
                  lambda: _("Work on your appeal %(number)s has started.")
                  % {"number": appeal.number})
    return appeal


def answer_appeal(*, appeal: Appeal, text: str, actor: User, photos=()) -> Appeal:
    """The public answer to the applicant, with optional photos of the result."""
    text = _reason(text, field="answer")
    processed = process_photos(list(photos))
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "answer", appeal)
        _require_status(appeal, WORKABLE)
        for photo in processed:
            AppealPhoto.objects.create(appeal=appeal, stage=AppealPhoto.Stage.RESULT,
                                       image=photo.image, thumbnail=photo.thumbnail,
                                       width=photo.width, height=photo.height,
                                       sha256=photo.sha256, uploaded_by=actor)
        appeal.answer = text
        appeal.answered_at = timezone.now()
        _transition(appeal, to=S.ANSWERED, action="answered", actor=actor, note=text,
                    fields=["answer", "answered_at"])
    notify_author(appeal, "appeal.answered",
                  lambda: _("Your appeal %(number)s has been answered. Please rate the answer.")
                  % {"number": appeal.number})
    return appeal


def add_comment(*, appeal: Appeal, text: str, actor: User) -> AppealStep:
    """An internal note for staff; never shown to the applicant."""
    text = _reason(text, field="text")
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "comment", appeal)
        return add_step(appeal, action="commented", actor=actor, note=text, internal=True)


def close_appeal(*, appeal: Appeal, actor: User) -> Appeal:
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "close", appeal)
        _require_status(appeal, {S.ANSWERED})
        appeal.closed_at = timezone.now()
        _transition(appeal, to=S.CLOSED, action="closed", actor=actor, fields=["closed_at"])
    return appeal


def forward_appeal(*, appeal: Appeal, organization: Organization, reason: str,
                   actor: User, now=None) -> Appeal:
    """Send the appeal to the competent body, within 5 working days, telling the applicant."""
    reason = _reason(reason)
    now = now or timezone.now()
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "forward", appeal)
        _require_status(appeal, {S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.FORWARDED})
        if organization.pk == appeal.organization_id or not organization.is_active:
            raise DomainError(_("Choose another, active organization."), field="organization")
        if now > deadlines.forward_deadline(appeal.registered_at or appeal.created_at):
            raise Conflict(_("The 5 working days for forwarding have passed; answer the "
                             "appeal or ask the district to reassign it."))
        previous = appeal.organization_id
        appeal.organization = organization
        appeal.executor = None
        _transition(appeal, to=S.FORWARDED, action="forwarded", actor=actor, note=reason,
                    payload={"from": previous, "to": organization.pk},
                    fields=["organization", "executor"])
    notify_author(appeal, "appeal.forwarded",
                  lambda: _("Your appeal %(number)s was forwarded to %(body)s.")
                  % {"number": appeal.number, "body": organization.name})
    from mahalla.appeals.services.submit import queue_keepers

    notify_staff(queue_keepers(appeal), appeal, "appeal.new",
                 lambda: _("New appeal %(number)s in your queue.") % {"number": appeal.number})
    return appeal


def reject_appeal(*, appeal: Appeal, reason: str, actor: User) -> Appeal:
    reason = _reason(reason)
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "reject", appeal)
        _require_status(appeal, WORKABLE)
        appeal.answer = reason
        appeal.closed_at = timezone.now()
        _transition(appeal, to=S.REJECTED, action="rejected", actor=actor, note=reason,
                    fields=["answer", "closed_at"])
    notify_author(appeal, "appeal.rejected",
                  lambda: _("Your appeal %(number)s was rejected: %(reason)s")
                  % {"number": appeal.number, "reason": reason})
    return appeal


def merge_duplicate(*, appeal: Appeal, into: Appeal, actor: User) -> Appeal:
    """Close `appeal` as a duplicate of `into`; its supporters move over."""
    if appeal.pk == into.pk:
        raise DomainError(_("An appeal cannot be merged into itself."), field="into")
    with transaction.atomic():
        # Lock in id order, so two opposite merges at once cannot deadlock.
        first, second = sorted([appeal, into], key=lambda a: a.pk)
        locked = {a.pk: _locked(a) for a in (first, second)}
        appeal, target = locked[appeal.pk], locked[into.pk]
        _require(actor, "merge", appeal)
        _require(actor, "merge", target)
        _require_status(appeal, WORKABLE | {S.RECEIVED})
        if not target.is_open or target.merged_into_id:
            raise Conflict(_("Merge into an open appeal that is not itself a duplicate."))
        moved = 0
        for support in AppealSupport.objects.filter(appeal=appeal):
            __, created = AppealSupport.objects.get_or_create(appeal=target, user=support.user)
            moved += created
        if appeal.author_id and appeal.author_id != target.author_id:
            __, created = AppealSupport.objects.get_or_create(appeal=target, user=appeal.author)
            moved += created
        Appeal.objects.filter(pk=target.pk).update(supporters_count=F("supporters_count") + moved)
        appeal.merged_into = target
        appeal.closed_at = timezone.now()
        _transition(appeal, to=S.DUPLICATE, action="merged", actor=actor,
                    note=target.number, payload={"into": target.number},
                    fields=["merged_into", "closed_at"])
    notify_author(appeal, "appeal.merged",
                  lambda: _("Your report %(number)s is the same problem as %(other)s; "
                            "follow that one for the answer.")
                  % {"number": appeal.number, "other": target.number})
    return appeal


def extend_deadline(*, appeal: Appeal, reason: str, days: int, actor: User) -> Appeal:
    """One extension by at most one month, with a reason the applicant is told."""
    reason = _reason(reason)
    if not 1 <= days <= deadlines.MAX_EXTENSION_DAYS:
        raise DomainError(_("An extension is from 1 to 30 days."), field="days")
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "extend", appeal)
        _require_status(appeal, WORKABLE)
        if appeal.extended:
            raise Conflict(_("The deadline of this appeal was already extended once."))
        appeal.due_at = deadlines.extended_due_at(appeal.due_at, days)
        appeal.extended = True
        appeal.escalated_at = None
        appeal.reminded_at = None
        appeal.save(update_fields=["due_at", "extended", "escalated_at", "reminded_at",
                                   "updated_at"])
        add_step(appeal, action="extended", actor=actor, note=reason,
                 payload={"days": days, "due_at": appeal.due_at.isoformat()})
    notify_author(appeal, "appeal.extended",
                  lambda: _("The deadline of your appeal %(number)s was extended to %(due)s: "
                            "%(reason)s")
                  % {"number": appeal.number, "reason": reason,
                     "due": timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")})
    return appeal


def require_extra_study(*, appeal: Appeal, reason: str, actor: User) -> Appeal:
    """The answer needs extra study, checks or documents: one month from registration.

    For applications, complaints and problem reports (a proposal already has a month); once,
    before any extension, and the applicant is told why.
    """
    reason = _reason(reason)
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "extra_study", appeal)
        _require_status(appeal, WORKABLE)
        if appeal.kind == Appeal.Kind.PROPOSAL:
            raise Conflict(_("A proposal already has one month for its study."))
        if appeal.extra_study or appeal.extended:
            raise Conflict(_("The term of this appeal was already prolonged."))
        registered = appeal.registered_at or appeal.created_at
        longer = deadlines.due_after_days(registered, deadlines.EXTRA_STUDY_DAYS,
                                          deadlines.Calendar())
        appeal.due_at = max(appeal.due_at, longer) if appeal.due_at else longer
        appeal.extra_study = True
        appeal.escalated_at = None
        appeal.reminded_at = None
        appeal.save(update_fields=["due_at", "extra_study", "escalated_at", "reminded_at",
                                   "updated_at"])
        add_step(appeal, action="extra_study", actor=actor, note=reason,
                 payload={"due_at": appeal.due_at.isoformat()})
    notify_author(appeal, "appeal.extended",
                  lambda: _("Your appeal %(number)s needs extra study; the answer is due by "
                            "%(due)s: %(reason)s")
                  % {"number": appeal.number, "reason": reason,
                     "due": timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")})
    return appeal


def set_priority(*, appeal: Appeal, priority: str, actor: User) -> Appeal:
    if priority not in Appeal.Priority.values:
        raise DomainError(_("Unknown priority."), field="priority")
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "set_priority", appeal)
        _require_status(appeal, WORKABLE)
        appeal.priority = priority
        appeal.due_at = _recomputed_due(appeal)
        appeal.save(update_fields=["priority", "due_at", "updated_at"])
        add_step(appeal, action="prioritized", actor=actor, internal=True,
                 payload={"priority": priority})
    return appeal


def moderate_appeal(*, appeal: Appeal, publish: bool, actor: User,
                    public_photo_ids=()) -> Appeal:
    """Decide what of a problem report appears on the public map (text and chosen photos)."""
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "moderate", appeal)
        if appeal.kind != Appeal.Kind.PROBLEM_REPORT:
            raise DomainError(_("Only problem reports are published."))
        appeal.is_public = publish
        appeal.save(update_fields=["is_public", "updated_at"])
        photos = AppealPhoto.objects.filter(appeal=appeal)
        photos.update(is_public=False)
        if publish:
            photos.filter(pk__in=list(public_photo_ids)).update(is_public=True)
        add_step(appeal, action="published" if publish else "unpublished", actor=actor,
                 internal=True)
    return appeal


def rate_answer(*, appeal: Appeal, rating: int, comment: str, user: User) -> Appeal:
    """The applicant rates the answer 1–5; rating closes the appeal."""
    try:
        rating = int(rating)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Choose a rating from 1 to 5."), field="rating") from exc
    if not 1 <= rating <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."), field="rating")
    comment = clean_multiline(comment)
    if len(comment) > MAX_NOTE:
        raise DomainError(_("The text may be at most 5,000 characters."), field="comment")
    with transaction.atomic():
        appeal = _locked(appeal)
        if appeal.author_id != user.pk:
            raise PermissionDenied(_("Only the applicant can rate the answer."))
        _require_status(appeal, {S.ANSWERED, S.CLOSED})
        if appeal.rating is not None and appeal.status == S.CLOSED:
            raise Conflict(_("You have already rated this answer."))
        appeal.rating = rating
        appeal.rating_comment = comment
        appeal.closed_at = appeal.closed_at or timezone.now()
        _transition(appeal, to=S.CLOSED, action="rated", actor=user, note=comment,
                    payload={"rating": rating},
                    fields=["rating", "rating_comment", "closed_at"])
    return appeal


def reopen_appeal(*, appeal: Appeal, reason: str, user: User, now=None) -> Appeal:
    """The applicant reopens within 30 days of the answer when the problem is not solved."""
    reason = _reason(reason)
    now = now or timezone.now()
    with transaction.atomic():
        appeal = _locked(appeal)
        if appeal.author_id != user.pk:
            raise PermissionDenied(_("Only the applicant can reopen the appeal."))
        _require_status(appeal, {S.ANSWERED, S.CLOSED})
        answered = appeal.answered_at or appeal.closed_at
        if answered is None or now - answered > timedelta(days=deadlines.REOPEN_DAYS):
            raise Conflict(_("An appeal can be reopened within 30 days of the answer."))
        appeal.reopen_count += 1
        appeal.rating = None
        appeal.closed_at = None
        appeal.escalated_at = None
        appeal.reminded_at = None
        appeal.registered_at = now
        appeal.due_at = deadlines.compute_due_at(kind=appeal.kind, category=appeal.category,
                                                 priority=appeal.priority, registered_at=now)
        target = S.ASSIGNED if appeal.executor_id else S.REGISTERED
        _transition(appeal, to=target, action="reopened", actor=user, note=reason,
                    fields=["reopen_count", "rating", "closed_at", "escalated_at",
                            "reminded_at", "registered_at", "due_at"])
    recipients = [appeal.executor] if appeal.executor else []
    from mahalla.appeals.services.submit import queue_keepers

    notify_staff(recipients or queue_keepers(appeal), appeal, "appeal.reopened",
                 lambda: _("Appeal %(number)s was reopened by the applicant.")
                 % {"number": appeal.number})
    return appeal


def set_category(*, appeal: Appeal, category: str, actor: User) -> Appeal:
    """Staff correct the category; the appeal is routed again."""
    from mahalla.appeals.routing import route

    if category not in Category.values:
        raise DomainError(_("Choose a category."), field="category")
    with transaction.atomic():
        appeal = _locked(appeal)
        _require(actor, "set_category", appeal)
        _require_status(appeal, WORKABLE)
        previous = appeal.category
        appeal.category = category
        appeal.organization = route(category=category, place=appeal.place)
        appeal.executor = None
        appeal.due_at = _recomputed_due(appeal)
        appeal.save(update_fields=["category", "organization", "executor", "due_at",
                                   "updated_at"])
        add_step(appeal, action="recategorized", actor=actor, internal=True,
                 payload={"from": previous, "to": category})
        # Staff corrections are the classifier's training data.
        record_correction(appeal=appeal, previous=previous, category=category, actor=actor)
    return appeal

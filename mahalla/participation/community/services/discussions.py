"""Discussions: start a topic, comment and reply, report, moderate, block.

Events ("community.topic_started", "community.comment_posted", …) carry ids and codes only:
the text of a comment never goes into the ledger.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied, RateLimited
from mahalla.core.models import Mahalla, User
from mahalla.participation.community import permissions as perm
from mahalla.participation.community.models import (
    MAX_DEPTH,
    Comment,
    CommentReport,
    DiscussionBlock,
    Topic,
)
from mahalla.participation.community.services.common import (
    checked_int,
    checked_text,
    posting_limit,
)

MAX_BLOCK_DAYS = 365


def active_block(user: User, mahalla_id: int, now=None) -> DiscussionBlock | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (DiscussionBlock.objects.active(now).filter(user=user.pk, mahalla=mahalla_id)
            .order_by("-ends_at").first())


def _require_not_blocked(user: User, mahalla_id: int, now) -> None:
    block = active_block(user, mahalla_id, now)
    if block is not None:
        until = timezone.localtime(block.ends_at).strftime("%d.%m.%Y %H:%M")
        raise PermissionDenied(_("You may not post in this mahalla's discussions until "
                                 "%(until)s.") % {"until": until})


def _require_rate(user: User, kind: str, now) -> None:
    limit, window = posting_limit(kind)
    model = Topic if kind == "topic" else Comment
    recent = model.objects.filter(author=user.pk, created_at__gt=now - window).count()
    if recent >= limit:
        raise RateLimited(_("You are posting too often. Wait a little and try again."))


def can_start_topic(user: User, mahalla_id: int) -> bool:
    if perm.is_moderator(user, mahalla_id):
        return True
    return perm.is_home_resident(user, mahalla_id) and perm.may_start_topic_level(user)


def can_comment(user: User, topic: Topic) -> bool:
    if topic.status != Topic.Status.OPEN:
        return False
    if perm.is_moderator(user, topic.mahalla_id):
        return True
    return perm.is_home_resident(user, topic.mahalla_id) and perm.may_comment_level(user)


def start_topic(*, mahalla: Mahalla, title: str, body: str, author: User, now=None) -> Topic:
    """A new topic in `mahalla`: its staff, or its residents whose identity is verified."""
    now = now or timezone.now()
    if not can_start_topic(author, mahalla.pk):
        raise PermissionDenied(_("Topics are started by the mahalla's staff and by its "
                                 "residents whose identity is verified."))
    title = checked_text(title, field="title", minimum=5, maximum=200, multiline=False)
    body = checked_text(body, field="body", minimum=10, maximum=5000)
    _require_not_blocked(author, mahalla.pk, now)
    _require_rate(author, "topic", now)
    with transaction.atomic():
        topic = Topic.objects.create(mahalla=mahalla, title=title, body=body, author=author,
                                     author_role=author.role, created_at=now,
                                     last_activity_at=now)
        record_event(type="community.topic_started", obj=topic, actor=author,
                     payload={"mahalla": mahalla.pk})
    return topic


def require_commenter(*, topic: Topic, author: User) -> None:
    """Refuse a comment on `topic` by `author` (checked before reading the comment)."""
    if topic.status != Topic.Status.OPEN:
        raise Conflict(_("This topic is closed for new comments."))
    if not can_comment(author, topic):
        raise PermissionDenied(_("Residents of this mahalla with a confirmed phone number may "
                                 "comment here."))


def post_comment(*, topic: Topic, body: str, author: User, parent_id=None, now=None) -> Comment:
    """A comment on an open topic, or a reply to one of its comments."""
    now = now or timezone.now()
    require_commenter(topic=topic, author=author)
    body = checked_text(body, field="body", minimum=2, maximum=2000)
    parent = None
    if parent_id not in (None, ""):
        parent_pk = checked_int(parent_id, field="parent", minimum=1, maximum=2**53,
                                message=_("The comment you answer was not found."))
        parent = Comment.objects.filter(pk=parent_pk, topic=topic).first()
        if parent is None:
            raise DomainError(_("The comment you answer was not found."), field="parent")
        if parent.is_hidden:
            raise Conflict(_("A hidden comment cannot be answered."))
    _require_not_blocked(author, topic.mahalla_id, now)
    _require_rate(author, "comment", now)
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.status != Topic.Status.OPEN:
            raise Conflict(_("This topic is closed for new comments."))
        if parent is not None and parent.depth >= MAX_DEPTH:
            # Deeper answers join the deepest level, under the same comment's parent.
            parent = parent.parent
        comment = Comment(topic=locked, parent=parent, author=author, author_role=author.role,
                          body=body, created_at=now,
                          depth=(parent.depth + 1) if parent else 0,
                          root_id=(parent.root_id or parent.pk) if parent else None)
        comment.save()
        if parent is None:
            comment.root_id = comment.pk
            comment.save(update_fields=["root"])
        Topic.objects.filter(pk=locked.pk).update(comments_count=F("comments_count") + 1,
                                                  last_activity_at=now)
        record_event(type="community.comment_posted", obj=comment, actor=author,
                     payload={"topic": locked.pk, "parent": parent.pk if parent else None})
    return comment


def report_comment(*, comment: Comment, reporter: User, reason: str,
                   note: str = "") -> CommentReport:
    """Tell the moderators a comment breaks the rules; once per person and comment."""
    if not getattr(reporter, "is_authenticated", False):
        raise PermissionDenied(_("Log in to do this."))
    if reason not in CommentReport.Reason.values:
        raise DomainError(_("Choose why you report this comment."), field="reason")
    note = checked_text(note, field="note", minimum=0, maximum=500, multiline=False)
    if comment.author_id == reporter.pk:
        raise DomainError(_("You cannot report your own comment."), field="reason")
    if comment.topic.status == Topic.Status.HIDDEN:
        raise NotFound(_("Not found."))
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=reporter,
                                                  reason=reason, note=note)
            Comment.objects.filter(pk=comment.pk).update(reports_count=F("reports_count") + 1)
            record_event(type="community.comment_reported", obj=comment, actor=reporter,
                         payload={"reason": reason, "topic": comment.topic_id})
    except IntegrityError as exc:
        raise Conflict(_("You have already reported this comment.")) from exc
    return report


def _require_moderator(actor: User, mahalla_id: int) -> None:
    if not perm.is_moderator(actor, mahalla_id):
        raise PermissionDenied(_("Only this mahalla's staff moderate its discussions."))


def moderate_comment(*, comment: Comment, actor: User, hide: bool, reason: str,
                     now=None) -> Comment:
    """Hide a comment (or show it again) with a reason; its reports are resolved."""
    now = now or timezone.now()
    _require_moderator(actor, comment.topic.mahalla_id)
    reason = checked_text(reason, field="reason", minimum=3, maximum=500, multiline=False)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.is_hidden == hide:
            raise Conflict(_("The comment is already hidden.") if hide
                           else _("The comment is already shown."))
        comment.is_hidden = hide
        comment.hidden_reason = reason
        comment.hidden_by = actor
        comment.hidden_at = now
        comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
        CommentReport.objects.filter(comment=comment, resolved_at__isnull=True) \
            .update(resolved_at=now)
        record_event(type="community.comment_hidden" if hide else "community.comment_shown",
                     obj=comment, actor=actor,
                     payload={"topic": comment.topic_id, "reason_length": len(reason)})
    return comment


def moderate_topic(*, topic: Topic, actor: User, status: str, reason: str) -> Topic:
    """Close a topic for new comments, hide it, or open it again; the reason is shown."""
    _require_moderator(actor, topic.mahalla_id)
    if status not in Topic.Status.values:
        raise DomainError(_("Choose what to do with the topic."), field="status")
    reason = checked_text(reason, field="reason", minimum=3, maximum=500, multiline=False)
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        if topic.status == status:
            raise Conflict(_("The topic already has this status."))
        previous = topic.status
        topic.status = status
        topic.moderation_reason = reason
        topic.save(update_fields=["status", "moderation_reason", "updated_at"])
        record_event(type="community.topic_moderated", obj=topic, actor=actor,
                     payload={"from": previous, "to": status})
    return topic


def block_user(*, mahalla: Mahalla, user: User, actor: User, days, reason: str,
               now=None) -> DiscussionBlock:
    """Keep a person out of a mahalla's discussions for 1–365 days."""
    now = now or timezone.now()
    _require_moderator(actor, mahalla.pk)
    days = checked_int(days, field="days", minimum=1, maximum=MAX_BLOCK_DAYS,
                       message=_("Choose a period from 1 to 365 days."))
    reason = checked_text(reason, field="reason", minimum=3, maximum=500, multiline=False)
    if user.pk == actor.pk or perm.is_moderator(user, mahalla.pk):
        raise DomainError(_("A moderator cannot be blocked here."), field="user")
    with transaction.atomic():
        block = DiscussionBlock.objects.create(user=user, mahalla=mahalla, reason=reason,
                                               starts_at=now, ends_at=now + timedelta(days=days),
                                               blocked_by=actor)
        record_event(type="community.user_blocked", obj=block, actor=actor,
                     payload={"mahalla": mahalla.pk, "days": days})
    return block


def lift_block(*, block: DiscussionBlock, actor: User, now=None) -> DiscussionBlock:
    now = now or timezone.now()
    _require_moderator(actor, block.mahalla_id)
    with transaction.atomic():
        block = DiscussionBlock.objects.select_for_update().get(pk=block.pk)
        if block.lifted_at is not None or block.ends_at <= now:
            raise Conflict(_("This block is no longer in force."))
        block.lifted_at = now
        block.lifted_by = actor
        block.save(update_fields=["lifted_at", "lifted_by"])
        record_event(type="community.block_lifted", obj=block, actor=actor,
                     payload={"mahalla": block.mahalla_id})
    return block


def author_of_comment(*, comment: Comment, actor: User) -> User:
    """The account behind a comment, for a moderator who blocks it (never shown publicly)."""
    _require_moderator(actor, comment.topic.mahalla_id)
    if comment.author is None:
        raise NotFound(_("The author of this comment no longer has an account."))
    return comment.author

"""Discussions of a mahalla, the virtual reception of officials, and ratings of services.

Invariants live in the database as named constraints, so a racing request or a bad import
cannot store what the services refuse: one active booking per slot, one rating per
interaction, one report per person and comment, a hidden comment always has its reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalla.core.models import District, Mahalla, Organization

MAX_DEPTH = 3  # a reply to a reply to a reply; deeper answers join the deepest thread level


# Discussions ------------------------------------------------------------------------------


class TopicQuerySet(models.QuerySet):
    def public(self) -> "TopicQuerySet":
        return self.exclude(status=Topic.Status.HIDDEN)


class Topic(models.Model):
    """A discussion started in one mahalla, by its staff or a resident verified in person."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed for new comments")
        HIDDEN = "hidden", _("Hidden by a moderator")

    mahalla = models.ForeignKey(Mahalla, on_delete=models.PROTECT, related_name="topics",
                                verbose_name=_("mahalla"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("author"))
    # Kept at posting time: the label shown stays what it was if the author's role changes.
    author_role = models.CharField(max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.OPEN)
    moderation_reason = models.CharField(_("reason"), max_length=500, blank=True)
    comments_count = models.PositiveIntegerField(_("comments"), default=0)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        verbose_name = _("discussion topic")
        verbose_name_plural = _("discussion topics")
        constraints = [
            models.CheckConstraint(condition=~Q(status="hidden") | ~Q(moderation_reason=""),
                                   name="topic_hidden_has_reason"),
        ]
        indexes = [
            # The topic list of a mahalla, most recently active first.
            models.Index(fields=["mahalla", "status", "-last_activity_at"],
                         name="topic_mahalla_list_idx"),
            # Posting rate: a person's topics of the last day.
            models.Index(fields=["author", "created_at"], name="topic_author_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    """A comment on a topic, or a reply (threaded up to MAX_DEPTH levels)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="comments",
                              verbose_name=_("topic"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="replies", verbose_name=_("reply to"))
    # The top-level comment of the thread (itself for top-level ones): a page of threads is
    # fetched with one query over `root`.
    root = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("author"))
    author_role = models.CharField(max_length=32, blank=True)
    body = models.TextField(_("text"))
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    hidden_at = models.DateTimeField(null=True, blank=True)
    reports_count = models.PositiveIntegerField(_("reports"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(condition=Q(depth__lte=MAX_DEPTH),
                                   name="comment_depth_limited"),
            models.CheckConstraint(condition=Q(is_hidden=False) | ~Q(hidden_reason=""),
                                   name="comment_hidden_has_reason"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="comment_not_own_parent"),
        ]
        indexes = [
            # Threads of a page: comments of the given roots, in order.
            models.Index(fields=["topic", "root", "created_at"], name="comment_thread_idx"),
            # Posting rate: a person's comments of the last minutes.
            models.Index(fields=["author", "created_at"], name="comment_author_recent_idx"),
            # Moderation queue: reported comments.
            models.Index(fields=["reports_count"], name="comment_reported_idx",
                         condition=Q(reports_count__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id}#{self.pk}"


class CommentReport(models.Model):
    """A person's report that a comment breaks the rules; one per person and comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Insults or threats")
        PERSONAL_DATA = "personal_data", _("Someone's personal data")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"],
                                    name="comment_report_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}:{self.reason}"


class DiscussionBlockQuerySet(models.QuerySet):
    def active(self, now=None) -> "DiscussionBlockQuerySet":
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True, starts_at__lte=now, ends_at__gt=now)


class DiscussionBlock(models.Model):
    """A person may not post in a mahalla's discussions until `ends_at` (or until lifted)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    mahalla = models.ForeignKey(Mahalla, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(_("until"))
    blocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")

    objects = DiscussionBlockQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("block from discussions")
        verbose_name_plural = _("blocks from discussions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="discussion_block_ends_after_start"),
            models.CheckConstraint(condition=~Q(reason=""), name="discussion_block_has_reason"),
        ]
        indexes = [
            # Posting check: is this person blocked in this mahalla now?
            models.Index(fields=["user", "mahalla", "ends_at"], name="discussion_block_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.mahalla_id}"


# Virtual reception -------------------------------------------------------------------------


class ReceptionSlot(models.Model):
    """A time an official receives residents: in person at a place, or by a video link.

    The body received for is copied from the official when the slot is published: their
    mahalla, district or organization (exactly one), which decides who may book and what a
    rating of the reception rates.
    """

    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("By video link")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    host = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="reception_slots", verbose_name=_("official"))
    host_role = models.CharField(max_length=32)
    mahalla = models.ForeignKey(Mahalla, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("mahalla"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("district"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("organization"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("reception slot")
        verbose_name_plural = _("reception slots")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="reception_slot_ends_after_start"),
            models.CheckConstraint(
                condition=(Q(kind="in_person") & ~Q(place=""))
                | (Q(kind="video") & ~Q(video_url="")),
                name="reception_slot_has_place_or_link"),
            models.CheckConstraint(
                condition=(Q(mahalla__isnull=False, district__isnull=True,
                             organization__isnull=True)
                           | Q(mahalla__isnull=True, district__isnull=False,
                               organization__isnull=True)
                           | Q(mahalla__isnull=True, district__isnull=True,
                               organization__isnull=False)),
                name="reception_slot_one_body"),
        ]
        indexes = [
            # Upcoming published slots of a body.
            models.Index(fields=["status", "starts_at"], name="reception_slot_upcoming_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def body(self):
        return self.mahalla or self.district or self.organization

    @property
    def host_role_label(self) -> str:
        from mahalla.core.models import Role

        return str(Role(self.host_role).label) if self.host_role in Role.values else ""


class Booking(models.Model):
    """A resident's booking of one slot. At most one active booking per slot (constraint)."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("The resident did not come")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Resolved at the reception")
        EXPLAINED = "explained", _("Explained, nothing more to do")
        NEEDS_ACTION = "needs_action", _("Needs action: becomes an appeal")

    ACTIVE_STATUSES = (Status.BOOKED, Status.HELD, Status.NO_SHOW)

    slot = models.ForeignKey(ReceptionSlot, on_delete=models.PROTECT, related_name="bookings",
                             verbose_name=_("slot"))
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="reception_bookings", verbose_name=_("resident"))
    matter = models.TextField(_("what you want to discuss"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.BOOKED)
    # The resident agreed that an outcome needing action is filed as their appeal.
    consent_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices,
                               blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    appeal = models.OneToOneField("appeals.Appeal", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="reception_booking",
                                  verbose_name=_("appeal"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reception booking")
        verbose_name_plural = _("reception bookings")
        constraints = [
            # No double booking, whatever the timing of two requests: a cancelled booking
            # frees the slot, any other one holds it.
            models.UniqueConstraint(fields=["slot"], condition=~Q(status="cancelled"),
                                    name="booking_one_active_per_slot"),
            models.CheckConstraint(condition=~Q(outcome="needs_action") | Q(status="held"),
                                   name="booking_action_only_when_held"),
        ]
        indexes = [
            # remind_receptions: booked slots whose reminder is not sent yet.
            models.Index(fields=["status", "reminded_at"], name="booking_remind_idx",
                         condition=Q(status="booked", reminded_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.slot_id}:{self.pk}"


# Ratings of services -----------------------------------------------------------------------


class ServiceRating(models.Model):
    """A resident's 1–5 rating of an e-service (after an application was decided) or of the
    body that received them (after a reception was held). Answered appeals are rated on the
    appeal itself (`Appeal.rating`); the public page reads those too."""

    class Interaction(models.TextChoices):
        APPLICATION = "application", _("E-service application")
        RECEPTION = "reception", _("Reception")

    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, related_name="+")
    interaction = models.CharField(_("interaction"), max_length=12,
                                   choices=Interaction.choices)
    application = models.ForeignKey("documents.Application", on_delete=models.CASCADE,
                                    null=True, blank=True, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+")
    # What is rated: exactly one of these.
    eservice = models.ForeignKey("documents.EService", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("e-service"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("organization"))
    mahalla = models.ForeignKey(Mahalla, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("mahalla"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("district"))
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rating of a service")
        verbose_name_plural = _("ratings of services")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5),
                                   name="service_rating_1_to_5"),
            models.CheckConstraint(
                condition=(Q(interaction="application", application__isnull=False,
                             booking__isnull=True)
                           | Q(interaction="reception", booking__isnull=False,
                               application__isnull=True)),
                name="service_rating_one_interaction"),
            models.CheckConstraint(
                condition=(Q(eservice__isnull=False, organization__isnull=True,
                             mahalla__isnull=True, district__isnull=True)
                           | Q(eservice__isnull=True, organization__isnull=False,
                               mahalla__isnull=True, district__isnull=True)
                           | Q(eservice__isnull=True, organization__isnull=True,
                               mahalla__isnull=False, district__isnull=True)
                           | Q(eservice__isnull=True, organization__isnull=True,
                               mahalla__isnull=True, district__isnull=False)),
                name="service_rating_one_subject"),
            # Once per interaction.
            models.UniqueConstraint(fields=["application"],
                                    condition=Q(application__isnull=False),
                                    name="service_rating_once_per_application"),
            models.UniqueConstraint(fields=["booking"], condition=Q(booking__isnull=False),
                                    name="service_rating_once_per_booking"),
        ]

    def __str__(self) -> str:
        return f"{self.interaction}:{self.score}"

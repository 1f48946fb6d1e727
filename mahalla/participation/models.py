"""Petitions, questionnaires (polls and surveys) and e-voting on mahalla decisions.

A petition or questionnaire is addressed to one territory: a mahalla, a district or a region.
Its `region` is always set, `district` for a district or mahalla, `mahalla` for a mahalla, so
`core.scope` finds it with plain paths (mahalla staff → their mahalla's; district officials →
everything in their district; region officials → their region's).

E-voting keeps two records that must never be joined: `VoteCast` (who voted) and `Ballot`
(what was chosen). They share only the election; see docs/EVOTING.md.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalla.core.models import District, Mahalla, Region
from mahalla.core.scope import ScopePaths

ADDRESSED_PATHS = ScopePaths(mahalla="mahalla", district="district", region="region")
ELECTION_PATHS = ScopePaths(mahalla="mahalla", district="mahalla__district",
                            region="mahalla__district__region")


class Level(models.TextChoices):
    MAHALLA = "mahalla", _("Mahalla")
    DISTRICT = "district", _("District")
    REGION = "region", _("Region")


def _level_constraint(prefix: str) -> models.CheckConstraint:
    """The territory columns agree with the level (a mahalla's row carries all three)."""
    return models.CheckConstraint(
        condition=(
            Q(level=Level.MAHALLA, mahalla__isnull=False, district__isnull=False)
            | Q(level=Level.DISTRICT, mahalla__isnull=True, district__isnull=False)
            | Q(level=Level.REGION, mahalla__isnull=True, district__isnull=True)
        ),
        name=f"{prefix}_territory_matches_level",
    )


class Addressed(models.Model):
    """Addressed to one territory; the body of that territory answers or runs it."""

    level = models.CharField(_("addressed to"), max_length=10, choices=Level.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("district"))
    mahalla = models.ForeignKey(Mahalla, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("mahalla"))

    class Meta:
        abstract = True

    @property
    def territory(self):
        return self.mahalla or self.district or self.region

    def covers_mahalla(self, mahalla: Mahalla | None) -> bool:
        """Whether a resident of `mahalla` belongs to the addressed territory."""
        if mahalla is None:
            return False
        if self.level == Level.MAHALLA:
            return mahalla.pk == self.mahalla_id
        if self.level == Level.DISTRICT:
            return mahalla.district_id == self.district_id
        return mahalla.district.region_id == self.region_id


# --- petitions ------------------------------------------------------------------------------


class PetitionQuerySet(models.QuerySet):
    def public(self) -> "PetitionQuerySet":
        return self.filter(status__in=Petition.PUBLIC_STATUSES)

    def answer_overdue(self, now) -> "PetitionQuerySet":
        return self.filter(status=Petition.Status.ANSWER_DUE, answer_due_at__lt=now,
                           escalated_at__isnull=True)

    def signing_expired(self, now) -> "PetitionQuerySet":
        return self.filter(status=Petition.Status.OPEN, sign_until__lt=now)


class Petition(Addressed):
    """A resident's petition: moderated, signed, and once past its threshold, answered."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        REJECTED = "rejected", _("Not published")
        OPEN = "open", _("Collecting signatures")
        ANSWER_DUE = "answer_due", _("Threshold reached: awaiting the answer")
        ANSWERED = "answered", _("Answered")
        EXPIRED = "expired", _("Closed without enough signatures")

    PUBLIC_STATUSES = (Status.OPEN, Status.ANSWER_DUE, Status.ANSWERED, Status.EXPIRED)
    SIGNABLE_STATUSES = (Status.OPEN, Status.ANSWER_DUE)

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="petitions", verbose_name=_("author"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PENDING)
    threshold = models.PositiveIntegerField(_("signatures needed"))
    signature_count = models.PositiveIntegerField(_("signatures"), default=0)
    sign_until = models.DateTimeField(_("signatures accepted until"))
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason"), blank=True)
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        constraints = [
            _level_constraint("petition"),
            models.CheckConstraint(condition=Q(threshold__gte=1),
                                   name="petition_threshold_positive"),
            models.CheckConstraint(
                condition=~Q(status="answer_due") | Q(answer_due_at__isnull=False),
                name="petition_answer_due_has_deadline"),
        ]
        indexes = [
            # Petition.objects.answer_overdue(): the escalation task's scan.
            models.Index(fields=["answer_due_at"], name="petition_answer_due_idx",
                         condition=Q(status="answer_due", escalated_at__isnull=True)),
            # Public list: newest first within the public statuses.
            models.Index(fields=["status", "-created_at"], name="petition_public_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def progress_percent(self) -> int:
        return min(100, self.signature_count * 100 // max(self.threshold, 1))


class PetitionSignature(models.Model):
    """One verified resident's signature; the unique constraint is the one-per-person rule."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="petition_signatures")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "signer"],
                                    name="petition_one_signature_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.signer_id}"


# --- questionnaires -------------------------------------------------------------------------


class SurveyQuerySet(models.QuerySet):
    def public(self) -> "SurveyQuerySet":
        return self.filter(status__in=[Survey.Status.OPEN, Survey.Status.CLOSED])

    def due_to_close(self, now) -> "SurveyQuerySet":
        return self.filter(status=Survey.Status.OPEN, closes_at__lt=now)


class Survey(Addressed):
    """A poll or survey: questions defined as data (`questions.py` validates them)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=3000)
    questions = models.JSONField(_("questions"), default=list)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.DRAFT)
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    response_count = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [_level_constraint("survey")]

    def __str__(self) -> str:
        return self.title


class SurveyResponse(models.Model):
    """One resident's answers; results and exports never show who answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"],
                                    name="survey_one_response_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


# --- e-voting -------------------------------------------------------------------------------


class ElectionQuerySet(models.QuerySet):
    def public(self) -> "ElectionQuerySet":
        return self.filter(status__in=[Election.Status.OPEN, Election.Status.CLOSED])

    def due_to_close(self, now) -> "ElectionQuerySet":
        return self.filter(status=Election.Status.OPEN, closes_at__lte=now)


class Election(models.Model):
    """A vote of a mahalla's residents on one question with a few options."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Voting")
        CLOSED = "closed", _("Closed: ballots published")

    mahalla = models.ForeignKey(Mahalla, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("mahalla"))
    title = models.CharField(_("question"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=3000)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.DRAFT)
    roll_date = models.DateField(_("voter roll date"))
    opens_at = models.DateTimeField(_("voting opens"))
    closes_at = models.DateTimeField(_("voting closes"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    roll_size = models.PositiveIntegerField(_("voters on the roll"), default=0)
    # Filled at close: {option_id: count} and the SHA-256 of the published ballot list.
    tally = models.JSONField(default=dict, blank=True)
    ballots_sha256 = models.CharField(max_length=64, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")),
                                   name="election_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return self.title


class ElectionOption(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(_("option"), max_length=200)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["election", "position"],
                                    name="election_option_unique_position"),
        ]

    def __str__(self) -> str:
        return self.label


class VoterRollEntry(models.Model):
    """A voter on the roll frozen when the vote opened (verified, 18+ at the roll date)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="roll")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "voter"], name="voter_roll_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}:{self.voter_id}"


class VoteCast(models.Model):
    """Who voted: the database refuses a second row for the same voter and election.

    A random primary key and no time: nothing here orders or dates the vote.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="casts")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "voter"], name="vote_one_per_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}:{self.voter_id}"


class Ballot(models.Model):
    """What was chosen: a random id, the option and the hash of the voter's receipt code.

    No voter, no time, no sequence: the rows are rewritten in random order with new random
    ids by `voting.shuffle_ballots` (periodically and at close), so neither ids nor the
    physical row order follow the order of voting.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    option = models.ForeignKey(ElectionOption, on_delete=models.PROTECT, related_name="+")
    # The published list is sorted by this hash, never by id.
    receipt_sha256 = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return str(self.id)

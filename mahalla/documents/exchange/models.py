"""Letters between bodies: outgoing and incoming registration, receipts, threads, attachments.

A letter is registered in its sender's outgoing journal ("{body}-CH-YYYY-NNNN", chiquvchi) and,
when delivered, in each recipient's incoming journal ("{body}-KR-YYYY-NNNN", kiruvchi). Numbers
are dense per body, journal and year: `ExchangeCounter` rows are locked while a number is taken.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalla.core.models import Organization


class ExchangeCounter(models.Model):
    """The last number a body gave in one journal in one year."""

    class Journal(models.TextChoices):
        OUTGOING = "CH", _("Outgoing")
        INCOMING = "KR", _("Incoming")

    body = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    journal = models.CharField(max_length=2, choices=Journal.choices)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "journal", "year"],
                                    name="exchange_counter_one_per_body_journal_year"),
        ]

    def __str__(self) -> str:
        return f"{self.body_id}-{self.journal}-{self.year}: {self.last}"


class LetterQuerySet(models.QuerySet):
    def sent(self) -> "LetterQuerySet":
        return self.filter(status=Letter.Status.SENT)

    def search(self, query: str) -> "LetterQuerySet":
        return self.filter(search_filter(query, "search_key", ("number",)))

    def with_recipient_state(self, rows) -> "LetterQuerySet":
        """Letters with at least one recipient row among `rows` (a LetterRecipient queryset)."""
        return self.filter(Exists(rows.filter(letter=OuterRef("pk"))))


class Letter(models.Model):
    """One letter from a body to one or more bodies; a reply names the letter it answers."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    number = models.CharField(_("outgoing number"), max_length=40, blank=True)
    sender = models.ForeignKey(Organization, on_delete=models.PROTECT,
                               related_name="exchange_letters_sent", verbose_name=_("sender"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("author"))
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    # Folded number, subject and text, so Latin and Cyrillic queries find the same letters.
    search_key = models.TextField(blank=True, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.DRAFT)
    in_reply_to = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replies", verbose_name=_("in reply to"))
    # The first letter of the thread (empty on that letter itself): one query reads a thread.
    thread_root = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("thread"))
    reply_due = models.DateField(_("reply requested by"), null=True, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""),
                                    name="exchange_letter_number_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(sent_at__isnull=False)),
                name="exchange_letter_sent_has_number_and_time"),
        ]
        indexes = [
            # selectors.outgoing_journal: a body's sent letters, newest first.
            models.Index(fields=["sender", "status", "-sent_at"], name="exchange_outgoing_idx"),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def root_id(self) -> int:
        return self.thread_root_id or self.pk


class LetterRecipientQuerySet(models.QuerySet):
    def delivered(self) -> "LetterRecipientQuerySet":
        return self.filter(delivered_at__isnull=False, letter__status=Letter.Status.SENT)

    def unacknowledged(self) -> "LetterRecipientQuerySet":
        return self.filter(acknowledged_at__isnull=True)

    def awaiting_reply(self) -> "LetterRecipientQuerySet":
        return self.filter(letter__reply_due__isnull=False, replied_at__isnull=True)

    def overdue(self, today) -> "LetterRecipientQuerySet":
        """Awaiting a reply after the requested day has ended."""
        return self.awaiting_reply().filter(letter__reply_due__lt=today)

    def search(self, query: str) -> "LetterRecipientQuerySet":
        return self.filter(search_filter(query, "letter__search_key", ("number",
                                                                       "letter__number")))


class LetterRecipient(models.Model):
    """A letter delivered to one body: its incoming number there, receipt and reply."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="recipients",
                               verbose_name=_("letter"))
    body = models.ForeignKey(Organization, on_delete=models.PROTECT,
                             related_name="exchange_letters_received",
                             verbose_name=_("recipient"))
    number = models.CharField(_("incoming number"), max_length=40, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("receipt acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="+",
                                        verbose_name=_("receipt acknowledged by"))
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    reply = models.ForeignKey(Letter, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("reply"))

    objects = LetterRecipientQuerySet.as_manager()

    class Meta:
        ordering = ["-delivered_at", "-id"]
        verbose_name = _("delivered letter")
        verbose_name_plural = _("delivered letters")
        constraints = [
            models.UniqueConstraint(fields=["letter", "body"],
                                    name="exchange_recipient_once_per_letter"),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""),
                                    name="exchange_recipient_number_unique"),
            models.CheckConstraint(
                condition=Q(delivered_at__isnull=True) | ~Q(number=""),
                name="exchange_recipient_delivered_has_number"),
            models.CheckConstraint(
                condition=Q(acknowledged_by__isnull=True) | Q(acknowledged_at__isnull=False),
                name="exchange_recipient_acknowledger_has_time"),
            models.CheckConstraint(
                condition=Q(reply__isnull=True) | Q(replied_at__isnull=False),
                name="exchange_recipient_reply_has_time"),
        ]
        indexes = [
            # selectors.incoming_journal: a body's incoming letters, newest first.
            models.Index(fields=["body", "-delivered_at"], name="exchange_incoming_idx"),
            # The "awaiting reply" and "overdue" filters of the incoming journal.
            models.Index(fields=["body", "replied_at"], condition=Q(replied_at__isnull=True),
                         name="exchange_awaiting_reply_idx"),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.letter} → {self.body_id}"

    def reply_overdue(self, today) -> bool:
        due = self.letter.reply_due
        return due is not None and self.replied_at is None and due < today


class LetterAttachment(models.Model):
    """A checked file of a letter: a PDF (by its content) or an image re-encoded clean."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments",
                               verbose_name=_("letter"))
    file = models.FileField(_("file"), upload_to="exchange/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


def search_filter(query: str, key_field: str, number_fields: tuple[str, ...]) -> Q:
    """Every word of `query` in the folded text, or the query (as typed) in a number."""
    from mahalla.core.text import search_terms

    terms = search_terms(query)
    if not terms:
        return Q()
    condition = Q(**{f"{key_field}__contains": terms[0]})
    for term in terms[1:]:
        condition &= Q(**{f"{key_field}__contains": term})
    typed = (query or "").strip()[:60]
    for field in number_fields:
        condition |= Q(**{f"{field}__icontains": typed})
    return condition

"""The transparency log in the database: its head, complete-subtree hashes, entries, checkpoints.

Rows here are written once and never updated, except the single ``LogHead`` row, which every
append locks (``SELECT ... FOR UPDATE``) so that concurrent transactions get dense, unique
indexes, and a rolled-back transaction leaves nothing behind.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalla.core.models import DomainEvent
from mahalla.ledger.merkle import EMPTY_ROOT, HASH_SIZE

HEAD_ID = 1


class LogHead(models.Model):
    """The log's size and root hash: one row, locked by every append and every checkpoint."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID, editable=False)
    size = models.BigIntegerField(_("tree size"), default=0)
    root = models.BinaryField(_("root hash"), max_length=HASH_SIZE, default=EMPTY_ROOT)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("log head")
        verbose_name_plural = _("log head")
        constraints = [
            models.CheckConstraint(condition=Q(id=HEAD_ID), name="ledger_head_single_row"),
            models.CheckConstraint(condition=Q(size__gte=0), name="ledger_head_size_not_negative"),
            models.CheckConstraint(condition=Exact(Length("root"), HASH_SIZE),
                                   name="ledger_head_root_32_bytes"),
        ]

    def __str__(self) -> str:
        return f"size {self.size}"


class LedgerNode(models.Model):
    """The hash of the complete subtree covering leaves [index·2^level, (index+1)·2^level).

    Level 0 holds the leaf hashes. A node is written once, when its subtree completes.
    """

    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField(max_length=HASH_SIZE)

    class Meta:
        constraints = [
            # DbNodeStore.get_many: the O(log n) nodes of a frontier, root or proof, by position.
            models.UniqueConstraint(fields=["level", "index"], name="ledger_node_level_index_uniq"),
            models.CheckConstraint(condition=Q(level__lte=63, index__gte=0),
                                   name="ledger_node_position_valid"),
            models.CheckConstraint(condition=Exact(Length("hash"), HASH_SIZE),
                                   name="ledger_node_hash_32_bytes"),
        ]

    def __str__(self) -> str:
        return f"({self.level}, {self.index})"


class LedgerEntryQuerySet(models.QuerySet):
    def of_object(self, object_type: str, object_id: str) -> "LedgerEntryQuerySet":
        return self.filter(event__object_type=object_type,
                           event__object_id=object_id).order_by("index")


class LedgerEntry(models.Model):
    """Leaf ``index``: the canonical bytes of one DomainEvent (ids and hashes, no personal data)."""

    index = models.BigIntegerField(_("index"))
    event = models.OneToOneField(DomainEvent, on_delete=models.PROTECT, related_name="ledger_entry",
                                 verbose_name=_("event"))
    leaf_data = models.BinaryField(_("leaf data"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["index"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            # GET /api/v1/ledger/entries/{index}; also refuses a reused index.
            models.UniqueConstraint(fields=["index"], name="ledger_entry_index_uniq"),
            models.CheckConstraint(condition=Q(index__gte=0),
                                   name="ledger_entry_index_not_negative"),
        ]

    def __str__(self) -> str:
        return f"#{self.index}"


class Checkpoint(models.Model):
    """A signed tree head (C2SP tlog-checkpoint note); every one is kept."""

    size = models.BigIntegerField(_("tree size"))
    root = models.BinaryField(_("root hash"), max_length=HASH_SIZE)
    note_text = models.TextField(_("signed checkpoint"))
    created_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        ordering = ["-size"]
        get_latest_by = "size"
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        constraints = [
            # latest_checkpoint(): ORDER BY size DESC LIMIT 1; one signed root per size, no forks.
            models.UniqueConstraint(fields=["size"], name="ledger_checkpoint_size_uniq"),
            models.CheckConstraint(condition=Q(size__gte=0),
                                   name="ledger_checkpoint_size_not_negative"),
            models.CheckConstraint(condition=Exact(Length("root"), HASH_SIZE),
                                   name="ledger_checkpoint_root_32_bytes"),
        ]

    def __str__(self) -> str:
        return f"size {self.size}"

"""The transparency log in the database: its head, complete-subtree hashes, entries, checkpoints.

Rows here are written once and never updated, except the single ``LogHead`` row, which every
append locks (``SELECT ... FOR UPDATE``) so that concurrent transactions get dense, unique
indexes, and a rolled-back transaction leaves nothing behind.
"""

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalla.core.models import DomainEvent
from mahalla.ledger.merkle import EMPTY_ROOT, HASH_SIZE

HEAD_ID = 1


class LogHead(models.Model):
    """The log's size, root hash and frontier: one row, locked by every append and checkpoint.

    ``frontier`` is the right edge of the tree (``merkle.CompactRange.hashes`` joined): the
    hashes of the complete subtrees ``merkle.frontier_ids(size)``, also stored as nodes. An
    append reads it with the lock, so it reads nothing else.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID, editable=False)
    size = models.BigIntegerField(_("tree size"), default=0)
    root = models.BinaryField(_("root hash"), max_length=HASH_SIZE, default=EMPTY_ROOT)
    frontier = models.BinaryField(_("frontier hashes"), default=b"")
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("log head")
        verbose_name_plural = _("log head")
        constraints = [
            models.CheckConstraint(condition=Q(id=HEAD_ID), name="ledger_head_single_row"),
            models.CheckConstraint(condition=Q(size__gte=0), name="ledger_head_size_not_negative"),
            models.CheckConstraint(condition=Exact(Length("root"), HASH_SIZE),
                                   name="ledger_head_root_32_bytes"),
            models.CheckConstraint(condition=Exact(Length("frontier") % HASH_SIZE, 0),
                                   name="ledger_head_frontier_whole_hashes"),
        ]

    def __str__(self) -> str:
        return f"size {self.size}"


class RowKeyField(models.BigIntegerField):
    """A BIGINT primary key that on SQLite is declared INTEGER, making it the table's rowid:
    one B-tree per table instead of a table and a separate key index for every append."""

    def db_type(self, connection) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


def node_position(level: int, index: int) -> int:
    """The in-order position of complete subtree ``(level, index)``: leaf ``i`` is ``2i``, and a
    subtree sits between its halves. Proofs read their nodes by this one key."""
    return (index << (level + 1)) | ((1 << level) - 1)


class LedgerNode(models.Model):
    """The hash of the complete subtree covering leaves [index·2^level, (index+1)·2^level).

    Level 0 holds the leaf hashes. A node is written once, when its subtree completes.
    """

    # DbNodeStore.get_many: the O(log n) nodes of a frontier, root or proof, in one IN/ANY
    # lookup by primary key.
    position = RowKeyField(primary_key=True)
    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField(max_length=HASH_SIZE)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(level__lte=63, index__gte=0),
                                   name="ledger_node_position_valid"),
            # position is node_position(level, index), so (level, index) is unique too.
            models.CheckConstraint(
                condition=Q(position=F("index").bitleftshift(F("level") + 1).bitor(
                    Cast(Value(1), models.BigIntegerField()).bitleftshift(F("level")) - 1)),
                name="ledger_node_position_in_order"),
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

    # GET /api/v1/ledger/entries/{index}; the key also refuses a reused index.
    index = RowKeyField(_("index"), primary_key=True)
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

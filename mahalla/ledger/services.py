"""The transparency log: append events as leaves, publish signed checkpoints, serve proofs.

Every ``DomainEvent`` becomes one leaf (``append_event`` is the event sink), in the transaction
that records the event. An append locks the single ``LogHead`` row, which holds the frontier,
and inserts the leaf and the subtrees it completes: O(log n) work in a fixed number of
statements, dense indexes under concurrency, and nothing left behind by a rollback
(``mahalla.ledger.store``). Proofs read O(log n) nodes in one query. Hashing and proofs are
``mahalla.ledger.merkle`` (RFC 9162), checkpoints ``mahalla.ledger.note`` (C2SP signed notes).
"""

import datetime as dt
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass

import rfc8785
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.core.exceptions import DomainError, NotFound
from mahalla.core.models import DomainEvent
from mahalla.ledger import keys, merkle
from mahalla.ledger.models import HEAD_ID, Checkpoint, LedgerEntry, LogHead
from mahalla.ledger.note import Checkpoint as SignedHead
from mahalla.ledger.note import NoteError, open_checkpoint, parse_vkey, sign_checkpoint
from mahalla.ledger.store import Appended, DbNodeStore, append_leaf

store = DbNodeStore()

APPEAL_OBJECT_TYPE = "appeals.appeal"
APPEAL_NUMBER = re.compile(r"MAH-\d{4}-\d{6}", re.IGNORECASE)
MAX_RECORD_ENTRIES = 200


class LedgerIntegrityError(RuntimeError):
    """The stored nodes disagree with the log head: refuse to sign or serve."""


# --- writes -------------------------------------------------------------------------------


def leaf_data(event: DomainEvent) -> bytes:
    """The leaf bytes of an event: RFC 8785 canonical JSON of ids and hashes, no personal data."""
    time = event.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return canonical_json({
        "event_id": event.pk,
        "type": event.type,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "time": time.replace("+00:00", "Z"),
        "actor_role": event.actor_role,
        "payload_sha256": event.payload_hash,
    })


def canonical_json(fields: dict[str, str | int]) -> bytes:
    """RFC 8785 bytes of a flat object of ASCII keys, strings and safe integers.

    For that shape the standard library's compact, key-sorted, non-ASCII-keeping output is
    RFC 8785 byte for byte (the same escapes, keys in code-unit order, integers as digits;
    tests/ledger/test_ledger_django_append.py checks it against the ``rfc8785`` package), at a
    third of the cost on the append path. Anything else goes to ``rfc8785``.
    """
    if all(key.isascii() for key in fields) and all(
            type(value) is str or (type(value) is int and abs(value) < 2**53)
            for value in fields.values()):
        try:
            return json.dumps(fields, sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False).encode()
        except UnicodeEncodeError:
            pass  # a lone surrogate: rfc8785 says what it makes of it
    return rfc8785.dumps(fields)


def append_event(event: DomainEvent) -> Appended:
    """Append ``event`` as the next leaf, in the caller's transaction (the event sink)."""
    data = leaf_data(event)
    return append_leaf(event_id=event.pk, leaf_data=data, leaf_hash=merkle.leaf_hash(data),
                       created_at=timezone.now())


def publish_checkpoint() -> Checkpoint:
    """Sign the current head as a C2SP checkpoint, unless the latest checkpoint has its size.

    Idempotent: two publishers at once produce one checkpoint (the head row is locked).
    Raise ``LedgerIntegrityError`` rather than sign a root the stored nodes do not give, or
    when the head's frontier (what the next append builds on) differs from the stored one.
    """
    signer = keys.signer()
    with transaction.atomic():
        head = _locked_head()
        latest = Checkpoint.objects.order_by("-size").first()
        if latest is not None and latest.size >= head.size:
            if latest.size > head.size:
                raise LedgerIntegrityError(
                    f"checkpoint size {latest.size} is beyond the log size {head.size}")
            return latest
        stored = merkle.CompactRange.from_store(store, head.size)
        root = stored.root()
        if root != bytes(head.root):
            raise LedgerIntegrityError(
                f"stored nodes give root {root.hex()} at size {head.size}, "
                f"the head says {bytes(head.root).hex()}")
        if b"".join(stored.hashes) != bytes(head.frontier):
            raise LedgerIntegrityError(
                f"the head's frontier differs from the stored nodes at size {head.size}")
        note = sign_checkpoint(SignedHead(signer.name, head.size, root), signer)
        return Checkpoint.objects.create(size=head.size, root=root, note_text=note.decode())


def _locked_head() -> LogHead:
    """The head row, locked until the transaction ends: appends and checkpoints queue here."""
    try:
        return LogHead.objects.select_for_update().get(pk=HEAD_ID)
    except LogHead.DoesNotExist:
        pass
    # The migration creates the row; a flushed test database has none.
    try:
        with transaction.atomic():
            LogHead.objects.create(pk=HEAD_ID)
    except IntegrityError:
        pass  # a concurrent transaction created it
    return LogHead.objects.select_for_update().get(pk=HEAD_ID)


# --- reads --------------------------------------------------------------------------------


def log_size() -> int:
    """The number of committed leaves."""
    return LogHead.objects.filter(pk=HEAD_ID).values_list("size", flat=True).first() or 0


def latest_checkpoint(*, publish_if_missing: bool = True) -> Checkpoint | None:
    """The newest checkpoint; with none yet, publish one (for an empty log too)."""
    checkpoint = Checkpoint.objects.order_by("-size").first()
    if checkpoint is None and publish_if_missing:
        checkpoint = publish_checkpoint()
    return checkpoint


@dataclass(frozen=True)
class Entry:
    index: int
    leaf_data: bytes
    leaf_hash: bytes


def get_entry(*, index: int) -> Entry:
    """Leaf ``index`` with its data and its stored leaf hash; ``NotFound`` beyond the log."""
    data = LedgerEntry.objects.filter(index=index).values_list("leaf_data", flat=True).first()
    if data is None:
        raise NotFound(_("There is no entry %(index)s in the log.") % {"index": index},
                       field="index")
    try:
        leaf_hash = store.get(0, index)
    except KeyError:
        raise LedgerIntegrityError(f"entry {index} has no leaf hash") from None
    return Entry(index, bytes(data), leaf_hash)


def inclusion_proof(*, index: int, tree_size: int) -> list[bytes]:
    """The RFC 9162 inclusion proof of leaf ``index`` in the tree of ``tree_size`` leaves."""
    if not 0 <= index < tree_size:
        raise DomainError(_("The index must be below the tree size."), field="index")
    with _within_log(tree_size, "tree_size") as nodes:
        return merkle.inclusion_proof(nodes, index, tree_size)


def consistency_proof(*, first: int, second: int) -> list[bytes]:
    """The RFC 9162 consistency proof from tree size ``first`` to ``second``."""
    if not 0 < first <= second:
        raise DomainError(_("A consistency proof needs 0 < first ≤ second."), field="first")
    with _within_log(second, "second") as nodes:
        return merkle.consistency_proof(nodes, first, second)


class _BeyondLog(Exception):
    pass


class _WithinLog:
    """The node store, also reading leaf ``tree_size - 1`` in each query: if that leaf is
    stored, so is every node of the tree of ``tree_size`` (they commit with it or before)."""

    def __init__(self, tree_size: int) -> None:
        self.last_leaf = (0, tree_size - 1)

    def get(self, level: int, index: int) -> bytes:
        return self.get_many([(level, index)])[(level, index)]

    def get_many(self, keys) -> dict[merkle.NodeId, bytes]:
        found = store.get_many([*keys, self.last_leaf])
        if self.last_leaf not in found:
            raise _BeyondLog
        return found


@contextmanager
def _within_log(tree_size: int, field: str):
    """Proofs in one query, with a 404 for a tree larger than the log."""
    try:
        yield _WithinLog(tree_size)
    except _BeyondLog:
        raise NotFound(_("The log has only %(size)s entries.") % {"size": log_size()},
                       field=field) from None


# --- the "verify a record" page --------------------------------------------------------------


@dataclass(frozen=True)
class LeafCheck:
    """One leaf of a record and what the server-side check of its inclusion found."""

    entry: LedgerEntry
    leaf_hash: bytes
    status: str  # "included", "pending" (newer than the checkpoint) or "failed"

    @property
    def leaf_hash_hex(self) -> str:
        return self.leaf_hash.hex()


@dataclass(frozen=True)
class Record:
    """What a query on the page found: an appeal's leaves, or one leaf by its index."""

    kind: str  # "appeal" or "entry"
    label: str
    entries: list[LedgerEntry]


def find_record(query: str) -> Record | None:
    """Look up an appeal number (MAH-2026-000001) or a ledger index; None if nothing matches."""
    from mahalla.appeals.models import Appeal

    query = query.strip()
    if APPEAL_NUMBER.fullmatch(query):
        appeal = Appeal.objects.filter(number=query.upper()).only("pk", "number").first()
        if appeal is None:
            return None
        entries = LedgerEntry.objects.of_object(APPEAL_OBJECT_TYPE, str(appeal.pk))
        entries = list(entries.select_related("event")[:MAX_RECORD_ENTRIES])
        return Record("appeal", appeal.number, entries)
    if query.isascii() and query.isdigit() and len(query) <= 18:
        entry = LedgerEntry.objects.select_related("event").filter(index=int(query)).first()
        return Record("entry", query, [entry]) if entry else None
    return None


def check_inclusion(entries: list[LedgerEntry], checkpoint: Checkpoint) -> list[LeafCheck]:
    """Prove each entry in ``checkpoint`` as the offline verifier would, from leaf data up."""
    try:
        signed = open_checkpoint(checkpoint.note_text.encode(), parse_vkey(keys.verifier_key()))
    except NoteError:
        signed = None
    checks = []
    for entry in entries:
        leaf_hash = merkle.leaf_hash(bytes(entry.leaf_data))
        if entry.index >= checkpoint.size:
            status = "pending"
        elif signed is None or signed.size != checkpoint.size:
            status = "failed"
        else:
            try:
                proof = merkle.inclusion_proof(store, entry.index, signed.size)
                merkle.verify_inclusion(leaf_hash, entry.index, signed.size, proof,
                                        signed.root_hash)
                status = "included"
            except (KeyError, merkle.ProofError):
                status = "failed"
        checks.append(LeafCheck(entry, leaf_hash, status))
    return checks

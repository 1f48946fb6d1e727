"""The log's rows, written and read with plain SQL on Django's connection.

This is the ledger's hot path: every ``DomainEvent`` appends here inside its own transaction,
and every public proof reads here. The ORM would spend more time building these few statements
than the database spends running them (bench/ledger_django_bench.py), so they are written out:

- an append locks the head row and reads the size and frontier from it, then writes the leaf's
  entry, the complete subtrees it finishes and the new head: no other reads;
- a proof reads all its O(log n) nodes by primary key (``LedgerNode.position``) in one query.
"""

# ruff: noqa: S608 - identifiers come from the models' _meta, quoted; values are parameters.

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, connections, router, transaction

from mahalla.ledger.merkle import HASH_SIZE, CompactRange, Node, NodeId
from mahalla.ledger.models import HEAD_ID, LedgerEntry, LedgerNode, LogHead, node_position


@dataclass(frozen=True)
class Appended:
    """What an append wrote: the leaf's index and the tree's new size and root."""

    index: int
    size: int
    root: bytes


class DbNodeStore:
    """Read and write complete-subtree hashes (``merkle.NodeSource``); one query per read."""

    def get(self, level: int, index: int) -> bytes:
        """Return the hash of node ``(level, index)``; ``KeyError`` if it is not stored."""
        found = self.get_many([(level, index)])
        if not found:
            raise KeyError((level, index))
        return found[(level, index)]

    def get_many(self, keys: Iterable[NodeId]) -> dict[NodeId, bytes]:
        """Return the hashes of those ``keys`` that are stored, in one query by primary key."""
        wanted = {node_position(level, index): (level, index) for level, index in keys}
        if not wanted:
            return {}
        connection = connections[router.db_for_read(LedgerNode)]
        sql = _sql(connection)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(sql.select_nodes_any, [list(wanted)])
            else:
                marks = ", ".join(["%s"] * len(wanted))
                cursor.execute(sql.select_nodes_in % marks, list(wanted))
            # PostgreSQL returns bytea as memoryview.
            return {wanted[position]: bytes(hash_) for position, hash_ in cursor.fetchall()}

    def put(self, nodes: Iterable[Node]) -> None:
        """Insert new nodes, e.g. those ``CompactRange.append`` returns; never updates."""
        nodes = list(nodes)
        if nodes:
            connection = connections[router.db_for_write(LedgerNode)]
            with connection.cursor() as cursor:
                cursor.execute(*_insert_nodes(_sql(connection), nodes))


def append_leaf(*, event_id: int, leaf_data: bytes, leaf_hash: bytes, created_at) -> Appended:
    """Append one leaf in the caller's transaction; return its index and the new head.

    The head row stays locked until the transaction ends: concurrent appends queue on it, so
    indexes are dense and in commit order, and a rollback takes the leaf, its nodes and the
    head change with it.
    """
    connection = connections[router.db_for_write(LedgerEntry)]
    sql = _sql(connection)
    with transaction.atomic(using=connection.alias, savepoint=False), \
            connection.cursor() as cursor:
        size, frontier = _lock_head(cursor, sql)
        frontier = CompactRange(size, _split(frontier))
        nodes = frontier.append(leaf_hash)
        root, hashes = frontier.root(), b"".join(frontier.hashes)
        when = connection.ops.adapt_datetimefield_value(created_at)
        nodes_sql, nodes_params = _insert_nodes(sql, nodes)
        entry_params = [size, event_id, leaf_data, when]
        head_params = [size + 1, root, hashes, when, HEAD_ID]
        if connection.vendor == "postgresql":
            # One round trip for the three writes.
            cursor.execute(f"WITH nodes AS ({nodes_sql}), entry AS ({sql.insert_entry}) "
                           f"{sql.update_head}", [*nodes_params, *entry_params, *head_params])
        else:
            cursor.execute(sql.insert_entry, entry_params)
            cursor.execute(nodes_sql, nodes_params)
            cursor.execute(sql.update_head, head_params)
    return Appended(size, size + 1, root)


def _lock_head(cursor, sql: "_Statements") -> tuple[int, bytes]:
    cursor.execute(sql.lock_head, [HEAD_ID])
    row = cursor.fetchone()
    if row is None:
        # The migration creates the row; a flushed test database has none.
        try:
            with transaction.atomic(using=cursor.db.alias):
                LogHead.objects.using(cursor.db.alias).create(pk=HEAD_ID)
        except IntegrityError:
            pass  # a concurrent transaction created it
        cursor.execute(sql.lock_head, [HEAD_ID])
        row = cursor.fetchone()
    return row[0], bytes(row[1])


def _split(frontier: bytes) -> list[bytes]:
    return [frontier[i:i + HASH_SIZE] for i in range(0, len(frontier), HASH_SIZE)]


def _insert_nodes(sql: "_Statements", nodes: Sequence[Node]) -> tuple[str, list]:
    values = ", ".join(["(%s, %s, %s, %s)"] * len(nodes))
    params = [value for node in nodes
              for value in (node_position(node.level, node.index), node.level, node.index,
                            node.hash)]
    return sql.insert_nodes + values, params


@dataclass(frozen=True)
class _Statements:
    lock_head: str
    select_nodes_in: str
    select_nodes_any: str
    insert_nodes: str
    insert_entry: str
    update_head: str


_cache: dict[str, _Statements] = {}


def _sql(connection) -> _Statements:
    """The statements with this database's quoting, built once per vendor."""
    found = _cache.get(connection.vendor)
    if found is None:
        found = _cache[connection.vendor] = _build(connection)
    return found


def _build(connection) -> _Statements:
    quote = connection.ops.quote_name

    def names(model, *fields: str) -> tuple[str, ...]:
        meta = model._meta
        return (quote(meta.db_table),
                *(quote(meta.get_field(name).column) for name in fields))

    head, h_id, h_size, h_root, h_frontier, h_updated = names(
        LogHead, "id", "size", "root", "frontier", "updated_at")
    node, n_position, n_level, n_index, n_hash = names(
        LedgerNode, "position", "level", "index", "hash")
    entry, e_index, e_event, e_data, e_created = names(
        LedgerEntry, "index", "event", "leaf_data", "created_at")
    for_update = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return _Statements(
        lock_head=f"SELECT {h_size}, {h_frontier} FROM {head} WHERE {h_id} = %s{for_update}",
        select_nodes_in=f"SELECT {n_position}, {n_hash} FROM {node} WHERE {n_position} IN (%s)",
        select_nodes_any=f"SELECT {n_position}, {n_hash} FROM {node} WHERE {n_position} = ANY(%s)",
        insert_nodes=f"INSERT INTO {node} ({n_position}, {n_level}, {n_index}, {n_hash}) VALUES ",
        insert_entry=(f"INSERT INTO {entry} ({e_index}, {e_event}, {e_data}, {e_created}) "
                      f"VALUES (%s, %s, %s, %s)"),
        update_head=(f"UPDATE {head} SET {h_size} = %s, {h_root} = %s, {h_frontier} = %s, "
                     f"{h_updated} = %s WHERE {h_id} = %s"),
    )

"""The Merkle node store over ``LedgerNode`` rows (see ``merkle.NodeSource``).

Every append reads its frontier and every proof its O(log n) nodes through ``get_many``: one
query, an OR of ``(level, index)`` equalities that walks the unique index. SQLite answers
``(level, index) IN (VALUES ...)`` with a scan of the whole table, so the OR form it is. The
statement is written out rather than built from ``Q`` objects: compiling ~20 ``Q`` terms costs
the ORM about twenty times more than the query itself, and proofs must stay under a
millisecond at a million leaves (see bench/ledger_django_bench.py).
"""

from collections.abc import Iterable

from django.db import connections, router

from mahalla.ledger.merkle import Node, NodeId
from mahalla.ledger.models import LedgerNode


class DbNodeStore:
    """Read and write complete-subtree hashes; reads take one query per proof."""

    def get(self, level: int, index: int) -> bytes:
        """Return the hash of node ``(level, index)``; ``KeyError`` if it is not stored."""
        found = self.get_many([(level, index)])
        if not found:
            raise KeyError((level, index))
        return found[(level, index)]

    def get_many(self, keys: Iterable[NodeId]) -> dict[NodeId, bytes]:
        """Return the hashes of those ``keys`` that are stored, in one query."""
        keys = list(keys)
        if not keys:
            return {}
        connection = connections[router.db_for_read(LedgerNode)]
        table, level, index, hash_ = _names(connection)
        where = " OR ".join([f"({level} = %s AND {index} = %s)"] * len(keys))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {level}, {index}, {hash_} FROM {table} WHERE {where}",  # noqa: S608
                           [value for key in keys for value in key])
            # PostgreSQL returns bytea as memoryview.
            return {(row[0], row[1]): bytes(row[2]) for row in cursor.fetchall()}

    def put(self, nodes: Iterable[Node]) -> None:
        """Insert new nodes, e.g. those ``CompactRange.append`` returns; never updates."""
        LedgerNode.objects.bulk_create(
            LedgerNode(level=node.level, index=node.index, hash=node.hash) for node in nodes
        )


def _names(connection) -> tuple[str, str, str, str]:
    quote, meta = connection.ops.quote_name, LedgerNode._meta
    return (quote(meta.db_table), *(quote(meta.get_field(name).column)
                                    for name in ("level", "index", "hash")))

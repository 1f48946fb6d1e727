"""The ledger's storage: nodes keyed by in-order position, the frontier kept in the head row."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from mahalla.ledger import merkle, services
from mahalla.ledger.models import Checkpoint, LedgerNode, LogHead, node_position
from mahalla.ledger.store import DbNodeStore
from tests.ledger.conftest import append_events

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "mahalla.ledger.migrations.0002_key_nodes_by_position_and_entries_by_index")


def stored_frontier(size: int) -> bytes:
    return b"".join(merkle.CompactRange.from_store(services.store, size).hashes)


def test_positions_number_a_tree_in_order():
    # Leaves at even positions, each subtree between its two halves.
    tree = {(0, 0): 0, (1, 0): 1, (0, 1): 2, (2, 0): 3, (0, 2): 4, (1, 1): 5, (0, 3): 6}
    assert {key: node_position(*key) for key in tree} == tree
    positions = {node_position(level, index) for level in range(12) for index in range(2048)}
    assert len(positions) == 12 * 2048  # no two nodes share a position


@pytest.mark.parametrize(("level", "index"), [(0, 0), (1, 7), (20, 3), (31, 1), (40, 5),
                                                (0, 2**40 + 1), (61, 0)])
def test_the_database_agrees_with_node_position(level, index):
    LedgerNode.objects.create(position=node_position(level, index), level=level, index=index,
                              hash=b"\x01" * 32)

    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerNode.objects.create(position=node_position(level, index) + 2, level=level,
                                  index=index, hash=b"\x01" * 32)


def test_get_many_returns_the_stored_nodes_only():
    append_events(5)
    store = DbNodeStore()

    found = store.get_many([(0, 4), (2, 0), (1, 2), (0, 5), (3, 0)])

    assert set(found) == {(0, 4), (2, 0)}
    assert found[(2, 0)] == bytes(LedgerNode.objects.get(level=2, index=0).hash)
    assert store.get_many([]) == {}


@pytest.mark.parametrize("count", [1, 2, 3, 8, 13, 64, 77])
def test_the_head_keeps_the_frontier_the_nodes_give(count):
    append_events(count)

    head = LogHead.objects.get()
    assert bytes(head.frontier) == stored_frontier(count)
    assert len(head.frontier) == count.bit_count() * 32
    assert bytes(head.root) == merkle.CompactRange(count, [
        bytes(head.frontier)[i:i + 32] for i in range(0, len(head.frontier), 32)]).root()


def test_a_rolled_back_append_leaves_the_frontier_as_it_was():
    append_events(3)
    before = bytes(LogHead.objects.get().frontier)

    with pytest.raises(RuntimeError), transaction.atomic():
        append_events(1)
        raise RuntimeError

    assert bytes(LogHead.objects.get().frontier) == before
    append_events(1)
    assert bytes(LogHead.objects.get().frontier) == stored_frontier(4)


@pytest.mark.usefixtures("ledger_key")
def test_a_checkpoint_is_refused_when_the_head_frontier_differs_from_the_nodes():
    append_events(6)
    LogHead.objects.update(frontier=b"\x07" * 64)

    with pytest.raises(services.LedgerIntegrityError):
        services.publish_checkpoint()
    assert not Checkpoint.objects.exists()


def test_a_frontier_of_partial_hashes_is_refused_by_the_database():
    append_events(1)

    with pytest.raises(IntegrityError), transaction.atomic():
        LogHead.objects.update(frontier=b"\x07" * 33)


def test_the_migration_fills_the_frontier_from_the_nodes():
    append_events(11)
    LogHead.objects.update(frontier=b"")

    migration.fill_frontier(apps, connection.schema_editor())

    assert bytes(LogHead.objects.get().frontier) == stored_frontier(11)
    append_events(2)
    assert bytes(LogHead.objects.get().root) == merkle.root_hash(services.store, 13)

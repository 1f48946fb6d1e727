"""Every DomainEvent becomes a leaf in its transaction: dense indexes, right root, no leftovers."""

import json

import pytest
import rfc8785
from django.db import IntegrityError, connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from mahalla.appeals.models import AppealStep
from mahalla.core.events import record_event
from mahalla.core.models import DomainEvent
from mahalla.ledger import merkle, services
from mahalla.ledger.models import LedgerEntry, LedgerNode, LogHead
from tests.ledger.conftest import append_events

pytestmark = pytest.mark.django_db


def head() -> LogHead:
    return LogHead.objects.get()


def stored_leaf_hashes() -> list[bytes]:
    return [bytes(h) for h in
            LedgerNode.objects.filter(level=0).order_by("index").values_list("hash", flat=True)]


def test_events_get_dense_indexes_in_the_order_they_commit():
    events = append_events(20)

    entries = list(LedgerEntry.objects.order_by("index"))
    assert [entry.index for entry in entries] == list(range(20))
    assert [entry.event_id for entry in entries] == [event.pk for event in events]
    assert head().size == 20


def test_a_rolled_back_transaction_leaves_no_entry_and_no_node():
    append_events(3)
    nodes_before = LedgerNode.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(type="test.undone", object_type="tests.thing", object_id=99)
        raise RuntimeError("the change fails after its event was recorded")

    assert LedgerEntry.objects.count() == 3
    assert LedgerNode.objects.count() == nodes_before
    assert head().size == 3
    assert append_events(1)[0].ledger_entry.index == 3


def test_a_rolled_back_savepoint_leaves_no_leaf_inside_a_committed_transaction():
    with transaction.atomic():
        record_event(type="test.kept", object_type="tests.thing", object_id=1)
        with pytest.raises(RuntimeError), transaction.atomic():
            record_event(type="test.undone", object_type="tests.thing", object_id=2)
            raise RuntimeError
        record_event(type="test.kept", object_type="tests.thing", object_id=3)

    entries = LedgerEntry.objects.select_related("event").order_by("index")
    assert [(e.index, e.event.object_id) for e in entries] == [(0, "1"), (1, "3")]
    assert head().size == 2


@pytest.mark.parametrize("count", [1, 2, 3, 7, 8, 13, 33])
def test_the_stored_root_equals_the_reference_root_over_all_leaf_hashes(count):
    append_events(count)

    leaves = stored_leaf_hashes()
    assert leaves == [merkle.leaf_hash(bytes(entry.leaf_data))
                      for entry in LedgerEntry.objects.order_by("index")]
    reference = merkle.root_from_leaf_hashes(leaves)
    assert bytes(head().root) == reference
    assert merkle.root_hash(services.store, count) == reference


def test_only_complete_subtrees_are_stored():
    append_events(13)

    stored = set(LedgerNode.objects.values_list("level", "index"))
    expected = {(level, index) for level in range(4) for index in range(13 >> level)}
    assert stored == expected


def test_the_leaf_is_canonical_json_of_ids_and_hashes():
    with transaction.atomic():
        event = record_event(type="test.happened", object_type="tests.thing", object_id=7,
                             payload={"secret": "Karimova Dilnoza, +998901234567"})

    data = bytes(event.ledger_entry.leaf_data)
    leaf = json.loads(data)
    assert rfc8785.dumps(leaf) == data
    assert leaf == {
        "event_id": event.pk,
        "type": "test.happened",
        "object_type": "tests.thing",
        "object_id": "7",
        "time": leaf["time"],
        "actor_role": "system",
        "payload_sha256": event.payload_hash,
    }
    assert leaf["time"].endswith("Z") and leaf["time"].startswith(str(event.created_at.year))
    assert b"Karimova" not in data and b"998901234567" not in data


def canonical_or_error(fields: dict) -> bytes | type:
    try:
        return services.canonical_json(fields)
    except Exception as exc:  # noqa: BLE001 - compared with what rfc8785 raises
        return type(exc)


def rfc8785_or_error(fields: dict) -> bytes | type:
    try:
        return rfc8785.dumps(fields)
    except Exception as exc:  # noqa: BLE001
        return type(exc)


ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)


@settings(max_examples=400, deadline=None)
@given(values=st.lists(st.one_of(ANY_TEXT, st.integers(-(2**60), 2**60)), min_size=1,
                       max_size=7),
       keys=st.lists(st.one_of(st.text(st.characters(max_codepoint=127), min_size=1,
                                       max_size=12), ANY_TEXT), min_size=7, max_size=7,
                     unique=True))
def test_leaf_json_is_rfc8785_byte_for_byte(values, keys):
    # Any text (controls, quotes, non-ASCII, lone surrogates), any keys, integers beyond 2^53.
    fields = dict(zip(keys, values, strict=False))

    assert canonical_or_error(fields) == rfc8785_or_error(fields)


def test_every_appeal_step_becomes_a_leaf_without_personal_data(world, submit):
    appeal = submit(text="Mening uyim oldida suv quvuri yorildi, Karimova Dilnoza")

    entries = list(LedgerEntry.objects.of_object("appeals.appeal", str(appeal.pk)))
    steps = AppealStep.objects.filter(appeal=appeal).order_by("created_at", "id")
    assert [e.event.type for e in entries] == [f"appeal.{step.action}" for step in steps]
    assert entries and all(e.event.object_id == str(appeal.pk) for e in entries)
    author = world["resident"]
    for entry in entries:
        data = bytes(entry.leaf_data).decode()
        assert "Karimova" not in data and "suv quvuri" not in data
        assert author.phone not in data and appeal.number not in data


def test_an_append_costs_the_same_few_queries_at_any_size(django_assert_num_queries):
    append_events(2)
    # Savepoint and release, the event; lock the head (it holds the frontier: nothing else is
    # read), then insert the entry and the nodes and update the head, in one statement on
    # PostgreSQL.
    queries = 5 if connection.vendor == "postgresql" else 7
    with django_assert_num_queries(queries) as small, transaction.atomic():
        record_event(type="test.happened", object_type="tests.thing", object_id="a")
    append_events(252)
    # Leaf 255 completes a subtree at every level up to 8: nine nodes in one insert.
    with django_assert_num_queries(queries) as large, transaction.atomic():
        record_event(type="test.happened", object_type="tests.thing", object_id="b")

    assert head().size == 256
    assert LedgerNode.objects.filter(index=0, level=8).exists()
    assert len(small.captured_queries) == len(large.captured_queries)
    assert not any(query["sql"].lstrip().upper().startswith("SELECT")
                   and "ledger_ledgernode" in query["sql"]
                   for query in large.captured_queries)


def test_a_missing_head_row_is_created_by_the_first_append():
    LogHead.objects.all().delete()

    append_events(2)

    assert head().size == 2
    assert bytes(head().root) == merkle.root_from_leaf_hashes(stored_leaf_hashes())


def test_an_event_cannot_become_two_leaves():
    append_events(1)
    event = DomainEvent.objects.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        services.append_event(event)

    assert LedgerEntry.objects.count() == 1

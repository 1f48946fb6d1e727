"""Merkle proofs against a naive RFC 9162 reference; tampering, the frontier, read counts."""

import hashlib
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mahalla.ledger.merkle import (
    EMPTY_ROOT,
    CompactRange,
    MemoryNodeStore,
    Node,
    ProofError,
    consistency_proof,
    frontier_ids,
    inclusion_proof,
    leaf_hash,
    node_hash,
    range_nodes,
    root_from_leaf_hashes,
    root_hash,
    verify_consistency,
    verify_inclusion,
)

MAX_SIZE = 300
LEAVES = tuple(hashlib.sha256(b"leaf %d" % i).digest() for i in range(MAX_SIZE))
LEAF_HASHES = tuple(leaf_hash(data) for data in LEAVES)


# The reference: RFC 9162 §2.1 MTH, PATH and PROOF, as literal as possible, over LEAF_HASHES.
@cache
def ref_mth(start: int, end: int) -> bytes:
    if end == start:
        return hashlib.sha256(b"").digest()
    if end - start == 1:
        return LEAF_HASHES[start]
    k = 1
    while k * 2 < end - start:
        k *= 2
    return hashlib.sha256(b"\x01" + ref_mth(start, start + k) + ref_mth(start + k, end)).digest()


def ref_path(m: int, start: int, end: int) -> list[bytes]:
    if end - start == 1:
        return []
    k = 1
    while k * 2 < end - start:
        k *= 2
    if m < k:
        return ref_path(m, start, start + k) + [ref_mth(start + k, end)]
    return ref_path(m - k, start + k, end) + [ref_mth(start, start + k)]


def ref_subproof(m: int, start: int, end: int, known: bool) -> list[bytes]:
    if m == end - start:
        return [] if known else [ref_mth(start, end)]
    k = 1
    while k * 2 < end - start:
        k *= 2
    if m <= k:
        return ref_subproof(m, start, start + k, known) + [ref_mth(start + k, end)]
    return ref_subproof(m - k, start + k, end, False) + [ref_mth(start, start + k)]


def ref_proof(m: int, n: int) -> list[bytes]:
    return [] if m == n else ref_subproof(m, 0, n, True)


@pytest.fixture(scope="module")
def store() -> MemoryNodeStore:
    # A prefix tree's complete subtrees are all in the largest tree: one store serves every size.
    store, frontier = MemoryNodeStore(), CompactRange()
    store.put(frontier.extend(LEAF_HASHES))
    return store


def test_reference_root_matches_naive_reference() -> None:
    for size in range(MAX_SIZE + 1):
        assert root_from_leaf_hashes(LEAF_HASHES[:size]) == ref_mth(0, size)


def test_roots_for_every_size(store: MemoryNodeStore) -> None:
    assert root_hash(store, 0) == EMPTY_ROOT
    for size in range(MAX_SIZE + 1):
        assert root_hash(store, size) == ref_mth(0, size), size


def test_inclusion_proofs_for_every_leaf_of_every_size(store: MemoryNodeStore) -> None:
    for size in range(1, MAX_SIZE + 1):
        root = ref_mth(0, size)
        for index in range(size):
            proof = inclusion_proof(store, index, size)
            assert proof == ref_path(index, 0, size), (index, size)
            verify_inclusion(LEAF_HASHES[index], index, size, proof, root)


def test_consistency_proofs_for_every_pair_of_sizes(store: MemoryNodeStore) -> None:
    for second in range(1, MAX_SIZE + 1):
        second_root = ref_mth(0, second)
        for first in range(1, second + 1):
            proof = consistency_proof(store, first, second)
            assert proof == ref_proof(first, second), (first, second)
            verify_consistency(first, second, ref_mth(0, first), second_root, proof)


def test_equal_empty_trees_are_consistent() -> None:
    verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])


def flip_bit(value: bytes, bit: int) -> bytes:
    bit %= len(value) * 8
    return value[: bit // 8] + bytes([value[bit // 8] ^ (1 << bit % 8)]) + value[bit // 8 + 1 :]


sizes = st.integers(min_value=1, max_value=MAX_SIZE)


@st.composite
def leaf_in_tree(draw: st.DrawFn) -> tuple[int, int]:
    size = draw(sizes)
    return draw(st.integers(0, size - 1)), size


@st.composite
def size_pair(draw: st.DrawFn) -> tuple[int, int]:
    second = draw(sizes)
    return draw(st.integers(1, second)), second


@settings(max_examples=300, deadline=None)
@given(leaf_in_tree(), st.data())
def test_tampered_inclusion_proof_hash_is_rejected(
    store: MemoryNodeStore, case: tuple[int, int], data: st.DataObject
) -> None:
    index, size = case
    proof = inclusion_proof(store, index, size)
    if not proof:
        return
    position = data.draw(st.integers(0, len(proof) - 1))
    proof[position] = flip_bit(proof[position], data.draw(st.integers(0, 255)))
    with pytest.raises(ProofError, match="does not match expected root"):
        verify_inclusion(LEAF_HASHES[index], index, size, proof, ref_mth(0, size))


@settings(max_examples=300, deadline=None)
@given(
    leaf_in_tree(), st.integers(0, 255), st.sampled_from(["leaf", "root", "index", "drop", "extra"])
)
def test_tampered_inclusion_inputs_are_rejected(
    store: MemoryNodeStore, case: tuple[int, int], bit: int, target: str
) -> None:
    index, size = case
    leaf, proof, root = LEAF_HASHES[index], inclusion_proof(store, index, size), ref_mth(0, size)
    if target == "leaf":
        leaf = flip_bit(leaf, bit)
    elif target == "root":
        root = flip_bit(root, bit)
    elif target == "index":
        index = (index + 1 + bit) % size
        if index == case[0]:
            return
    elif target == "drop":
        if not proof:
            return
        proof.pop(bit % len(proof))
    else:
        proof.insert(bit % (len(proof) + 1), LEAF_HASHES[0])
    with pytest.raises(ProofError):
        verify_inclusion(leaf, index, size, proof, root)


@settings(max_examples=300, deadline=None)
@given(size_pair(), st.data())
def test_tampered_consistency_proof_is_rejected(
    store: MemoryNodeStore, case: tuple[int, int], data: st.DataObject
) -> None:
    first, second = case
    proof = consistency_proof(store, first, second)
    first_root, second_root = ref_mth(0, first), ref_mth(0, second)
    bit = data.draw(st.integers(0, 255))
    target = data.draw(st.sampled_from(["proof", "first_root", "second_root", "drop"]))
    if target == "proof":
        if not proof:
            return
        position = data.draw(st.integers(0, len(proof) - 1))
        proof[position] = flip_bit(proof[position], bit)
    elif target == "first_root":
        first_root = flip_bit(first_root, bit)
    elif target == "second_root":
        second_root = flip_bit(second_root, bit)
    else:
        if not proof:
            return
        proof.pop(bit % len(proof))
    with pytest.raises(ProofError):
        verify_consistency(first, second, first_root, second_root, proof)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=70), st.data())
def test_arbitrary_leaves_match_reference(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = [leaf_hash(leaf) for leaf in leaves]
    store, frontier = MemoryNodeStore(), CompactRange()
    for size, hash_ in enumerate(hashes, start=1):
        store.put(frontier.append(hash_))
        assert frontier.root() == root_hash(store, size) == root_from_leaf_hashes(hashes[:size])
    if not leaves:
        assert frontier.root() == EMPTY_ROOT
        return
    size = data.draw(st.integers(1, len(leaves)))
    index = data.draw(st.integers(0, size - 1))
    root = root_from_leaf_hashes(hashes[:size])
    verify_inclusion(hashes[index], index, size, inclusion_proof(store, index, size), root)
    first = data.draw(st.integers(1, size))
    proof = consistency_proof(store, first, size)
    verify_consistency(first, size, root_from_leaf_hashes(hashes[:first]), root, proof)


def test_frontier_append_yields_every_complete_subtree_once() -> None:
    frontier, seen = CompactRange(), []
    for hash_ in LEAF_HASHES[:37]:
        seen.extend(frontier.append(hash_))
    # A tree of n leaves has 2n - popcount(n) complete subtrees.
    assert len(seen) == len({(node.level, node.index) for node in seen}) == 2 * 37 - 3
    assert seen[:3] == [
        Node(0, 0, LEAF_HASHES[0]),
        Node(0, 1, LEAF_HASHES[1]),
        Node(1, 0, node_hash(LEAF_HASHES[0], LEAF_HASHES[1])),
    ]


def test_frontier_reloads_from_store_and_continues(store: MemoryNodeStore) -> None:
    for size in (0, 1, 2, 3, 64, 65, 199):
        frontier = CompactRange.from_store(store, size)
        assert frontier_ids(size) == range_nodes(0, size)
        assert frontier.root() == ref_mth(0, size)
        new_nodes = frontier.append(LEAF_HASHES[size])
        assert all(store.get(node.level, node.index) == node.hash for node in new_nodes)
        assert frontier.root() == ref_mth(0, size + 1)


def test_frontier_rejects_wrong_number_of_hashes() -> None:
    with pytest.raises(ValueError, match="needs 2 hashes"):
        CompactRange(3, [EMPTY_ROOT])


def test_range_nodes_cover_exactly() -> None:
    assert range_nodes(0, 13) == [(3, 0), (2, 2), (0, 12)]
    assert range_nodes(5, 13) == [(0, 5), (1, 3), (2, 2), (0, 12)]
    for begin in range(40):
        for end in range(begin, 80):
            covered = [
                leaf
                for level, index in range_nodes(begin, end)
                for leaf in range(index << level, (index + 1) << level)
            ]
            assert covered == list(range(begin, end))


class CountingStore:
    """Answers any node with a made-up hash and records what was read: proofs never check hashes."""

    def __init__(self) -> None:
        self.batches: list[list[tuple[int, int]]] = []

    def get(self, level: int, index: int) -> bytes:
        raise AssertionError("batch reads expected")

    def get_many(self, keys: list[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        self.batches.append(list(keys))
        return {key: hashlib.sha256(repr(key).encode()).digest() for key in keys}


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 2**48), st.data())
def test_proofs_read_logarithmically_many_nodes_in_one_batch(
    size: int, data: st.DataObject
) -> None:
    height = size.bit_length()
    reader = CountingStore()
    proof = inclusion_proof(reader, data.draw(st.integers(0, size - 1)), size)
    assert len(proof) <= height
    first = data.draw(st.integers(1, size))
    consistency_proof(reader, first, size)
    root_hash(reader, size)
    CompactRange.from_store(reader, size)
    assert len(reader.batches) == 4
    assert all(len(batch) <= 2 * height for batch in reader.batches)


def test_store_without_get_many_is_read_node_by_node(store: MemoryNodeStore) -> None:
    class SingleReads:
        def get(self, level: int, index: int) -> bytes:
            return store.get(level, index)

    assert inclusion_proof(SingleReads(), 7, 100) == inclusion_proof(store, 7, 100)


def test_missing_node_is_reported(store: MemoryNodeStore) -> None:
    with pytest.raises(KeyError, match="lacks nodes"):
        inclusion_proof(store, 0, MAX_SIZE + 50)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: inclusion_proof(s, 5, 5), "outside"),
        (lambda s: inclusion_proof(s, -1, 5), "outside"),
        (lambda s: consistency_proof(s, 0, 5), "0 < first <= second"),
        (lambda s: consistency_proof(s, 6, 5), "0 < first <= second"),
    ],
)
def test_invalid_proof_requests_raise(store: MemoryNodeStore, call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call(store)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((LEAF_HASHES[0], 1, 1, [], LEAF_HASHES[0]), "not below tree size"),
        ((LEAF_HASHES[0][:31], 0, 1, [], LEAF_HASHES[0]), "leaf hash is 31 bytes"),
        ((LEAF_HASHES[0], 0, 2, [b"x" * 31], LEAF_HASHES[0]), "hash 0 is 31 bytes"),
        ((LEAF_HASHES[0], 0, 4, [LEAF_HASHES[1]], LEAF_HASHES[0]), "1 hashes given, expected 2"),
    ],
)
def test_inclusion_errors_name_the_failed_check(args: tuple, message: str) -> None:
    with pytest.raises(ProofError, match=message):
        verify_inclusion(*args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((3, 2, EMPTY_ROOT, EMPTY_ROOT, []), "0 <= first <= second"),
        ((2, 2, LEAF_HASHES[0], LEAF_HASHES[1], []), "a fork"),
        ((2, 2, LEAF_HASHES[0], LEAF_HASHES[0], [LEAF_HASHES[1]]), "expected none"),
        ((0, 3, EMPTY_ROOT, LEAF_HASHES[1], []), "from the empty tree is undefined"),
        ((1, 3, LEAF_HASHES[0], LEAF_HASHES[1], []), "0 hashes given, expected 2"),
    ],
)
def test_consistency_errors_name_the_failed_check(args: tuple, message: str) -> None:
    with pytest.raises(ProofError, match=message):
        verify_consistency(*args)


def test_consistency_mismatch_names_which_root(store: MemoryNodeStore) -> None:
    proof = consistency_proof(store, 5, 9)
    with pytest.raises(ProofError, match="first size 5 does not match first root"):
        verify_consistency(5, 9, ref_mth(0, 4), ref_mth(0, 9), proof)
    with pytest.raises(ProofError, match="second size 9 does not match second root"):
        verify_consistency(5, 9, ref_mth(0, 5), ref_mth(0, 10), proof)

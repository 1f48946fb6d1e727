"""RFC 6962 / RFC 9162 Merkle tree: hashing, proofs and an append-only frontier.

A log of ``n`` leaves is stored as the hashes of its *complete* subtrees. The
subtree at ``(level, index)`` covers leaves ``[index * 2**level, (index + 1) * 2**level)``;
level 0 holds the leaf hashes. Once written, such a node never changes, so a
store is append-only. Any other subtree hash (the incomplete right edge of a
tree whose size is not a power of two) is folded from the O(log n) complete
subtrees that cover it, so every root and proof below reads O(log n) nodes,
in one batch when the store offers ``get_many``.

The subtree functions (``subtree_hash``, ``subtree_inclusion_proof``,
``subtree_consistency_proof``) generalise the RFC 9162 ones to the subtrees of
draft-ietf-plants-merkle-tree-certs; with ``start == 0`` they are exactly
RFC 9162 MTH, PATH and PROOF.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeId = tuple[int, int]
"""A complete subtree as ``(level, index)``."""


class ProofError(ValueError):
    """A Merkle proof failed to verify; the message says which check failed."""


class Node(NamedTuple):
    """A complete subtree hash to persist."""

    level: int
    index: int
    hash: bytes


class NodeSource(Protocol):
    """Read access to complete-subtree hashes.

    ``get`` raises ``KeyError`` for a node it does not hold. A store may also
    define ``get_many(keys) -> Mapping[NodeId, bytes]`` (missing keys simply
    absent from the result); proofs then read all their nodes in one call.
    """

    def get(self, level: int, index: int) -> bytes: ...


def leaf_hash(data: bytes) -> bytes:
    """Return the RFC 6962 leaf hash ``SHA-256(0x00 || data)``."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the RFC 6962 interior node hash ``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_leaf_hashes(leaf_hashes: Sequence[bytes]) -> bytes:
    """Return MTH over the given leaf hashes, straight from the RFC 9162 definition.

    This is the reference: O(n) time, recursion depth O(log n).
    """

    def mth(begin: int, end: int) -> bytes:
        if end - begin == 1:
            return leaf_hashes[begin]
        mid = begin + _split(end - begin)
        return node_hash(mth(begin, mid), mth(mid, end))

    return mth(0, len(leaf_hashes)) if leaf_hashes else EMPTY_ROOT


def range_nodes(begin: int, end: int) -> list[NodeId]:
    """Return the maximal complete subtrees covering leaves ``[begin, end)``, left to right."""
    if not 0 <= begin <= end:
        raise ValueError(f"invalid leaf range [{begin}, {end})")
    ids: list[NodeId] = []
    while begin < end:
        level = (end - begin).bit_length() - 1
        if begin:
            level = min(level, (begin & -begin).bit_length() - 1)
        ids.append((level, begin >> level))
        begin += 1 << level
    return ids


def is_valid_subtree(start: int, end: int) -> bool:
    """Whether ``[start, end)`` is a subtree of some tree (draft-ietf-plants-merkle-tree-certs).

    True when ``start == 0``, when the range is empty, or when ``start`` is a
    multiple of the smallest power of two >= ``end - start``.
    """
    if not 0 <= start <= end:
        return False
    if start == 0 or start == end:
        return True
    bit_ceil = 1 << (end - start - 1).bit_length()
    return start % bit_ceil == 0


class MemoryNodeStore:
    """A node store in a dict keyed by ``(level, index)``; for tests and tools."""

    def __init__(self) -> None:
        self.nodes: dict[NodeId, bytes] = {}

    def get(self, level: int, index: int) -> bytes:
        """Return the hash of node ``(level, index)``; ``KeyError`` if absent."""
        return self.nodes[(level, index)]

    def get_many(self, keys: Iterable[NodeId]) -> dict[NodeId, bytes]:
        """Return the hashes of those ``keys`` the store holds."""
        return {key: self.nodes[key] for key in keys if key in self.nodes}

    def put(self, nodes: Iterable[Node]) -> None:
        """Store nodes, e.g. those returned by ``CompactRange.append``."""
        for node in nodes:
            self.nodes[(node.level, node.index)] = node.hash


@dataclass
class CompactRange:
    """The right frontier of a tree: roots of the complete subtrees covering ``[0, size)``.

    ``hashes`` runs left to right (largest subtree first), one per set bit of
    ``size``; ``frontier_ids(size)`` names them. A writer holds this (or reads
    it with ``from_store``), appends a leaf in O(log n) and persists the nodes
    ``append`` returns.
    """

    size: int = 0
    hashes: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.size < 0 or len(self.hashes) != self.size.bit_count():
            raise ValueError(
                f"a frontier of size {self.size} needs {max(self.size, 0).bit_count()} hashes"
            )

    @classmethod
    def from_store(cls, store: NodeSource, size: int) -> CompactRange:
        """Load the frontier of a tree of ``size`` leaves from a node store."""
        ids = frontier_ids(size)
        found = _read(store, ids)
        return cls(size, [found[node_id] for node_id in ids])

    def append(self, leaf_hash: bytes) -> list[Node]:
        """Append one leaf hash; return the new complete subtrees, the leaf first, to persist."""
        index = self.size
        new = [Node(0, index, leaf_hash)]
        current, level = leaf_hash, 0
        # Each trailing one bit of the old size is a left sibling that is now complete on its right.
        while (index >> level) & 1:
            current = node_hash(self.hashes.pop(), current)
            level += 1
            new.append(Node(level, index >> level, current))
        self.hashes.append(current)
        self.size += 1
        return new

    def extend(self, leaf_hashes: Iterable[bytes]) -> list[Node]:
        """Append many leaf hashes; return all new complete subtrees."""
        new: list[Node] = []
        for leaf in leaf_hashes:
            new.extend(self.append(leaf))
        return new

    def root(self) -> bytes:
        """Return the tree's root hash (MTH of the first ``size`` leaves)."""
        return _fold(self.hashes) if self.hashes else EMPTY_ROOT


def frontier_ids(size: int) -> list[NodeId]:
    """Return the ids of the complete subtrees forming the frontier of a tree of ``size`` leaves."""
    return range_nodes(0, size)


def root_hash(store: NodeSource, tree_size: int) -> bytes:
    """Return the root hash of the first ``tree_size`` leaves, reading O(log n) nodes."""
    return subtree_hash(store, 0, tree_size)


def subtree_hash(store: NodeSource, start: int, end: int) -> bytes:
    """Return MTH of leaves ``[start, end)``, a valid subtree (see ``is_valid_subtree``)."""
    if not is_valid_subtree(start, end):
        raise ValueError(f"[{start}, {end}) is not a valid subtree")
    if start == end:
        return EMPTY_ROOT
    return _evaluate(store, [range_nodes(start, end)])[0]


def inclusion_proof(store: NodeSource, index: int, tree_size: int) -> list[bytes]:
    """Return the RFC 9162 inclusion proof (PATH) of leaf ``index`` in a tree of ``tree_size``."""
    return subtree_inclusion_proof(store, index, 0, tree_size)


def subtree_inclusion_proof(store: NodeSource, index: int, start: int, end: int) -> list[bytes]:
    """Return PATH(index - start, D[start:end]) for a valid subtree ``[start, end)``."""
    if not is_valid_subtree(start, end):
        raise ValueError(f"[{start}, {end}) is not a valid subtree")
    if not start <= index < end:
        raise ValueError(f"leaf index {index} is outside [{start}, {end})")
    return _evaluate(store, _inclusion_plan(index, start, end))


def consistency_proof(store: NodeSource, first: int, second: int) -> list[bytes]:
    """Return the RFC 9162 consistency proof (PROOF) from tree size ``first`` to ``second``.

    Requires ``0 < first <= second``: a proof from the empty tree is undefined.
    """
    if not 0 < first <= second:
        raise ValueError(f"a consistency proof needs 0 < first <= second, got {first} and {second}")
    return _evaluate(store, _consistency_plan(0, first, second))


def subtree_consistency_proof(
    store: NodeSource, start: int, end: int, tree_size: int
) -> list[bytes]:
    """Return the proof that subtree ``[start, end)`` is in the tree of ``tree_size``.

    This is the subtree consistency proof of draft-ietf-plants-merkle-tree-certs.
    """
    if not is_valid_subtree(start, end):
        raise ValueError(f"[{start}, {end}) is not a valid subtree")
    if end > tree_size:
        raise ValueError(f"subtree end {end} is beyond tree size {tree_size}")
    return _evaluate(store, _consistency_plan(start, end, tree_size))


def root_from_inclusion_proof(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes]
) -> bytes:
    """Return the root implied by an inclusion proof (RFC 9162 §2.1.3.2).

    Raise ``ProofError`` if the proof is malformed.
    """
    if not 0 <= index < tree_size:
        raise ProofError(f"inclusion proof: leaf index {index} is not below tree size {tree_size}")
    _check_hash("inclusion proof: leaf hash", leaf_hash)
    _check_path("inclusion proof", proof, len(_inclusion_plan(index, 0, tree_size)))
    fn, sn = index, tree_size - 1
    result = leaf_hash
    for sibling in proof:
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            result = node_hash(result, sibling)
        fn, sn = fn >> 1, sn >> 1
    return result


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree (``tree_size``, ``root``).

    Raise ``ProofError`` naming the failed check.
    """
    computed = root_from_inclusion_proof(leaf_hash, index, tree_size, proof)
    if computed != root:
        raise ProofError(
            f"inclusion proof: computed root {computed.hex()} for leaf {index} "
            f"of tree size {tree_size} does not match expected root {root.hex()}"
        )


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> None:
    """Check that tree (``second``, ``second_root``) extends (``first``, ``first_root``).

    RFC 9162 §2.1.4.2; raise ``ProofError`` naming the failed check. Equal sizes need an empty
    proof and equal roots (the empty tree's root being SHA-256 of nothing); a
    proof from size 0 to a larger tree is undefined and rejected.
    """
    if not 0 <= first <= second:
        raise ProofError(
            f"consistency proof: sizes must satisfy 0 <= first <= second, got {first} and {second}"
        )
    if first == second:
        if proof:
            raise ProofError(
                f"consistency proof: {len(proof)} hashes given for equal tree sizes, expected none"
            )
        if first == 0 and first_root != EMPTY_ROOT:
            raise ProofError(
                "consistency proof: root of the empty tree is not SHA-256 of the empty string"
            )
        if first_root != second_root:
            raise ProofError(
                f"consistency proof: different roots for the same tree size {first} (a fork)"
            )
        return
    if first == 0:
        raise ProofError("consistency proof: a proof from the empty tree is undefined")
    _check_path("consistency proof", proof, len(_consistency_plan(0, first, second)))

    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first_result = second_result = path[0]
    for hash_ in path[1:]:
        if fn & 1 or fn == sn:
            first_result = node_hash(hash_, first_result)
            second_result = node_hash(hash_, second_result)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            second_result = node_hash(second_result, hash_)
        fn, sn = fn >> 1, sn >> 1
    if first_result != first_root:
        raise ProofError(
            f"consistency proof: computed root {first_result.hex()} for first size {first} "
            f"does not match first root {first_root.hex()}"
        )
    if second_result != second_root:
        raise ProofError(
            f"consistency proof: computed root {second_result.hex()} for second size {second} "
            f"does not match second root {second_root.hex()}"
        )


# A proof plan lists, per proof hash, the complete subtrees whose fold is that hash.
_Plan = list[list[NodeId]]


def _split(size: int) -> int:
    """Largest power of two strictly below ``size`` (``size >= 2``)."""
    return 1 << ((size - 1).bit_length() - 1)


def _inclusion_plan(index: int, start: int, end: int) -> _Plan:
    plan: _Plan = []
    begin = start
    while end - begin > 1:
        mid = begin + _split(end - begin)
        if index < mid:
            plan.append(range_nodes(mid, end))
            end = mid
        else:
            plan.append(range_nodes(begin, mid))
            begin = mid
    plan.reverse()
    return plan


def _consistency_plan(start: int, end: int, tree_size: int) -> _Plan:
    # SUBTREE_SUBPROOF unrolled top-down; for start == 0 it is RFC 9162 SUBPROOF(end, D[n], true).
    if start == end:
        return []
    plan: _Plan = []
    low, high, known = 0, tree_size, True
    while not (start == low and end == high):
        mid = low + _split(high - low)
        if end <= mid:
            plan.append(range_nodes(mid, high))
            high = mid
        elif start >= mid:
            plan.append(range_nodes(low, mid))
            low = mid
        else:
            # Straddling mid, a valid subtree starts at low; its right part is not yet known.
            plan.append(range_nodes(low, mid))
            low = start = mid
            known = False
    if not known:
        plan.append(range_nodes(low, high))
    plan.reverse()
    return plan


def _read(store: NodeSource, ids: Sequence[NodeId]) -> Mapping[NodeId, bytes]:
    unique = list(dict.fromkeys(ids))
    get_many = getattr(store, "get_many", None)
    if get_many is None:
        return {node_id: store.get(*node_id) for node_id in unique}
    found = get_many(unique)
    missing = [node_id for node_id in unique if node_id not in found]
    if missing:
        raise KeyError(f"node store lacks nodes (level, index) {missing[:4]}")
    return found


def _evaluate(store: NodeSource, plan: _Plan) -> list[bytes]:
    found = _read(store, [node_id for segment in plan for node_id in segment])
    return [_fold([found[node_id] for node_id in segment]) for segment in plan]


def _fold(hashes: Sequence[bytes]) -> bytes:
    """Hash of an aligned subtree from the complete subtrees covering it, left to right."""
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def _check_hash(what: str, value: bytes) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{what} is {len(value)} bytes, expected {HASH_SIZE}")


def _check_path(what: str, proof: Sequence[bytes], expected: int) -> None:
    if len(proof) != expected:
        raise ProofError(f"{what}: {len(proof)} hashes given, expected {expected}")
    for position, hash_ in enumerate(proof):
        _check_hash(f"{what}: hash {position}", hash_)

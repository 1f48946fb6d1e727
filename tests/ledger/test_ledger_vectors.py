"""Published Merkle vectors: RFC 6962 tree of 8, transparency-dev probes, subtree digests."""

import base64
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from mahalla.ledger.merkle import (
    EMPTY_ROOT,
    CompactRange,
    MemoryNodeStore,
    ProofError,
    consistency_proof,
    inclusion_proof,
    is_valid_subtree,
    leaf_hash,
    node_hash,
    root_hash,
    subtree_consistency_proof,
    subtree_hash,
    subtree_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

VECTORS = Path(__file__).parent / "vectors"
TREE8 = json.loads((VECTORS / "rfc6962_tree8.json").read_text())
ROLLING = {
    v["name"]: v
    for v in json.loads((VECTORS / "subtree_rolling_vectors.json").read_text())["vectors"]
}
PROBES = sorted((VECTORS / "transparency-dev-merkle" / "testdata").rglob("*.json"))


def build_store(leaves: list[bytes]) -> MemoryNodeStore:
    store, frontier = MemoryNodeStore(), CompactRange()
    store.put(frontier.extend(leaf_hash(leaf) for leaf in leaves))
    return store


@pytest.fixture(scope="module")
def tree8() -> MemoryNodeStore:
    return build_store([bytes.fromhex(leaf) for leaf in TREE8["leaves_hex"]])


@pytest.mark.parametrize("case", TREE8["hash_primitives"], ids=lambda case: case["desc"])
def test_hash_primitives(case: dict) -> None:
    if case["kind"] == "empty_root":
        got = EMPTY_ROOT
    elif case["kind"] == "leaf":
        got = leaf_hash(bytes.fromhex(case["input_hex"]))
    else:
        got = node_hash(bytes.fromhex(case["left_hex"]), bytes.fromhex(case["right_hex"]))
    assert got.hex() == case["want_hex"]


def test_tree8_roots_for_every_size(tree8: MemoryNodeStore) -> None:
    assert [root_hash(tree8, size).hex() for size in range(9)] == TREE8["roots_hex"]["by_size"]


def test_tree8_store_holds_exactly_the_complete_subtrees(tree8: MemoryNodeStore) -> None:
    expected = {
        (level, index): bytes.fromhex(hash_hex)
        for level, row in enumerate(TREE8["node_hashes_hex"]["levels"])
        for index, hash_hex in enumerate(row)
    }
    assert tree8.nodes == expected


@pytest.mark.parametrize(
    "case", TREE8["inclusion"], ids=lambda c: f"{c['leaf_index']}@{c['tree_size']}"
)
def test_tree8_inclusion_proofs(tree8: MemoryNodeStore, case: dict) -> None:
    proof = inclusion_proof(tree8, case["leaf_index"], case["tree_size"])
    assert [hash_.hex() for hash_ in proof] == case["proof_hex"]
    leaf = leaf_hash(bytes.fromhex(TREE8["leaves_hex"][case["leaf_index"]]))
    root = bytes.fromhex(TREE8["roots_hex"]["by_size"][case["tree_size"]])
    verify_inclusion(leaf, case["leaf_index"], case["tree_size"], proof, root)


@pytest.mark.parametrize("case", TREE8["consistency"], ids=lambda c: f"{c['size1']}->{c['size2']}")
def test_tree8_consistency_proofs(tree8: MemoryNodeStore, case: dict) -> None:
    proof = consistency_proof(tree8, case["size1"], case["size2"])
    assert [hash_.hex() for hash_ in proof] == case["proof_hex"]
    roots = TREE8["roots_hex"]["by_size"]
    first, second = bytes.fromhex(roots[case["size1"]]), bytes.fromhex(roots[case["size2"]])
    verify_consistency(case["size1"], case["size2"], first, second, proof)


def test_all_transparency_dev_probes_are_present() -> None:
    assert len(PROBES) == 196


def verify_probe(probe: dict) -> None:
    def b64(value: str) -> bytes:
        return base64.b64decode(value)

    proof = [b64(hash_) for hash_ in probe["proof"] or []]
    if "leafIdx" in probe:
        verify_inclusion(
            b64(probe["leafHash"]), probe["leafIdx"], probe["treeSize"], proof, b64(probe["root"])
        )
    else:
        verify_consistency(
            probe["size1"], probe["size2"], b64(probe["root1"]), b64(probe["root2"]), proof
        )


@pytest.mark.parametrize(
    "path", PROBES, ids=lambda p: str(p.relative_to(VECTORS / "transparency-dev-merkle"))
)
def test_transparency_dev_probe(path: Path) -> None:
    probe = json.loads(path.read_text())
    if probe["wantErr"]:
        with pytest.raises(ProofError):
            verify_probe(probe)
    else:
        verify_probe(probe)


# Subtree vectors of draft-ietf-plants-merkle-tree-certs: leaf i is the single byte i; every valid
# [start, end) including empty ones; one line per item, all lines fed into one SHA-256.
ROLLING_SIZE = 130


@pytest.fixture(scope="module")
def tree130() -> MemoryNodeStore:
    return build_store([bytes([i]) for i in range(ROLLING_SIZE)])


def valid_subtrees(max_end: int) -> Iterator[tuple[int, int]]:
    for end in range(max_end + 1):
        for start in range(end + 1):
            if is_valid_subtree(start, end):
                yield start, end


def rolling_digest(lines: Iterator[str]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode())
    return digest.hexdigest()


def proof_suffix(proof: list[bytes]) -> str:
    return "".join(" " + hash_.hex() for hash_ in proof) + "\n"


def test_rolling_subtree_hashes(tree130: MemoryNodeStore) -> None:
    lines = (
        f"[{start}, {end}) {subtree_hash(tree130, start, end).hex()}\n"
        for start, end in valid_subtrees(130)
    )
    assert rolling_digest(lines) == ROLLING["subtree_hash"]["sha256_of_all_lines"]


def test_rolling_subtree_inclusion_proofs(tree130: MemoryNodeStore) -> None:
    lines = (
        f"{index} [{start}, {end})"
        + proof_suffix(subtree_inclusion_proof(tree130, index, start, end))
        for start, end in valid_subtrees(ROLLING_SIZE)
        for index in range(start, end)
    )
    assert rolling_digest(lines) == ROLLING["subtree_inclusion"]["sha256_of_all_lines"]


def test_rolling_subtree_consistency_proofs(tree130: MemoryNodeStore) -> None:
    lines = (
        f"[{start}, {end}) {size}"
        + proof_suffix(subtree_consistency_proof(tree130, start, end, size))
        for size in range(ROLLING_SIZE + 1)
        for start, end in valid_subtrees(size)
    )
    assert rolling_digest(lines) == ROLLING["subtree_consistency"]["sha256_of_all_lines"]

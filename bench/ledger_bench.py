"""Benchmark the ledger's Merkle core without a database against pymerkle 7's InmemoryTree.

    python bench/ledger_bench.py            # 100,000 leaves: well under a minute
    python bench/ledger_bench.py --full     # 1,000,000 leaves

The algorithm's own cost: ``mahalla.ledger.merkle`` over a ``MemoryNodeStore`` (appends,
RFC 9162 proofs and their verification) next to ``pymerkle.InmemoryTree``. Storage, SQL and
the HTTP stack are measured by bench/ledger_django_bench.py. Needs ``pip install -r
bench/requirements.txt`` for the comparison; without it only ours runs.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ledger_harness import (  # noqa: E402
    Table,
    machine,
    pymerkle_version,
    resolve_size,
    seconds,
    size_arguments,
    synthetic_leaf,
    timed,
)

from mahalla.ledger.merkle import (  # noqa: E402
    CompactRange,
    MemoryNodeStore,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_hash,
    verify_consistency,
    verify_inclusion,
)


def bench_ours(n: int, indices: list[int], firsts: list[int], table: Table) -> bytes:
    system = "ours, MemoryNodeStore"
    store, frontier = MemoryNodeStore(), CompactRange()

    def grow() -> None:
        for i in range(n):
            store.put(frontier.append(leaf_hash(synthetic_leaf(i))))

    elapsed = seconds(grow)
    table.add(system, f"append {n:,} leaves, one by one", f"{n / elapsed:,.0f}/s")
    root = frontier.root()
    assert root_hash(store, n) == root
    table.add(system, f"inclusion proof at {n:,}", timed(
        lambda i=i: inclusion_proof(store, i, n) for i in indices).summary())
    table.add(system, f"consistency proof m -> {n:,}", timed(
        lambda m=m: consistency_proof(store, m, n) for m in firsts).summary())
    proofs = [(i, inclusion_proof(store, i, n)) for i in indices]
    table.add("ours", "verify an inclusion proof", timed(
        lambda i=i, p=p: verify_inclusion(store.get(0, i), i, n, p, root)
        for i, p in proofs).summary())
    sample = [(m, consistency_proof(store, m, n), root_hash(store, m)) for m in firsts]
    table.add("ours", "verify a consistency proof", timed(
        lambda s=s: verify_consistency(s[0], n, s[2], root, s[1]) for s in sample).summary())
    return root


def bench_pymerkle(n: int, indices: list[int], firsts: list[int], table: Table,
                   our_root: bytes) -> None:
    version = pymerkle_version()
    if version is None:
        print("pymerkle not installed (pip install -r bench/requirements.txt): ours only")
        return
    from pymerkle import InmemoryTree

    system = f"pymerkle {version} InmemoryTree"
    tree = InmemoryTree()

    def grow() -> None:
        for i in range(n):
            tree.append_entry(synthetic_leaf(i))

    elapsed = seconds(grow)
    table.add(system, f"append {n:,} leaves, one by one", f"{n / elapsed:,.0f}/s")
    assert tree.get_root(n) == our_root, "pymerkle and ours disagree on the root"
    table.add(system, f"inclusion proof at {n:,}", timed(
        lambda i=i: tree.prove_inclusion(i + 1, n) for i in indices).summary())
    table.add(system, f"consistency proof m -> {n:,} (not RFC 9162)", timed(
        lambda m=m: tree.prove_consistency(m, n) for m in firsts).summary())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size_arguments(parser, appends=None, samples=1_000)
    args = parser.parse_args()
    n = resolve_size(args)
    rng = random.Random(1)
    indices = [rng.randrange(n) for _ in range(args.samples)]
    firsts = [rng.randrange(1, n) for _ in range(args.samples)]

    print(machine())
    table = Table()
    our_root = bench_ours(n, indices, firsts, table)
    bench_pymerkle(n, indices, firsts, table, our_root)
    print()
    print(table.render())
    print(f"\n{machine()} (at the end)")


if __name__ == "__main__":
    main()

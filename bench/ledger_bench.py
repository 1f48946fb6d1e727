"""Benchmark the ledger's Merkle log on SQLite against pymerkle 7.

    python bench/ledger_bench.py [--leaves 1000000] [--appends 2000] [--samples 1000]

Ours: complete-subtree hashes in ``nodes(level, idx, hash)`` plus a ``leaves`` table; each
append is its own committed transaction (read size and frontier, insert leaf and new nodes).
pymerkle: ``SqliteTree`` (one committed insert per ``append_entry``; subtree hashes are
recomputed from leaves, with an in-process LRU cache) and ``InmemoryTree``.
Needs ``pip install pymerkle`` (7.x) for the comparison; without it only ours runs.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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

SCHEMA = """
CREATE TABLE IF NOT EXISTS leaves (idx INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
    level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)
) WITHOUT ROWID;
"""
MODES = {
    "default": ("DELETE", "FULL"),  # SQLite's defaults: every commit is fsynced
    "wal": ("WAL", "NORMAL"),  # the usual server setting
}


class SqliteNodeStore:
    """The node-store interface over the ``nodes`` table."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def get(self, level: int, index: int) -> bytes:
        row = self.con.execute(
            "SELECT hash FROM nodes WHERE level = ? AND idx = ?", (level, index)
        ).fetchone()
        if row is None:
            raise KeyError((level, index))
        return row[0]

    def get_many(self, keys: list[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        if not keys:
            return {}
        # An OR of equalities uses the primary key; (level, idx) IN (VALUES ...) scans the table.
        where = " OR ".join(["(level = ? AND idx = ?)"] * len(keys))
        params = [value for key in keys for value in key]
        rows = self.con.execute(f"SELECT level, idx, hash FROM nodes WHERE {where}", params)
        return {(level, idx): hash_ for level, idx, hash_ in rows}


def connect(path: Path, mode: str) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    journal, synchronous = MODES[mode]
    con.execute(f"PRAGMA journal_mode = {journal}")
    con.execute(f"PRAGMA synchronous = {synchronous}")
    con.executescript(SCHEMA)
    return con


def event(i: int) -> bytes:
    """A leaf shaped like the ledger's: canonical JSON of ids and hashes, ~130 bytes."""
    digest = hashlib.sha256(b"payload %d" % i).hexdigest()
    return b'{"event":%d,"kind":"appeal.created","payload_sha256":"%s"}' % (i, digest.encode())


def append_one(con: sqlite3.Connection, store: SqliteNodeStore, data: bytes) -> None:
    """Append a leaf in its own transaction, as a request handler would."""
    con.execute("BEGIN IMMEDIATE")
    try:
        size = con.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM leaves").fetchone()[0]
        frontier = CompactRange.from_store(store, size)
        nodes = frontier.append(leaf_hash(data))
        con.execute("INSERT INTO leaves (idx, data) VALUES (?, ?)", (size, data))
        con.executemany("INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)", nodes)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def bulk_build(con: sqlite3.Connection, leaves: int) -> bytes:
    """Insert ``leaves`` leaves and all their nodes in one transaction; return the root."""
    frontier = CompactRange()

    def nodes() -> Iterator[tuple[int, int, bytes]]:
        for i in range(leaves):
            yield from frontier.append(leaf_hash(event(i)))

    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO leaves (idx, data) VALUES (?, ?)", ((i, event(i)) for i in range(leaves))
    )
    con.executemany("INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)", nodes())
    con.execute("COMMIT")
    return frontier.root()


def timed(calls: Iterable[Callable[[], object]]) -> list[float]:
    """Microseconds per call."""
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1e6)
    return times


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"


def stats(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered):,.0f} µs, p95 {p95:,.0f} µs (n={len(ordered)})"


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def add(self, system: str, measure: str, value: str) -> None:
        self.rows.append((system, measure, value))
        print(f"  {system:<28} {measure:<44} {value}", flush=True)

    def render(self) -> str:
        widths = [max(len(row[i]) for row in self.rows) for i in range(3)]
        line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        out = [line]
        for row in self.rows:
            out.append(
                "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
            )
        out.append(line)
        return "\n".join(out)


def bench_ours(workdir: Path, args: argparse.Namespace, table: Table) -> bytes:
    for mode in MODES:
        con = connect(workdir / f"ours-appends-{mode}.sqlite3", mode)
        store = SqliteNodeStore(con)
        start = time.perf_counter()
        for i in range(args.appends):
            append_one(con, store, event(i))
        table.add(
            f"ours, SQLite {mode}",
            "append, 1 leaf per commit (empty log)",
            rate(args.appends, time.perf_counter() - start),
        )
        con.close()

    con = connect(workdir / "ours-big.sqlite3", "wal")
    store = SqliteNodeStore(con)
    start = time.perf_counter()
    root = bulk_build(con, args.leaves)
    table.add(
        "ours, SQLite wal",
        f"bulk build {args.leaves:,} leaves (one tx)",
        f"{time.perf_counter() - start:,.1f} s",
    )
    assert root_hash(store, args.leaves) == root

    n, rng = args.leaves, random.Random(1)
    indices = [rng.randrange(n) for _ in range(args.samples)]
    table.add(
        "ours, SQLite wal",
        f"inclusion proof at {n:,}",
        stats(timed(lambda i=i: inclusion_proof(store, i, n) for i in indices)),
    )
    proofs = [(i, inclusion_proof(store, i, n)) for i in indices[:200]]
    leaf_hashes = {i: store.get(0, i) for i, _ in proofs}
    table.add(
        "ours",
        "verify inclusion proof",
        stats(
            timed(
                lambda i=i, p=p: verify_inclusion(leaf_hashes[i], i, n, p, root) for i, p in proofs
            )
        ),
    )
    firsts = [rng.randrange(1, n) for _ in range(args.samples)]
    table.add(
        "ours, SQLite wal",
        f"consistency proof m -> {n:,}",
        stats(timed(lambda m=m: consistency_proof(store, m, n) for m in firsts)),
    )
    sample = [(m, consistency_proof(store, m, n), root_hash(store, m)) for m in firsts[:200]]
    table.add(
        "ours",
        "verify consistency proof",
        stats(timed(lambda s=s: verify_consistency(s[0], n, s[2], root, s[1]) for s in sample)),
    )
    table.add(
        "ours, SQLite wal",
        f"root hash at {n:,}",
        stats(timed(lambda: root_hash(store, n) for _ in range(args.samples))),
    )

    bench_ours_in_memory(n, indices, firsts, table)

    start = time.perf_counter()
    extra = min(args.appends, 500)
    for i in range(extra):
        append_one(con, store, event(n + i))
    table.add(
        "ours, SQLite wal",
        f"append, 1 leaf per commit (at {n:,})",
        rate(extra, time.perf_counter() - start),
    )
    con.close()
    return root


def bench_ours_in_memory(n: int, indices: list[int], firsts: list[int], table: Table) -> None:
    """The same proofs from a dict: the algorithm's own cost, without SQL."""
    memory, frontier = MemoryNodeStore(), CompactRange()
    start = time.perf_counter()
    for i in range(n):
        memory.put(frontier.append(leaf_hash(event(i))))
    table.add("ours, MemoryNodeStore", f"append {n:,} leaves", rate(n, time.perf_counter() - start))
    table.add(
        "ours, MemoryNodeStore",
        f"inclusion proof at {n:,}",
        stats(timed(lambda i=i: inclusion_proof(memory, i, n) for i in indices)),
    )
    table.add(
        "ours, MemoryNodeStore",
        f"consistency proof m -> {n:,}",
        stats(timed(lambda m=m: consistency_proof(memory, m, n) for m in firsts)),
    )


def bench_pymerkle(workdir: Path, args: argparse.Namespace, table: Table, our_root: bytes) -> None:
    try:
        import pymerkle
        from pymerkle import InmemoryTree, SqliteTree
    except ImportError:
        print("pymerkle not installed: skipping the comparison")
        return
    version = f"pymerkle {pymerkle.__version__}" if hasattr(pymerkle, "__version__") else "pymerkle"

    for mode, (journal, synchronous) in MODES.items():
        tree = SqliteTree(str(workdir / f"pymerkle-appends-{mode}.sqlite3"))
        tree.con.execute(f"PRAGMA journal_mode = {journal}")
        tree.con.execute(f"PRAGMA synchronous = {synchronous}")
        start = time.perf_counter()
        for i in range(args.appends):
            tree.append_entry(event(i))
        table.add(
            f"{version} SqliteTree {mode}",
            "append_entry, 1 per commit (empty log)",
            rate(args.appends, time.perf_counter() - start),
        )
        tree.close()

    n, rng = args.leaves, random.Random(1)
    tree = SqliteTree(str(workdir / "pymerkle-big.sqlite3"))
    tree.con.execute("PRAGMA journal_mode = WAL")
    tree.con.execute("PRAGMA synchronous = NORMAL")
    start = time.perf_counter()
    tree.append_entries(event(i) for i in range(n))
    table.add(
        f"{version} SqliteTree wal",
        f"append_entries {n:,} (bulk, one tx)",
        f"{time.perf_counter() - start:,.1f} s",
    )
    start = time.perf_counter()
    same_root = tree.get_root(n) == our_root
    table.add(
        f"{version} SqliteTree wal",
        f"first get_root at {n:,} (cold cache)",
        f"{time.perf_counter() - start:,.2f} s, equals ours: {same_root}",
    )

    cold = []
    for _ in range(args.cold_samples):
        tree.cache_clear()
        index = rng.randrange(n)
        cold.extend(timed([lambda index=index: tree.prove_inclusion(index + 1, n)]))
    table.add(f"{version} SqliteTree wal", f"inclusion proof at {n:,}, cache cleared", stats(cold))
    indices = [rng.randrange(n) for _ in range(args.samples)]
    for index in indices[:20]:
        tree.prove_inclusion(index + 1, n)
    table.add(
        f"{version} SqliteTree wal",
        f"inclusion proof at {n:,}, warm cache",
        stats(timed(lambda i=i: tree.prove_inclusion(i + 1, n) for i in indices)),
    )
    firsts = [rng.randrange(1, n) for _ in range(args.samples)]
    table.add(
        f"{version} SqliteTree wal",
        f"consistency proof m -> {n:,}, warm cache",
        stats(timed(lambda m=m: tree.prove_consistency(m, n) for m in firsts)),
    )
    tree.close()

    memory = InmemoryTree()
    count = min(n, 200_000)
    start = time.perf_counter()
    for i in range(count):
        memory.append_entry(event(i))
    table.add(
        f"{version} InmemoryTree",
        f"append_entry (first {count:,})",
        rate(count, time.perf_counter() - start),
    )
    start = time.perf_counter()
    memory.append_entries(event(i) for i in range(count, n))
    table.add(
        f"{version} InmemoryTree", f"grow to {n:,} leaves", f"{time.perf_counter() - start:,.1f} s"
    )
    assert memory.get_root(n) == our_root
    table.add(
        f"{version} InmemoryTree",
        f"inclusion proof at {n:,}",
        stats(timed(lambda i=i: memory.prove_inclusion(i + 1, n) for i in indices)),
    )
    table.add(
        f"{version} InmemoryTree",
        f"consistency proof m -> {n:,}",
        stats(timed(lambda m=m: memory.prove_consistency(m, n) for m in firsts)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leaves", type=int, default=1_000_000, help="tree size for proof timings")
    parser.add_argument("--appends", type=int, default=2_000, help="committed appends timed")
    parser.add_argument("--samples", type=int, default=1_000, help="proofs timed per measure")
    parser.add_argument(
        "--cold-samples", type=int, default=5, help="pymerkle proofs after cache_clear"
    )
    parser.add_argument(
        "--workdir", type=Path, help="where the SQLite files go (default: a temp dir)"
    )
    args = parser.parse_args()

    print(
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}; modes: "
        + ", ".join(f"{m} = journal {j}, synchronous {s}" for m, (j, s) in MODES.items())
    )
    table = Table()
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        our_root = bench_ours(Path(tmp), args, table)
        bench_pymerkle(Path(tmp), args, table, our_root)
    print()
    print(table.render())


if __name__ == "__main__":
    main()

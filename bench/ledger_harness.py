"""Timing and reporting shared by the ledger benchmarks (ledger_bench.py, ledger_django_bench.py).

- ``timed`` / ``Latencies``: per-call wall time, reported as rate, median and p95;
- ``interleaved``: contenders run in alternating rounds, so that a busy machine slows all of
  them alike and their ratio stays meaningful;
- ``Table``: rows printed as they come and rendered at the end as a Markdown table;
- ``pymerkle_*``: the comparison library, as it ships and with our SQLite settings;
- ``size_arguments``: the same ``--leaves`` / ``--full`` switches for both scripts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

FULL_LEAVES = 1_000_000
DEFAULT_LEAVES = 100_000

# SQLite as pymerkle ships it (its defaults: rollback journal, fsync on every commit) and as our
# settings open the database (config/settings.py; see docs/LEDGER.md on durability).
SQLITE_AS_SHIPPED: tuple[str, ...] = ()
SQLITE_OURS = ("journal_mode = WAL", "synchronous = NORMAL")


def size_arguments(parser: argparse.ArgumentParser, *, appends: int | None, samples: int) -> None:
    parser.add_argument("--leaves", type=int, default=DEFAULT_LEAVES,
                        help=f"tree size for proofs and appends (default {DEFAULT_LEAVES:,})")
    parser.add_argument("--full", action="store_const", const=FULL_LEAVES, dest="full",
                        help=f"measure at {FULL_LEAVES:,} leaves (minutes, not seconds)")
    if appends is not None:
        parser.add_argument("--appends", type=int, default=appends,
                            help="committed appends timed per contender")
    parser.add_argument("--samples", type=int, default=samples, help="proofs timed per measure")


def resolve_size(args: argparse.Namespace) -> int:
    return args.full or args.leaves


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Latencies:
    """Per-call times in microseconds."""

    micros: list[float]

    @property
    def rate(self) -> float:
        return len(self.micros) / (sum(self.micros) / 1e6)

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.micros)
        return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]

    def summary(self) -> str:
        return (f"median {statistics.median(self.micros):,.0f} µs, "
                f"p95 {self.percentile(0.95):,.0f} µs (n={len(self.micros)})")

    def rate_summary(self) -> str:
        return f"{self.rate:,.0f}/s; {self.summary()}"


def timed(calls: Iterable[Callable[[], object]]) -> Latencies:
    """Time each call on its own."""
    micros = []
    for call in calls:
        start = time.perf_counter()
        call()
        micros.append((time.perf_counter() - start) * 1e6)
    return Latencies(micros)


def interleaved(contenders: dict[str, Callable[[int], object]], count: int,
                rounds: int = 10) -> dict[str, Latencies]:
    """Call each contender ``count`` times with 0, 1, 2, ..., in alternating rounds.

    Each is warmed up with one untimed call (argument -1) first.
    """
    for call in contenders.values():
        call(-1)
    result = {name: Latencies([]) for name in contenders}
    per_round = max(1, count // rounds)
    for start in range(0, count, per_round):
        numbers = range(start, min(count, start + per_round))
        for name, call in contenders.items():
            times = timed(lambda n=n, call=call: call(n) for n in numbers)
            result[name].micros.extend(times.micros)
    return result


def seconds(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def synthetic_leaf(i: int) -> bytes:
    """Bytes shaped like a real leaf (canonical JSON of ids and hashes, ~220 bytes)."""
    return (b'{"actor_role":"system","event_id":%d,"object_id":"%d","object_type":"bench.thing",'
            b'"payload_sha256":"%064x","time":"2026-01-01T00:00:00.000000Z","type":"bench.bulk"}'
            % (i, i, i))


def machine() -> str:
    import sqlite3

    return (f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")


# --- reporting ----------------------------------------------------------------------------------


class Table:
    """Rows of (system, measure, value): printed at once, rendered as Markdown at the end."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def add(self, system: str, measure: str, value: str) -> None:
        self.rows.append((system, measure, value))
        print(f"  {system:<44} {measure:<50} {value}", flush=True)

    def render(self) -> str:
        header = ("system", "measure", "result")
        widths = [max(len(row[i]) for row in [header, *self.rows]) for i in range(3)]

        def line(cells) -> str:
            return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

        rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
        return "\n".join([line(header), rule, *(line(row) for row in self.rows)])


# --- pymerkle -----------------------------------------------------------------------------------


def pymerkle_version() -> str | None:
    """The installed pymerkle version, or None (``pip install -r bench/requirements.txt``)."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("pymerkle")
    except PackageNotFoundError:
        return None


def pymerkle_sqlite_tree(path: Path, pragmas: tuple[str, ...]):
    """A pymerkle ``SqliteTree`` at ``path`` with the given PRAGMAs applied."""
    from pymerkle import SqliteTree

    tree = SqliteTree(str(path))
    for pragma in pragmas:
        tree.con.execute(f"PRAGMA {pragma}")
    return tree

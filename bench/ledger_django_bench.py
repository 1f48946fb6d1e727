"""Benchmark the ledger as the platform runs it (Django, real services) against pymerkle 7.

    python bench/ledger_django_bench.py [--leaves 1000000] [--appends 2000] [--samples 1000]
        [--database-url postgres://user@host:port/any] [--no-pymerkle-proofs]

Everything runs in a fresh temporary place: a SQLite file under a temp dir by default, or a
temporary database created (and dropped) on the PostgreSQL server of ``--database-url`` /
``DATABASE_URL``. It migrates, then measures

- persisted appends: ``record_event`` (DomainEvent row + ledger leaf), one per committed
  transaction, from one writer and from several threads;
- inclusion and consistency proofs at ``--leaves`` through the API's service functions and
  through the whole HTTP stack (Django test client). The tree is grown to that size with a
  bulk path written for this benchmark only: ``CompactRange`` over generated leaf hashes and
  ``bulk_create`` of the nodes. Those synthetic leaves have no ``LedgerEntry`` rows; proofs
  read only nodes;
- pymerkle 7 ``SqliteTree`` (``pip install -r bench/requirements.txt``): ``append_entry`` one
  per call, as it ships (SQLite defaults: rollback journal, synchronous FULL) and with the WAL
  settings our SQLite database uses; its proofs at the same size (warm and cold LRU cache).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mahalla.ledger.note import generate_key  # noqa: E402  (Django-free)

ORIGIN = "bench.mahalla.local/ledger"
DEV_PD_KEY = "bWFoYWxsYS1kZXZlbG9wbWVudC1vbmx5LWtleS0wMDA="


def configure(workdir: Path, database_url: str) -> None:
    """Point the settings at the temporary place before Django is imported."""
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "MAHALLA_VAR_DIR": str(workdir / "var"),
        "DATABASE_URL": database_url,
        "DEBUG": "0",  # DEBUG would keep every SQL statement in memory
        "MAHALLA_TESTING": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PERSONAL_DATA_KEYS": DEV_PD_KEY,
        "SECURE_SSL_REDIRECT": "0",
        "LEDGER_ORIGIN": ORIGIN,
        "LEDGER_SIGNING_KEY": generate_key(ORIGIN)[0],
        "LOG_LEVEL": "WARNING",
    })


def create_postgres_database(url: str) -> tuple[str, Callable[[], None]]:
    """Create a throwaway database on the server of ``url``; return its URL and a dropper."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"mahalla_ledger_bench_{os.getpid()}"
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), drop


# --- measuring and printing ---------------------------------------------------------------


def timed(calls: Iterable[Callable[[], object]]) -> list[float]:
    """Microseconds per call."""
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1e6)
    return times


def stats(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered):,.0f} µs, p95 {p95:,.0f} µs (n={len(ordered)})"


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def add(self, system: str, measure: str, value: str) -> None:
        self.rows.append((system, measure, value))
        print(f"  {system:<34} {measure:<46} {value}", flush=True)

    def render(self) -> str:
        widths = [max(len(row[i]) for row in self.rows) for i in range(3)]
        line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        body = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
                for row in self.rows]
        return "\n".join([line, *body, line])


def synthetic_leaf(i: int) -> bytes:
    """Bytes shaped like a real leaf (canonical JSON of ids and hashes, ~220 bytes)."""
    return (b'{"actor_role":"system","event_id":%d,"object_id":"%d","object_type":"bench.thing",'
            b'"payload_sha256":"%064x","time":"2026-01-01T00:00:00.000000Z","type":"bench.bulk"}'
            % (i, i, i))


# --- ours, through Django -------------------------------------------------------------------


def bench_ours(args: argparse.Namespace, table: Table, system: str) -> None:
    from django.db import connection, transaction
    from django.test import Client

    from mahalla.core.events import record_event
    from mahalla.ledger import merkle, services
    from mahalla.ledger.models import LogHead

    def append(i: int) -> None:
        with transaction.atomic():
            record_event(type="bench.append", object_type="bench.thing", object_id=i,
                         payload={"i": i})

    # Warm up the connection and the head row, then time committed appends one by one.
    append(-1)
    latencies = timed(lambda i=i: append(i) for i in range(args.appends))
    table.add(system, "record_event + leaf, 1 per commit (empty log)",
              f"{rate(len(latencies), sum(latencies) / 1e6)}; {stats(latencies)}")

    def writer(start: int, count: int) -> None:
        try:
            for i in range(start, start + count):
                append(i)
        finally:
            connection.close()

    per_thread = max(1, args.appends // args.threads)
    threads = [threading.Thread(target=writer, args=(10**9 + n * per_thread, per_thread))
               for n in range(args.threads)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    table.add(system, f"record_event + leaf, {args.threads} writer threads",
              rate(per_thread * args.threads, time.perf_counter() - start))
    size = LogHead.objects.get().size
    assert bytes(LogHead.objects.get().root) == merkle.root_hash(services.store, size)

    start = time.perf_counter()
    bulk_extend(args.leaves)
    table.add(system, f"bulk build to {args.leaves:,} leaves (bench only)",
              f"{time.perf_counter() - start:,.1f} s")
    n = args.leaves
    root = bytes(LogHead.objects.get().root)
    assert merkle.root_hash(services.store, n) == root

    rng = random.Random(1)
    indices = [rng.randrange(n) for _ in range(args.samples)]
    firsts = [rng.randrange(1, n) for _ in range(args.samples)]
    for index in indices[:50]:  # correctness, not timed
        proof = services.inclusion_proof(index=index, tree_size=n)
        merkle.verify_inclusion(services.store.get(0, index), index, n, proof, root)
    for first in firsts[:50]:
        proof = services.consistency_proof(first=first, second=n)
        merkle.verify_consistency(first, n, merkle.root_hash(services.store, first), root, proof)

    table.add(system, f"inclusion proof at {n:,} (service)", stats(timed(
        lambda i=i: services.inclusion_proof(index=i, tree_size=n) for i in indices)))
    table.add(system, f"consistency proof m -> {n:,} (service)", stats(timed(
        lambda m=m: services.consistency_proof(first=m, second=n) for m in firsts)))

    client = Client()

    def get(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, response.content

    table.add(system, f"GET /proof/inclusion at {n:,} (HTTP stack)", stats(timed(
        lambda i=i: get(f"/api/v1/ledger/proof/inclusion?index={i}&tree_size={n}")
        for i in indices)))
    table.add(system, f"GET /proof/consistency -> {n:,} (HTTP stack)", stats(timed(
        lambda m=m: get(f"/api/v1/ledger/proof/consistency?first={m}&second={n}")
        for m in firsts)))

    extra = min(args.appends, 500)
    latencies = timed(lambda i=i: append(2 * 10**9 + i) for i in range(extra))
    table.add(system, f"record_event + leaf, 1 per commit (at {n:,})",
              f"{rate(extra, sum(latencies) / 1e6)}; {stats(latencies)}")

    start = time.perf_counter()
    services.publish_checkpoint()
    table.add(system, f"publish_checkpoint at {n + extra:,}",
              f"{(time.perf_counter() - start) * 1e3:,.1f} ms")


def bulk_extend(target: int, batch: int = 100_000) -> None:
    """Grow the tree to ``target`` synthetic leaves: nodes and head only, in one transaction.

    For benchmarking only: rows go in by ``executemany`` (SQLite) or ``COPY`` (PostgreSQL).
    """
    from django.db import connection, transaction

    from mahalla.ledger import merkle, services
    from mahalla.ledger.models import LedgerNode, LogHead

    table = connection.ops.quote_name(LedgerNode._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("level", "index", "hash"))

    def write(rows: list) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg 3
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)", rows)

    with transaction.atomic():
        head = LogHead.objects.select_for_update().get()
        frontier = merkle.CompactRange.from_store(services.store, head.size)
        pending: list = []
        for i in range(head.size, target):
            pending.extend(frontier.append(merkle.leaf_hash(synthetic_leaf(i))))
            if len(pending) >= batch:
                write(pending)
                pending.clear()
        write(pending)
        head.size, head.root = frontier.size, frontier.root()
        head.save(update_fields=["size", "root"])


# --- pymerkle -------------------------------------------------------------------------------


def bench_pymerkle(workdir: Path, args: argparse.Namespace, table: Table) -> None:
    try:
        from importlib.metadata import version

        from pymerkle import SqliteTree
    except ImportError:
        print("pymerkle not installed (pip install -r bench/requirements.txt): skipping it")
        return
    name = f"pymerkle {version('pymerkle')} SqliteTree"

    for label, pragmas in [("as shipped", ()),
                           ("WAL, synchronous NORMAL", ("journal_mode = WAL",
                                                        "synchronous = NORMAL"))]:
        tree = SqliteTree(str(workdir / f"pymerkle-{len(pragmas)}.sqlite3"))
        for pragma in pragmas:
            tree.con.execute(f"PRAGMA {pragma}")
        tree.append_entry(synthetic_leaf(-1))
        latencies = timed(lambda i=i, tree=tree: tree.append_entry(synthetic_leaf(i))
                          for i in range(args.appends))
        table.add(f"{name}, {label}", "append_entry, 1 per commit (empty log)",
                  f"{rate(len(latencies), sum(latencies) / 1e6)}; {stats(latencies)}")
        tree.close()

    if not args.pymerkle_proofs:
        return
    n, rng = args.leaves, random.Random(1)
    tree = SqliteTree(str(workdir / "pymerkle-big.sqlite3"))
    tree.con.execute("PRAGMA journal_mode = WAL")
    tree.con.execute("PRAGMA synchronous = NORMAL")
    start = time.perf_counter()
    tree.append_entries(synthetic_leaf(i) for i in range(n))
    table.add(f"{name}, WAL", f"append_entries {n:,} (bulk, one tx)",
              f"{time.perf_counter() - start:,.1f} s")
    cold = []
    for _ in range(5):
        tree.cache_clear()
        index = rng.randrange(n)
        cold.extend(timed([lambda index=index: tree.prove_inclusion(index + 1, n)]))
    table.add(f"{name}, WAL", f"inclusion proof at {n:,}, cache cleared", stats(cold))
    indices = [rng.randrange(n) for _ in range(args.samples)]
    firsts = [rng.randrange(1, n) for _ in range(args.samples)]
    table.add(f"{name}, WAL", f"inclusion proof at {n:,}, warm cache", stats(timed(
        lambda i=i: tree.prove_inclusion(i + 1, n) for i in indices)))
    table.add(f"{name}, WAL", f"consistency proof m -> {n:,}, warm cache", stats(timed(
        lambda m=m: tree.prove_consistency(m, n) for m in firsts)))
    tree.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leaves", type=int, default=1_000_000, help="tree size for proofs")
    parser.add_argument("--appends", type=int, default=2_000, help="committed appends timed")
    parser.add_argument("--threads", type=int, default=4, help="writer threads for appends")
    parser.add_argument("--samples", type=int, default=1_000, help="proofs timed per measure")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="a PostgreSQL server to use (a temporary database is created)")
    parser.add_argument("--no-pymerkle-proofs", dest="pymerkle_proofs", action="store_false",
                        help="skip growing a pymerkle tree to --leaves for its proof timings")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mahalla-ledger-bench-") as tmp:
        workdir = Path(tmp)
        drop = None
        if args.database_url.startswith(("postgres://", "postgresql://")):
            database_url, drop = create_postgres_database(args.database_url)
        else:
            database_url = f"sqlite:///{workdir / 'ledger.sqlite3'}"
        configure(workdir, database_url)
        try:
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connection, connections

            call_command("migrate", verbosity=0)
            version = (connection.pg_version if connection.vendor == "postgresql"
                       else sqlite3.sqlite_version)
            system = f"ours, Django + {connection.vendor}"
            print(f"Python {sys.version.split()[0]}, {connection.vendor} {version}, "
                  f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, "
                  f"load average {os.getloadavg()[0]:.1f}")
            table = Table()
            bench_ours(args, table, system)
            connections.close_all()
            bench_pymerkle(workdir, args, table)
        finally:
            if drop is not None:
                from django.db import connections

                connections.close_all()
                drop()
    print()
    print(table.render())
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

"""Benchmark the ledger as the platform runs it (Django, real tables) against pymerkle 7.

    python bench/ledger_django_bench.py            # 100,000 leaves: about a minute
    python bench/ledger_django_bench.py --full     # 1,000,000 leaves: several minutes
        [--database-url postgres://user@host:port/any] [--appends N] [--samples N]

Everything runs in a fresh temporary place: a SQLite file under a temp dir (opened with the
project's settings: WAL, synchronous NORMAL), or a temporary database created (and dropped) on
the PostgreSQL server of ``--database-url`` / ``DATABASE_URL``. pymerkle always uses SQLite
files in the temp dir. Steps:

1. bulk load ``--leaves`` leaves in the ledger's own storage format (events, entries, nodes,
   head with its frontier), by COPY / executemany: bench only;
2. persisted appends at that size, one leaf per committed transaction, the contenders in
   alternating rounds: ``record_event`` (DomainEvent row + leaf, what a service does), the
   ledger's own append (``services.append_event`` for an event row made beforehand), pymerkle
   ``SqliteTree.append_entry`` as it ships and with our SQLite settings, and pymerkle
   ``InmemoryTree`` (not persisted, for scale); then ``record_event`` from several threads;
3. inclusion and consistency proofs at that size, through the service functions and through
   the whole HTTP stack (Django test client), and pymerkle's proofs on trees of that size.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import sys
import tempfile
import threading
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ledger_harness import (  # noqa: E402
    SQLITE_AS_SHIPPED,
    SQLITE_OURS,
    Latencies,
    Table,
    interleaved,
    machine,
    pymerkle_sqlite_tree,
    pymerkle_version,
    resolve_size,
    seconds,
    size_arguments,
    synthetic_leaf,
    timed,
)

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


# --- bulk load (bench only) ---------------------------------------------------------------------


def bulk_load(leaves: int, batch: int = 50_000) -> None:
    """Fill an empty log with ``leaves`` synthetic events and leaves, in the ledger's format.

    Rows go in by COPY (PostgreSQL) or executemany (SQLite), with ids chosen here; the
    sequences are reset afterwards so the platform's own inserts continue after them.
    """
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from mahalla.core.models import DomainEvent
    from mahalla.ledger import merkle
    from mahalla.ledger.models import LedgerEntry, LedgerNode, LogHead, node_position

    def columns(model, names):
        return [model._meta.get_field(name).column for name in names]

    def write(model, names, rows) -> None:
        table = connection.ops.quote_name(model._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(c) for c in columns(model, names))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(names))
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)

    now = timezone.now()
    when = now if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(
        now)
    payload_hash = "0" * 64
    event_names = ["id", "type", "object_type", "object_id", "actor_role", "created_at",
                   "payload", "payload_hash"]
    with transaction.atomic():
        head = LogHead.objects.select_for_update().get()
        assert head.size == 0 and not DomainEvent.objects.exists(), "bulk_load needs an empty log"
        frontier = merkle.CompactRange()
        for start in range(0, leaves, batch):
            numbers = range(start, min(leaves, start + batch))
            data = [synthetic_leaf(i) for i in numbers]
            write(DomainEvent, event_names,
                  [(i + 1, "bench.bulk", "bench.thing", str(i), "system", when, "{}",
                    payload_hash) for i in numbers])
            write(LedgerEntry, ["index", "event", "leaf_data", "created_at"],
                  [(i, i + 1, leaf, when) for i, leaf in zip(numbers, data, strict=True)])
            nodes = frontier.extend(merkle.leaf_hash(leaf) for leaf in data)
            write(LedgerNode, ["position", "level", "index", "hash"],
                  [(node_position(n.level, n.index), n.level, n.index, n.hash) for n in nodes])
        LogHead.objects.filter(pk=head.pk).update(size=frontier.size, root=frontier.root(),
                                                  frontier=b"".join(frontier.hashes))
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [DomainEvent]):
                cursor.execute(sql)
    if connection.vendor == "postgresql":
        # What autovacuum does to a table after a load: statistics and the visibility map.
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table)
                           for model in (DomainEvent, LedgerEntry, LedgerNode))
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")


# --- ours, through Django -----------------------------------------------------------------------


def bench_appends(args, table: Table, system: str, workdir: Path, n: int) -> None:
    """Persisted appends at ``n`` leaves, ours and pymerkle's in alternating rounds."""
    from django.db import transaction

    from mahalla.core.events import record_event
    from mahalla.core.models import DomainEvent
    from mahalla.ledger import services

    def with_event(i: int) -> None:
        with transaction.atomic():
            record_event(type="bench.append", object_type="bench.thing", object_id=i,
                         payload={"i": i})

    # Event rows for the ledger-only contender, written beforehand (not timed).
    made = DomainEvent.objects.bulk_create(
        DomainEvent(type="bench.made", object_type="bench.thing", object_id=str(i),
                    actor_role="system", payload={}, payload_hash="0" * 64)
        for i in range(args.appends + 1))

    def ledger_only(i: int) -> None:
        with transaction.atomic():
            services.append_event(made[i + 1])

    contenders: dict[str, Callable[[int], object]] = {
        f"{system}: record_event + leaf": with_event,
        f"{system}: ledger append only": ledger_only,
    }
    trees = []
    version = pymerkle_version()
    if version:
        for label, pragmas, path in [("as shipped", SQLITE_AS_SHIPPED, "pymerkle-shipped.sqlite3"),
                                     ("WAL, synchronous NORMAL", SQLITE_OURS,
                                      "pymerkle-wal.sqlite3")]:
            tree = pymerkle_sqlite_tree(workdir / path, pragmas)
            trees.append(tree)
            contenders[f"pymerkle {version} SqliteTree, {label}"] = (
                lambda i, tree=tree: tree.append_entry(synthetic_leaf(n + i)))
    results = interleaved(contenders, args.appends)
    for tree in trees:
        tree.close()
    base = None
    for name, latencies in results.items():
        if "as shipped" in name:
            base = latencies.rate
    for name, latencies in results.items():
        ratio = f" = {latencies.rate / base:.1f}× SqliteTree as shipped" if base else ""
        system_name, _, measure = name.partition(": ")
        table.add(system_name, f"{measure or 'append_entry'}, 1 per commit, at {n:,}",
                  latencies.rate_summary() + ratio)
    if version:
        from pymerkle import InmemoryTree

        memory = InmemoryTree()
        memory.append_entries(synthetic_leaf(i) for i in range(min(n, 10_000)))
        latencies = timed(lambda i=i: memory.append_entry(synthetic_leaf(i))
                          for i in range(args.appends))
        table.add(f"pymerkle {version} InmemoryTree", "append_entry (memory only, no commit)",
                  latencies.rate_summary())


def bench_threads(args, table: Table, system: str) -> None:
    from django.db import connection, transaction

    from mahalla.core.events import record_event

    def writer(number: int, count: int) -> None:
        try:
            for i in range(count):
                with transaction.atomic():
                    record_event(type="bench.parallel", object_type="bench.thing",
                                 object_id=f"{number}-{i}")
        finally:
            connection.close()

    per_thread = max(1, args.appends // args.threads)
    threads = [threading.Thread(target=writer, args=(n, per_thread))
               for n in range(args.threads)]

    def run() -> None:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    elapsed = seconds(run)
    table.add(system, f"record_event + leaf, {args.threads} writer threads",
              f"{per_thread * args.threads / elapsed:,.0f}/s")


def bench_proofs(args, table: Table, system: str, n: int) -> tuple[list[int], list[int]]:
    from django.test import Client

    from mahalla.ledger import merkle, services
    from mahalla.ledger.models import LogHead

    head = LogHead.objects.get()
    size, root = head.size, bytes(head.root)
    assert merkle.root_hash(services.store, size) == root
    rng = random.Random(1)
    indices = [rng.randrange(n) for _ in range(args.samples)]
    firsts = [rng.randrange(1, n) for _ in range(args.samples)]
    for index in indices[:50]:  # correctness, not timed
        proof = services.inclusion_proof(index=index, tree_size=size)
        merkle.verify_inclusion(services.store.get(0, index), index, size, proof, root)
    for first in firsts[:50]:
        proof = services.consistency_proof(first=first, second=size)
        merkle.verify_consistency(first, size, merkle.root_hash(services.store, first), root,
                                  proof)

    table.add(system, f"inclusion proof at {size:,} (service)", timed(
        lambda i=i: services.inclusion_proof(index=i, tree_size=size) for i in indices).summary())
    table.add(system, f"consistency proof m -> {size:,} (service)", timed(
        lambda m=m: services.consistency_proof(first=m, second=size) for m in firsts).summary())

    client = Client()

    def get(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, response.content

    table.add(system, f"GET /proof/inclusion at {size:,} (HTTP stack)", timed(
        lambda i=i: get(f"/api/v1/ledger/proof/inclusion?index={i}&tree_size={size}")
        for i in indices).summary())
    table.add(system, f"GET /proof/consistency -> {size:,} (HTTP stack)", timed(
        lambda m=m: get(f"/api/v1/ledger/proof/consistency?first={m}&second={size}")
        for m in firsts).summary())
    elapsed = seconds(services.publish_checkpoint)
    table.add(system, f"publish_checkpoint at {size:,}", f"{elapsed * 1e3:,.1f} ms")
    return indices, firsts


# --- pymerkle proofs ----------------------------------------------------------------------------


def bench_pymerkle_proofs(args, table: Table, workdir: Path, n: int, indices, firsts) -> None:
    from pymerkle import InmemoryTree

    version = pymerkle_version()
    name = f"pymerkle {version} SqliteTree, WAL"
    tree = pymerkle_sqlite_tree(workdir / "pymerkle-proofs.sqlite3", SQLITE_OURS)
    elapsed = seconds(lambda: tree.append_entries(synthetic_leaf(i) for i in range(n)))
    table.add(name, f"append_entries {n:,} (bulk, one transaction)", f"{elapsed:,.1f} s")
    rng = random.Random(2)
    cold = Latencies([])
    for _ in range(5):
        tree.cache_clear()
        index = rng.randrange(n)
        cold.micros.extend(timed([lambda index=index: tree.prove_inclusion(index + 1, n)]).micros)
    table.add(name, f"inclusion proof at {n:,}, cache cleared", cold.summary())
    for index in indices[:20]:
        tree.prove_inclusion(index + 1, n)
    table.add(name, f"inclusion proof at {n:,}, warm cache", timed(
        lambda i=i: tree.prove_inclusion(i + 1, n) for i in indices).summary())
    table.add(name, f"consistency proof m -> {n:,}, warm cache (not RFC 9162)", timed(
        lambda m=m: tree.prove_consistency(m, n) for m in firsts).summary())
    tree.close()

    memory = InmemoryTree()
    name = f"pymerkle {version} InmemoryTree"
    elapsed = seconds(lambda: memory.append_entries(synthetic_leaf(i) for i in range(n)))
    table.add(name, f"append_entries {n:,}", f"{elapsed:,.1f} s")
    table.add(name, f"inclusion proof at {n:,}", timed(
        lambda i=i: memory.prove_inclusion(i + 1, n) for i in indices).summary())
    table.add(name, f"consistency proof m -> {n:,} (not RFC 9162)", timed(
        lambda m=m: memory.prove_consistency(m, n) for m in firsts).summary())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size_arguments(parser, appends=1_000, samples=500)
    parser.add_argument("--threads", type=int, default=4, help="writer threads for appends")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="a PostgreSQL server to use (a temporary database is created)")
    parser.add_argument("--no-pymerkle-proofs", dest="pymerkle_proofs", action="store_false",
                        help="skip growing pymerkle trees to --leaves for its proof timings")
    args = parser.parse_args()
    n = resolve_size(args)

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
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SHOW fsync")
                    fsync = cursor.fetchone()[0]
                    cursor.execute("SHOW synchronous_commit")
                    sync = cursor.fetchone()[0]
                system = (f"ours, Django + PostgreSQL {connection.pg_version // 10000} "
                          f"(fsync {fsync}, synchronous_commit {sync})")
            else:
                system = "ours, Django + SQLite (WAL, synchronous NORMAL)"
            print(machine())
            table = Table()
            elapsed = seconds(lambda: bulk_load(n))
            table.add(system, f"bulk load {n:,} leaves (bench only)", f"{elapsed:,.1f} s")
            if pymerkle_version():
                # pymerkle's trees for the appends hold as many leaves as ours.
                shipped = pymerkle_sqlite_tree(workdir / "pymerkle-shipped.sqlite3",
                                               SQLITE_AS_SHIPPED)
                shipped.append_entries(synthetic_leaf(i) for i in range(n))
                shipped.close()
                shutil.copy(workdir / "pymerkle-shipped.sqlite3", workdir / "pymerkle-wal.sqlite3")
            else:
                print("pymerkle not installed (pip install -r bench/requirements.txt): ours only")
            bench_appends(args, table, system, workdir, n)
            bench_threads(args, table, system)
            indices, firsts = bench_proofs(args, table, system, n)
            connections.close_all()
            if pymerkle_version() and args.pymerkle_proofs:
                bench_pymerkle_proofs(args, table, workdir, n, indices, firsts)
        finally:
            if drop is not None:
                from django.db import connections

                connections.close_all()
                drop()
    print()
    print(table.render())
    print(f"\n{machine()} (at the end)")


if __name__ == "__main__":
    main()

"""Benchmark e-voting: votes per second (one at a time and from threads) and the time to close
(shuffle, count, one ledger event per ballot, publication) and recount.

    python bench/participation_bench.py                    # 300 voters, SQLite: seconds
    python bench/participation_bench.py --voters 2000 [--threads 4]
        [--database-url postgres://user@host:port/any]

Runs in a fresh temporary place: a SQLite file under a temp dir, or a temporary database
created (and dropped) on the PostgreSQL server of ``--database-url``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=300)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="participation-bench-")
    admin_url, db_name = "", ""
    if args.database_url.startswith("postgres"):
        import psycopg

        parts = urllib.parse.urlsplit(args.database_url)
        db_name = f"bench_{secrets.token_hex(4)}"
        admin_url = args.database_url
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db_name}"')
        os.environ["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{db_name}"))
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
        if db_name:
            import psycopg

            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{db_name}"')


def run(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import OperationalError, connection
    from django.utils import timezone

    from mahalla.core.models import District, Mahalla, Region, Role, User, Verification
    from mahalla.participation import recount as counting
    from mahalla.participation import voting

    call_command("migrate", verbosity=0)
    region = Region.objects.create(soato="1726", iso="UZ-TK", kind="city", name_uz="Toshkent")
    district = District.objects.create(region=region, soato="1726266", kind="district",
                                       name_uz="Yunusobod")
    mahalla = Mahalla.objects.create(district=district, code="B1", name_uz="Bench")
    chairman = User.objects.create_user("+998900000001", None, role=Role.MAHALLA_CHAIRMAN,
                                        mahalla=mahalla)
    voters = User.objects.bulk_create(
        User(phone=f"+99891{n:07d}", role=Role.RESIDENT, mahalla=mahalla,
             birth_date=dt.date(1980, 1, 1)) for n in range(args.voters))
    voters = list(User.objects.filter(role=Role.RESIDENT))
    Verification.objects.bulk_create(
        Verification(user=v, method="oneid", verified_at=timezone.now() - dt.timedelta(days=1))
        for v in voters)
    now = timezone.now()
    election = voting.create_election(
        actor=chairman, target=f"m:{mahalla.pk}", title="Bench", description="",
        options=["A", "B", "C"], roll_date=timezone.localdate(now - dt.timedelta(minutes=1)),
        opens_at=now - dt.timedelta(minutes=1), closes_at=now + dt.timedelta(hours=1))
    election = voting.open_election(election=election, actor=chairman)
    options = list(election.options.values_list("pk", flat=True))
    half = len(voters) // 2

    start = time.perf_counter()
    for i, voter in enumerate(voters[:half]):
        voting.cast_vote(election=election, voter=voter, option_id=options[i % 3])
    sequential = half / (time.perf_counter() - start)

    rest = voters[half:]
    chunks = [rest[i::args.threads] for i in range(args.threads)]

    def worker(chunk):
        try:
            for i, voter in enumerate(chunk):
                while True:
                    try:
                        voting.cast_vote(election=election, voter=voter,
                                         option_id=options[i % 3])
                        break
                    except OperationalError:
                        time.sleep(0.001)
        finally:
            connection.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parallel = len(rest) / (time.perf_counter() - start)

    start = time.perf_counter()
    voting.shuffle_ballots(election=election)
    shuffle = time.perf_counter() - start
    start = time.perf_counter()
    election = voting.close_election(election=election, now=election.closes_at)
    close = time.perf_counter() - start
    start = time.perf_counter()
    result = voting.recount_stored(election)
    recount_seconds = time.perf_counter() - start
    start = time.perf_counter()
    offline = counting.recount(voting.published_ballots(election))
    offline_seconds = time.perf_counter() - start
    assert result.ok and offline.ok and sum(result.tally.values()) == len(voters)

    print(f"database: {connection.vendor}, voters: {len(voters)}, threads: {args.threads}")
    print(f"cast_vote one at a time:   {sequential:8.1f} votes/s")
    print(f"cast_vote from threads:    {parallel:8.1f} votes/s")
    print(f"shuffle {len(voters)} ballots:     {shuffle * 1000:8.1f} ms")
    print(f"close (shuffle+count+ledger+publish): {close * 1000:8.1f} ms")
    print(f"recount from the database (with ledger check): {recount_seconds * 1000:8.1f} ms")
    print(f"recount of the published list: {offline_seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()

"""Statistics pages under load of data: p95 of the dashboards, the public page and the API.

    python bench/analytics_bench.py                      # 20,000 appeals, SQLite in a temp dir
    python bench/analytics_bench.py --count 10000000 --database-url postgres://…/mahalla
        [--samples 40] [--seed 42] [--skip-rebuild]

With --database-url the database is used as it is (migrated, with the demo territory loaded
if missing) and synthetic appeals are topped up to --count (the generation time is printed);
the rollups are rebuilt once (time printed) unless --skip-rebuild. Without it a temporary
SQLite file is made and removed. Pages are fetched in-process through the whole Django stack
(middleware, templates, rendering): the official dashboard at region, district and mahalla
scope, the public transparency page, the open-data summary and heat map. Target: p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_MS = 300


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-rebuild", action="store_true")
    return parser.parse_args()


def main() -> int:
    args = parse()
    tmp = None
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        tmp = tempfile.mkdtemp(prefix="analytics-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    try:
        return run(args)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def _user(phone: str, **fields):
    from mahalla.core.models import User

    for user in User.objects.filter(role=fields["role"], **{
            k: v for k, v in fields.items() if k in ("region", "district", "mahalla")}):
        return user
    return User.objects.create_user(phone, None, **fields)


def run(args) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from mahalla.analytics import rollups
    from mahalla.analytics.synthetic import SYNTHETIC_PREFIX
    from mahalla.appeals.models import Appeal
    from mahalla.core.models import Mahalla, Role

    setup_test_environment()
    call_command("migrate", verbosity=0)
    if not Mahalla.objects.filter(latitude__isnull=False).exists():
        call_command("seed_demo", verbosity=0)
    have = Appeal.objects.filter(number__startswith=SYNTHETIC_PREFIX).count()
    print(f"database: {connection.vendor}; synthetic appeals present: {have:,}")
    if have < args.count:
        started = time.monotonic()
        call_command("generate_appeals", count=args.count - have, seed=args.seed + have,
                     no_rollup=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"generated {args.count - have:,} appeals in {time.monotonic() - started:.1f} s")
    if not args.skip_rebuild or have < args.count:
        started = time.monotonic()
        rows = rollups.rebuild_all()
        print(f"rebuilt {rows:,} rollup rows in {time.monotonic() - started:.1f} s")
    total = Appeal.objects.count() if connection.vendor != "postgresql" else _estimate()
    print(f"appeals in the table: {total:,}")

    mahalla = Mahalla.objects.filter(latitude__isnull=False).order_by("pk").first()
    district, region = mahalla.district, mahalla.district.region
    officials = {
        "dashboard, region scope": _user("+998999100001", role=Role.REGION_OFFICIAL,
                                         region=region),
        "dashboard, district scope": _user("+998999100002", role=Role.DISTRICT_OFFICIAL,
                                           district=district),
        "dashboard, mahalla scope": _user("+998999100003", role=Role.MAHALLA_CHAIRMAN,
                                          mahalla=mahalla),
    }
    cases = []
    for name, user in officials.items():
        client = Client()
        client.force_login(user)
        cases.append((name, client, "/staff/statistics/"))
    anonymous = Client()
    cases += [
        ("public transparency page", anonymous, "/statistics/"),
        ("open data: summary by district", anonymous,
         "/api/v1/open-data/summary?group=district"),
        ("open data: summary by organization", anonymous,
         "/api/v1/open-data/summary?group=organization"),
        ("open data: heat map", anonymous, "/api/v1/open-data/heatmap"),
    ]
    print(f"\n{'page':38} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  samples={args.samples}")
    worst = 0.0
    for name, client, url in cases:
        for _ in range(3):  # warm-up: templates, translations, database caches
            assert client.get(url).status_code == 200, (name, url)
        times = []
        for _ in range(args.samples):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        worst = max(worst, p95)
        print(f"{name:38} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}")
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(f"\nworst p95 {worst:.1f} ms: target p95 < {TARGET_MS} ms {verdict}")
    return 0


def _estimate() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM appeals_appeal")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())

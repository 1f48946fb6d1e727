"""Load and scale benchmark: the production server on loopback against PostgreSQL.

    python bench/load_bench.py                # small and bounded (make bench): ~3 minutes
    python bench/load_bench.py --full         # 1,000,000 appeals, 60 s per phase
    python bench/load_bench.py --database-url postgres://…/mahalla --reuse   # data already there

Without --database-url it makes its own PostgreSQL cluster (fsync on: figures that depend on
durability need it) in a temporary directory, migrates, loads the demo territory
(seed_demo) and writes N synthetic appeals (generate_appeals). The server is our production
configuration: gunicorn with deploy/gunicorn.conf.py (uvicorn workers, 2 of them), DEBUG off,
on 127.0.0.1. locust (bench/load/locustfile.py, headless, 100 users, bounded time) drives it
in three phases against the same server:

1. health — /api/v1/health alone, no pause: the framework's ceiling;
2. mixed — public pages and API 70 %, staff queue 20 %, submissions 10 %, no pause:
   the mixed throughput, compared with the ceiling;
3. paced — the same mix, each user pausing about LOAD_THINK s (1 s) between requests, as
   people do: the latencies that the targets are about.

It prints requests/s and p50/p95/p99 per class, the targets (submission p95 < 150 ms, staff
queue p95 < 200 ms, mixed throughput >= 40 % of the ceiling), and EXPLAIN ANALYZE of the
staff queue's query; results go to var/bench/load-<time>.json. docs/LOAD.md has figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOCUSTFILE = ROOT / "bench" / "load" / "locustfile.py"
TARGETS = {"submit_p95_ms": 150, "staff_p95_ms": 200, "mixed_ratio": 0.40}
# The indexes docs/LOAD.md asks the appeals app for (its migrations are its own): the staff
# queue's first page, ordered by deadline, within a district, a mahalla or an organization.
# --proposed-indexes makes them in the benchmark's database only, to measure their effect.
PROPOSED_INDEXES = [
    "CREATE INDEX IF NOT EXISTS bench_appeal_district_queue_idx "
    "ON appeals_appeal (district_id, due_at, created_at DESC)",
    "CREATE INDEX IF NOT EXISTS bench_appeal_mahalla_queue_idx "
    "ON appeals_appeal (mahalla_id, due_at, created_at DESC)",
    "CREATE INDEX IF NOT EXISTS bench_appeal_org_queue_idx "
    "ON appeals_appeal (organization_id, due_at, created_at DESC)",
    "ANALYZE appeals_appeal",
]
# The development keys (config/settings.py): a database seeded by `make run` or by hand with
# the defaults stays readable (phone numbers are stored encrypted and looked up by hash).
FERNET_KEY = "bWFoYWxsYS1kZXZlbG9wbWVudC1vbmx5LWtleS0wMDA="
SECRET_KEY = "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnop"


def log(message: str) -> None:
    print(f"[load] {message}", flush=True)


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def _free_port(preferred: int) -> int:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", preferred)) != 0:
            return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def own_cluster(port: int):
    """A throwaway cluster with fsync on; removed afterwards."""
    pg = _pg_bin()
    base = Path(tempfile.mkdtemp(prefix="mahalla-load-pg-"))
    base.chmod(0o755)
    if os.getuid() == 0:
        shutil.chown(base, "postgres")
    data = base / "data"
    subprocess.run(_as_postgres([str(pg / "initdb"), "-D", str(data), "-A", "trust", "-U",
                                 "postgres", "-E", "UTF8"]), check=True, capture_output=True)
    options = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c max_connections=200 "
               "-c shared_buffers=256MB -c fsync=on -c synchronous_commit=on")
    subprocess.run(_as_postgres([str(pg / "pg_ctl"), "-D", str(data), "-l", str(base / "log"),
                                 "-w", "-o", options, "start"]), check=True, capture_output=True)
    try:
        subprocess.run([str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U",
                        "postgres", "mahalla"], check=True)
        yield f"postgres://postgres@127.0.0.1:{port}/mahalla"
    finally:
        subprocess.run(_as_postgres([str(pg / "pg_ctl"), "-D", str(data), "-m", "fast",
                                     "stop"]), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


# --- the application --------------------------------------------------------------------------


def app_env(database_url: str, var_dir: Path) -> dict[str, str]:
    from mahalla.ledger.note import generate_key

    skey = generate_key("mahalla.bench/ledger")[0]
    return {**os.environ, "DATABASE_URL": database_url, "MAHALLA_VAR_DIR": str(var_dir),
            "DEBUG": "0", "SECRET_KEY": SECRET_KEY,
            "PERSONAL_DATA_KEYS": FERNET_KEY, "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "LEDGER_ORIGIN": "mahalla.bench/ledger",
            "LEDGER_SIGNING_KEY": skey, "MAHALLA_TESTING": "0", "LOG_LEVEL": "WARNING",
            "TRIAGE_ENABLED": os.environ.get("TRIAGE_ENABLED", "1")}


def manage(env: dict, *args: str, quiet: bool = False) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True)
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    if not quiet and done.stdout.strip():
        log(done.stdout.strip().splitlines()[-1])
    return done.stdout


def synthetic_count(env: dict) -> int:
    out = manage(env, "shell", "-c", "from mahalla.appeals.models import Appeal; "
                 "print(Appeal.objects.filter(number__startswith='SYN-').count())", quiet=True)
    return int(out.strip().splitlines()[-1])


def prepare(env: dict, appeals: int, reuse: bool) -> None:
    if not reuse:
        started = time.monotonic()
        manage(env, "migrate", "--noinput", quiet=True)
        manage(env, "createcachetable")
        manage(env, "seed_demo")
        log(f"migrated and seeded in {time.monotonic() - started:.0f} s")
    have = synthetic_count(env)
    if have < appeals:
        started = time.monotonic()
        manage(env, "generate_appeals", "--count", str(appeals - have), "--seed", str(have))
        log(f"generated {appeals - have} appeals in {time.monotonic() - started:.0f} s")
    manage(env, "collectstatic", "--noinput", quiet=True)
    manage(env, "compile_translations", quiet=True)


def make_sessions(env: dict, path: Path, residents: int) -> None:
    code = (ROOT / "bench" / "load" / "sessions.py").read_text()
    manage({**env, "LOAD_SESSIONS_OUT": str(path), "LOAD_RESIDENTS": str(residents)},
           "shell", "-c", code)


@contextmanager
def server(env: dict, port: int, workers: int, log_path: Path):
    command = [str(Path(PYTHON).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py"]
    server_env = {**env, "WEB_CONCURRENCY": str(workers), "GUNICORN_BIND": f"127.0.0.1:{port}",
                  "GUNICORN_LOG_LEVEL": "warning", "GUNICORN_MAX_REQUESTS": "0"}
    with log_path.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=server_env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health",
                                                timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the server did not start; see {log_path}")
                time.sleep(0.5)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.send_signal(signal.SIGTERM)  # graceful: in-flight requests finish
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()


# --- locust ---------------------------------------------------------------------------------


def run_phase(host: str, mode: str, think: float, users: int, seconds: int, sessions: Path,
              out_dir: Path) -> dict:
    results = out_dir / f"{mode}-{think:g}.json"
    env = {**os.environ, "LOAD_MODE": mode, "LOAD_THINK": str(think),
           "LOAD_SESSIONS": str(sessions), "LOAD_RESULTS": str(results)}
    command = [str(Path(PYTHON).parent / "locust"), "-f", str(LOCUSTFILE), "--headless",
               "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", host,
               "--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING",
               "--exit-code-on-error", "0"]
    log(f"phase {mode} (pause {think:g} s): {users} users for {seconds} s")
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=seconds + 120)
    if not results.exists():
        print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
        raise SystemExit("locust wrote no results")
    return summarize(json.loads(results.read_text()))


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def summarize(raw: dict) -> dict:
    window = raw["window"]
    seconds = max((window["last"] or 0) - (window["first"] or 0), 1e-9)
    classes = {}
    total = 0
    for klass, values in sorted(raw["samples"].items()):
        values = sorted(values)
        total += len(values)
        failures = sum(raw["failures"].get(klass, {}).values())
        classes[klass] = {"requests": len(values), "failures": failures,
                          "rps": len(values) / seconds,
                          "p50_ms": percentile(values, 0.50), "p95_ms": percentile(values, 0.95),
                          "p99_ms": percentile(values, 0.99)}
    return {"seconds": seconds, "rps": total / seconds, "classes": classes,
            "failures": raw["failures"], "think": raw["think"]}


def add_proposed_indexes(env: dict) -> None:
    statements = ";".join(PROPOSED_INDEXES)
    manage(env, "shell", "-c", "from django.db import connection\n"
           f"connection.cursor().execute({statements!r})", quiet=True)
    log("proposed queue indexes in place (benchmark database only)")


def explain_queue(env: dict) -> str:
    code = """
from django.db import connection
from mahalla.appeals import selectors
from mahalla.core.models import Role, User
for role in (Role.DISTRICT_OFFICIAL, Role.MAHALLA_CHAIRMAN):
    user = User.objects.filter(role=role).order_by("pk").first()
    qs = selectors.staff_queue(user, selectors.QueueFilters(
        status="", category="", mahalla=None, organization=None, overdue=False, mine=False,
        q="", sort="deadline"))[:20]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print(f"--- {role}: the first page of the queue")
        print("\\n".join(row[0] for row in cursor.fetchall()))
"""
    return manage(env, "shell", "-c", code, quiet=True)


# --- the report -----------------------------------------------------------------------------


def report(phases: dict, targets: dict) -> dict:
    health, mixed, paced = phases["health"], phases["mixed"], phases["paced"]
    lines = [f"{'phase':8} {'class':8} {'req':>7} {'fail':>5} {'req/s':>8} "
             f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"]
    for name, phase in phases.items():
        for klass, row in phase["classes"].items():
            lines.append(f"{name:8} {klass:8} {row['requests']:7d} {row['failures']:5d} "
                         f"{row['rps']:8.1f} {row['p50_ms']:8.0f} {row['p95_ms']:8.0f} "
                         f"{row['p99_ms']:8.0f}")
        lines.append(f"{name:8} {'all':8} {'':7} {'':5} {phase['rps']:8.1f}")
    print("\n".join(lines))
    ratio = mixed["rps"] / health["rps"] if health["rps"] else 0.0
    verdict = {
        "submit_p95_ms": paced["classes"].get("submit", {}).get("p95_ms"),
        "staff_p95_ms": paced["classes"].get("staff", {}).get("p95_ms"),
        "mixed_ratio": ratio,
    }
    checks = {
        "submission p95 < 150 ms (paced)": (verdict["submit_p95_ms"] or 1e9)
        < targets["submit_p95_ms"],
        "staff queue p95 < 200 ms (paced)": (verdict["staff_p95_ms"] or 1e9)
        < targets["staff_p95_ms"],
        "mixed throughput >= 40 % of the ceiling": ratio >= targets["mixed_ratio"],
    }
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'MISS'}  {name}")
    print(f"mixed {mixed['rps']:.0f} req/s = {ratio:.0%} of the ceiling "
          f"({health['rps']:.0f} req/s on /api/v1/health)")
    for name, phase in phases.items():
        for failures in phase["failures"].values():
            for what, count in sorted(failures.items()):
                print(f"failures in {name}: {what} × {count}")
    return {"verdict": verdict, "checks": checks}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true",
                        help="1,000,000 appeals and 60 s per phase")
    parser.add_argument("--appeals", type=int, help="synthetic appeals (default 5,000)")
    parser.add_argument("--seconds", type=int, help="length of each phase (default 10)")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause of a user in the paced phase, seconds")
    parser.add_argument("--database-url", help="use this PostgreSQL database")
    parser.add_argument("--reuse", action="store_true",
                        help="the database is migrated and seeded already")
    parser.add_argument("--port", type=int, default=54333, help="port of our own cluster")
    parser.add_argument("--proposed-indexes", action="store_true",
                        help="add the staff-queue indexes docs/LOAD.md proposes, then measure")
    args = parser.parse_args()
    appeals = args.appeals or (1_000_000 if args.full else 5_000)
    seconds = args.seconds or (60 if args.full else 10)
    if shutil.which("locust", path=str(Path(PYTHON).parent)) is None:
        log("locust is not installed (pip install -r bench/requirements.txt): skipped")
        return 0
    if not args.database_url and _pg_bin() is None:
        log("PostgreSQL is not installed (/usr/lib/postgresql/*/bin): skipped")
        return 0
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    work = Path(tempfile.mkdtemp(prefix="mahalla-load-"))
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        with (own_cluster(_free_port(args.port)) if not args.database_url
              else _given(args.database_url)) as database_url:
            env = app_env(database_url, work / "var")
            prepare(env, appeals, args.reuse and bool(args.database_url))
            if args.proposed_indexes:
                add_proposed_indexes(env)
            sessions = work / "sessions.json"
            make_sessions(env, sessions, residents=max(100, appeals // 2000))
            plan = explain_queue(env)
            with server(env, _free_port(8765), args.workers, work / "server.log") as host:
                phases = {
                    "health": run_phase(host, "health", 0, args.users, seconds, sessions, work),
                    "mixed": run_phase(host, "mixed", 0, args.users, seconds, sessions, work),
                    "paced": run_phase(host, "mixed", args.think, args.users, seconds,
                                       sessions, work),
                }
            outcome = report(phases, TARGETS)
            print(plan)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    result = {"appeals": appeals, "users": args.users, "seconds": seconds,
              "proposed_indexes": args.proposed_indexes,
              "workers": args.workers, "think": args.think, "phases": phases,
              "elapsed_s": time.monotonic() - started, **outcome, "explain": plan}
    (out_dir / f"load-{stamp}.json").write_text(json.dumps(result, indent=1, default=str))
    log(f"done in {time.monotonic() - started:.0f} s; var/bench/load-{stamp}.json")
    return 0


@contextmanager
def _given(url: str):
    yield url


if __name__ == "__main__":
    sys.exit(main())

"""Gunicorn settings for production: uvicorn workers serving the ASGI application.

    gunicorn -c deploy/gunicorn.conf.py

Everything can be changed from the environment (see docs/DEPLOY.md):

    WEB_CONCURRENCY         worker processes (default 2 x cores + 1, at most MAX_WORKERS)
    GUNICORN_MAX_WORKERS    the cap of that default (8); an explicit WEB_CONCURRENCY is not capped
    GUNICORN_BIND           address to listen on (default 0.0.0.0:$PORT, PORT defaults to 8000)
    GUNICORN_TIMEOUT        seconds a worker may stay silent before it is killed and replaced (60)
    GUNICORN_MAX_REQUESTS   requests after which a worker is replaced (1000; 0 = never)
    FORWARDED_ALLOW_IPS     proxies whose X-Forwarded-* headers are trusted (127.0.0.1)

Graceful shutdown: on SIGTERM (docker stop, systemd, Kubernetes) the master stops
accepting connections, asks every worker to finish its in-flight requests, and kills the
ones still busy after `graceful_timeout` (30 s). Give the container at least that long
(compose's default stop_grace_period is 10 s: ours sets 40 s).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


MAX_WORKERS = _int("GUNICORN_MAX_WORKERS", 8)

wsgi_app = "config.asgi:application"
# uvicorn.workers is deprecated in uvicorn itself; the worker lives in uvicorn-worker now.
worker_class = "uvicorn_worker.UvicornWorker"

bind = [os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"]
workers = _int("WEB_CONCURRENCY", 0) or min(multiprocessing.cpu_count() * 2 + 1, MAX_WORKERS)

timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5

# Replace each worker after a while (memory growth, leaks), not all at the same moment.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10

# Only the reverse proxy may tell us the client's address and scheme.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs to stdout/stderr: the container runtime collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = False

# The workers' heartbeat files in memory, not on the container's overlay filesystem
# (a slow disk there makes gunicorn think the workers hang).
_SHM = "/dev/shm"  # noqa: S108 - gunicorn's own advice for containers; not a data file
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

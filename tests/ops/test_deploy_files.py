"""The deployment files: gunicorn settings from the environment, compose services, Dockerfile."""

import importlib
import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"

GUNICORN_ENV = (
    "WEB_CONCURRENCY", "GUNICORN_MAX_WORKERS", "GUNICORN_BIND", "PORT", "GUNICORN_TIMEOUT",
    "GUNICORN_MAX_REQUESTS", "FORWARDED_ALLOW_IPS",
)


def load_conf(monkeypatch, **env):
    for name in GUNICORN_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


def test_gunicorn_defaults(monkeypatch):
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: 64)
    conf = load_conf(monkeypatch)
    assert conf["wsgi_app"] == "config.asgi:application"
    module, _, name = conf["worker_class"].rpartition(".")
    assert getattr(importlib.import_module(module), name).__name__ == "UvicornWorker"
    assert conf["bind"] == ["0.0.0.0:8000"]
    assert conf["workers"] == 8  # 2 x 64 + 1, capped
    assert conf["graceful_timeout"] == 30
    assert conf["timeout"] == 60
    assert conf["max_requests"] > 0 and 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["forwarded_allow_ips"] == "127.0.0.1"
    assert conf["accesslog"] == "-"


def test_gunicorn_small_machine(monkeypatch):
    import multiprocessing
    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: 1)
    assert load_conf(monkeypatch)["workers"] == 3


def test_gunicorn_from_environment(monkeypatch):
    conf = load_conf(
        monkeypatch, WEB_CONCURRENCY="12", GUNICORN_BIND="127.0.0.1:9000", GUNICORN_TIMEOUT="120",
        GUNICORN_MAX_REQUESTS="500", FORWARDED_ALLOW_IPS="10.0.0.5,10.0.0.6",
    )
    assert conf["workers"] == 12  # an explicit number is the operator's choice
    assert conf["bind"] == ["127.0.0.1:9000"]
    assert conf["timeout"] == 120
    assert conf["graceful_timeout"] == 30
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (500, 50)
    assert conf["forwarded_allow_ips"] == "10.0.0.5,10.0.0.6"
    assert load_conf(monkeypatch, PORT="8080")["bind"] == ["0.0.0.0:8080"]


def test_gunicorn_accepts_the_file():
    config = pytest.importorskip("gunicorn.config")
    cfg = config.Config()
    for key, value in runpy.run_path(str(GUNICORN_CONF)).items():
        if key in cfg.settings:
            cfg.set(key, value)
    assert cfg.worker_class_str == "uvicorn_worker.UvicornWorker"
    assert cfg.graceful_timeout == 30


def compose_services() -> dict:
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML comes with the dev extras
        names = re.findall(r"^  ([a-z][a-z0-9_-]*):\s*$", text, re.MULTILINE)
        return {name: {"_text": text} for name in names}
    return yaml.safe_load(text)["services"]


def test_compose_services():
    services = compose_services()
    assert {"postgres", "web", "worker", "scheduler"} <= set(services)
    assert "bot" not in services
    if "_text" in services["web"]:  # pragma: no cover
        return
    assert services["postgres"]["image"].startswith("postgres:")
    assert "healthcheck" in services["postgres"]
    assert any(v.startswith("postgres-data:") for v in services["postgres"]["volumes"])
    assert services["worker"]["stop_grace_period"] == "60s"
    assert "db_worker" in services["worker"]["command"]
    assert "scheduler" in services["scheduler"]["command"]
    assert "replicas" not in services["scheduler"].get("deploy", {})
    assert "migrate" in " ".join(services["migrate"]["command"])
    for name in ("web", "worker", "scheduler"):
        assert services[name]["env_file"] == ".env"
        assert "mahalla-data:/data" in services[name]["volumes"]


def test_dockerfile():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM python:3.11-slim" in text
    users = re.findall(r"^USER\s+(\S+)", text, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"^\s*DEBUG=0\b", text, re.MULTILINE)
    assert "collectstatic" in text and "compile_translations" in text
    assert "HEALTHCHECK" in text
    assert 'ENTRYPOINT ["gunicorn", "-c", "/app/deploy/gunicorn.conf.py"]' in text
    assert "[dev]" not in text
    # No secret in the image: SECRET_KEY and PERSONAL_DATA_KEYS only as build-time placeholders.
    for secret in ("LEDGER_SIGNING_KEY", "DOCUMENT_SIGNING", "DATABASE_URL=postgres"):
        assert secret not in text
    assert not re.search(r"^(ENV|ARG)\b[^\n]*SECRET_KEY", text, re.MULTILINE)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", "var", ".git", "tests", ".env"} <= set(ignored)

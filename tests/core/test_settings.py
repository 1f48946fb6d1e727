import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    # Browser tests lift Django's async guard for the whole run; deploy checks must not see that.
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"MAHALLA_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="0",
                        SECRET_KEY=secrets.token_urlsafe(50),
                        PERSONAL_DATA_KEYS="bWFoYWxsYS10ZXN0LWtleS0wMDAwMDAwMDAwMDAwMDA=",
                        LEDGER_SIGNING_KEY="", MAHALLA_TESTING="0")
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0", SECRET_KEY="", MAHALLA_TESTING="0")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr

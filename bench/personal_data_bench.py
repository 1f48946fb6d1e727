"""Cost of personal-data encryption: per value, and per row of a list that reads it.

    python bench/personal_data_bench.py              # 20,000 values: a few seconds
    python bench/personal_data_bench.py --values 200000

Measures `mahalla.core.crypto` encrypt / decrypt (MultiFernet, first key), decrypt of a token
under the second key (during a rotation), `is_current`, `rotate` and the keyed look-up hash,
then the same as a page of 50 users would pay. No database.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("MAHALLA_TESTING", "0")

import django  # noqa: E402

django.setup()

from cryptography.fernet import Fernet  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test import override_settings  # noqa: E402

from mahalla.core import crypto  # noqa: E402


def per_op(fn, items, repeats=3) -> float:
    """Best of `repeats` runs, microseconds per item."""
    best = []
    for _ in range(repeats):
        start = time.perf_counter()
        for item in items:
            fn(item)
        best.append((time.perf_counter() - start) / len(items) * 1e6)
    return min(best)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--values", type=int, default=20_000)
    n = parser.parse_args().values
    phones = [f"+99890{i:07d}" for i in range(n)]
    old = settings.PERSONAL_DATA_KEYS[0]
    new = Fernet.generate_key().decode()
    with override_settings(PERSONAL_DATA_KEYS=[old]):
        old_tokens = [crypto.encrypt(p) for p in phones]
    rows = []
    with override_settings(PERSONAL_DATA_KEYS=[new, old]):
        tokens = [crypto.encrypt(p) for p in phones]
        rows.append(("encrypt (first key)", per_op(crypto.encrypt, phones)))
        rows.append(("decrypt, first key", per_op(crypto.decrypt, tokens)))
        rows.append(("decrypt, second key (mid-rotation)", per_op(crypto.decrypt, old_tokens)))
        rows.append(("is_current (skip check)", per_op(crypto.is_current, tokens)))
        rows.append(("rotate old → first key", per_op(crypto.rotate, old_tokens)))
        rows.append(("look-up hash", per_op(lambda p: crypto.lookup_hash(p, purpose="phone"),
                                             phones)))
    print(f"personal data crypto, {n} values, {platform.python_implementation()} "
          f"{platform.python_version()}, {os.cpu_count()} CPU(s)")
    print(f"{'operation':40} {'µs/value':>10} {'ms per 50 rows':>15}")
    for name, micros in rows:
        print(f"{name:40} {micros:10.1f} {micros * 50 / 1000:15.2f}")
    print(f"token length for a phone: {statistics.mean(len(t) for t in tokens):.0f} chars")


if __name__ == "__main__":
    main()

"""Synthetic appeals over the demo territory (see mahalla.analytics.synthetic).

    manage.py generate_appeals --count N [--seed S] [--batch B] [--years Y] [--no-rollup]
    manage.py generate_appeals --purge

The rows bypass the event and ledger path on purpose; they are marked (number ``SYN-…``).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Write N realistic synthetic appeals over the demo territory (marked SYN-…)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=0, help="how many appeals to write")
        parser.add_argument("--seed", type=int, default=0, help="random seed (reproducible)")
        parser.add_argument("--batch", type=int, default=0,
                            help="rows per batch (default 50,000 on PostgreSQL, 5,000 otherwise)")
        parser.add_argument("--years", type=float, default=3.0,
                            help="creation dates spread over this many years up to now")
        parser.add_argument("--no-rollup", action="store_true",
                            help="do not rebuild the statistics rollups afterwards")
        parser.add_argument("--purge", action="store_true",
                            help="delete every synthetic appeal instead (then rebuild rollups)")

    def handle(self, *args, **options):
        from mahalla.analytics import synthetic

        count, batch = options["count"], options["batch"]
        if options["purge"]:
            deleted = synthetic.purge()
            self.stdout.write(f"deleted {deleted} synthetic rows")
            if not options["no_rollup"]:
                self._rebuild()
            return
        if count <= 0:
            raise CommandError("--count must be a positive number")
        if batch < 0 or not 0 < options["years"] <= 20:
            raise CommandError("--batch must be positive and --years between 0 and 20")
        batch = batch or (50_000 if connection.vendor == "postgresql" else 5_000)
        started = time.monotonic()
        step = max(batch, count // 20)
        mark = {"next": step}

        def progress(written: int) -> None:
            if written >= mark["next"] or written == count:
                mark["next"] += step
                rate = written / max(time.monotonic() - started, 1e-9)
                self.stdout.write(f"{written}/{count} appeals ({rate:,.0f}/s)")

        try:
            synthetic.generate(count=count, seed=options["seed"], batch=batch,
                               years=options["years"], progress=progress)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        generated = time.monotonic() - started
        self.stdout.write(f"generated {count} appeals in {generated:.1f} s")
        if not options["no_rollup"]:
            self._rebuild()

    def _rebuild(self) -> None:
        from mahalla.analytics.rollups import rebuild_all

        started = time.monotonic()
        rows = rebuild_all()
        self.stdout.write(f"rebuilt {rows} rollup rows in {time.monotonic() - started:.1f} s")

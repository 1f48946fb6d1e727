"""Rebuild every statistics rollup from the appeals table (idempotent)."""

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Rebuild the statistics rollups (daily, monthly, executors, heat map) from appeals."

    def handle(self, *args, **options):
        from mahalla.analytics.rollups import rebuild_all

        started = time.monotonic()
        rows = rebuild_all()
        self.stdout.write(f"rebuilt {rows} rollup rows in {time.monotonic() - started:.1f} s")

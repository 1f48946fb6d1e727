import signal
import time

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from mahalla.core.periodic import PERIODIC_TASKS


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (deadline reminders, escalation, checkpoints) on time."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="enqueue every task once and exit")

    def handle(self, *args, **options):
        running = True

        def stop(*_):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_run: dict[str, float] = {}
        while running:
            now = time.monotonic()
            for path, every in PERIODIC_TASKS:
                if now - last_run.get(path, -every) >= every:
                    import_string(path).enqueue()
                    last_run[path] = now
                    self.stdout.write(f"enqueued {path}")
            if options["once"]:
                return
            time.sleep(5)

from django.core.management.base import BaseCommand

from mahalla.core.services.demo import seed_demo


class Command(BaseCommand):
    help = ("Load the territory and the demo district with its bodies and demo accounts "
            "(idempotent).")

    def handle(self, *args, **options):
        counts = seed_demo()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))

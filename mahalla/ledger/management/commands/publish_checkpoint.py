from django.core.management.base import BaseCommand

from mahalla.ledger.services import publish_checkpoint


class Command(BaseCommand):
    help = "Sign and store a checkpoint of the transparency log now (if it grew), and print it."

    def handle(self, *args, **options):
        self.stdout.write(publish_checkpoint().note_text, ending="")

from django.core.management.base import BaseCommand

from mahalla.ledger.keys import verifier_key


class Command(BaseCommand):
    help = "Print the transparency log's verifier key (C2SP vkey), to publish out of band."

    def handle(self, *args, **options):
        self.stdout.write(verifier_key())

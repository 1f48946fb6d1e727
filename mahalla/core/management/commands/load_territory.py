from django.core.management.base import BaseCommand

from mahalla.core.services.territory import TERRITORY_FILE, load_territory


class Command(BaseCommand):
    help = "Load or update all regions and districts of Uzbekistan from the shipped data file."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(TERRITORY_FILE))

    def handle(self, *args, **options):
        counts = load_territory(options["file"])
        self.stdout.write(f"regions: {counts['regions']}, districts: {counts['districts']}")

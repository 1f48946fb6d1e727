from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mahalla.core.services.territory import import_mahallas


class Command(BaseCommand):
    help = ("Import mahallas from a UTF-8 CSV (code,district_soato,name_uz,name_uz_cyrl,"
            "name_ru,latitude,longitude). Nothing is imported unless every row is valid; "
            "re-running is safe.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        report = import_mahallas(path.read_bytes())
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(report.problems)} problem(s) in {report.rows} row(s); "
                               "nothing was imported.")
        self.stdout.write(f"rows: {report.rows}, created: {report.created}, "
                          f"updated: {report.updated}, unchanged: {report.unchanged}")

"""python manage.py backup [--output PATH]: every table and the media files in one tar.gz."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mahalla.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = ("Write one tar.gz archive with every table (JSON), the media files and a "
            "manifest of hashes. The archive holds personal data and is NOT encrypted: "
            "encrypt it (age, gpg) before it leaves this machine.")

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path,
                            help="archive path (default: var/backups/mahalla-<time>.tar.gz)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output=None, database="default", **options):
        try:
            summary = create_backup(output=output, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{summary.path}: {summary.rows} rows in {len(summary.tables)} "
                          f"tables, {summary.files} media files ({summary.file_bytes} bytes).")
        self.stdout.write("The archive is not encrypted and holds personal data.")

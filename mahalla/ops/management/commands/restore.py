"""python manage.py restore PATH [--force-flush --yes]: load a backup archive, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mahalla.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restore an archive written by `backup` into an empty database (rows that "
            "`migrate` creates do not count), in one transaction, then its media files.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--force-flush", action="store_true",
                            help="DELETE every row in the database first (needs --yes)")
        parser.add_argument("--yes", action="store_true",
                            help="confirm --force-flush")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, force_flush=False, yes=False, database="default", **options):
        if force_flush and not yes:
            raise CommandError("--force-flush deletes every row in the database; "
                               "add --yes to confirm.")
        try:
            summary = restore_backup(path, flush=force_flush, using=database)
        except BackupError as exc:
            raise CommandError(f"Nothing was restored. {exc}") from exc
        busiest = sorted(summary.tables.items(), key=lambda item: -item[1])[:5]
        self.stdout.write(f"Restored {summary.rows} rows in {len(summary.tables)} tables and "
                          f"{summary.files} media files ({summary.file_bytes} bytes) "
                          f"from {summary.path}.")
        self.stdout.write("Largest tables: " + ", ".join(f"{label} {count}"
                                                         for label, count in busiest))
        self.stdout.write("Sessions and queued tasks were not restored: everyone logs in "
                          "again. Run `publish_checkpoint` and check the ledger page.")

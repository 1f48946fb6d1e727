from django.core.management.base import BaseCommand, CommandError

from mahalla.core.services.personal_data import rotate_personal_data


class Command(BaseCommand):
    help = ("Re-encrypt every encrypted personal-data column under the first key of "
            "PERSONAL_DATA_KEYS, in batches; values already under it are skipped, so it is safe "
            "to stop and run again. Drop an old key only after a run that reports no failures. "
            "--rehash also recomputes the look-up hashes (after changing "
            "PERSONAL_DATA_LOOKUP_KEY).")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--rehash", action="store_true")

    def handle(self, *args, **options):
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        reports = rotate_personal_data(batch_size=options["batch_size"],
                                       rehash=options["rehash"],
                                       progress=lambda report: self.stdout.write(str(report)))
        rotated = sum(r.rotated for r in reports)
        failed = sum(len(r.failed) for r in reports)
        raced = sum(r.raced for r in reports)
        self.stdout.write(f"total: {rotated} re-encrypted, "
                          f"{sum(r.current for r in reports)} already current, "
                          f"{raced} changed meanwhile, {failed} undecryptable")
        if failed:
            raise CommandError(f"{failed} value(s) cannot be decrypted with any configured key; "
                               "do not drop a key until this is resolved.")

"""manage.py triage_train: a new versioned model from the corpus and staff corrections."""

from pathlib import Path

from django.core.management.base import BaseCommand

from mahalla.triage import classifier, training


class Command(BaseCommand):
    help = "Train the triage classifier from the shipped corpus plus staff corrections."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="", help="Directory for the model (var/triage/).")
        parser.add_argument("--no-corrections", action="store_true",
                            help="Leave out staff corrections (reproduces the shipped model).")
        parser.add_argument("--no-eval", action="store_true",
                            help="Skip the held-out measurement (faster).")
        parser.add_argument("--ship", action="store_true",
                            help="Write the repository's default model (corpus only).")

    def handle(self, *args, **options):
        out = Path(options["out"]) if options["out"] else classifier.model_dir()
        ship = options["ship"]
        if ship:
            out = classifier.SHIPPED_MODEL.parent
        path, meta = training.train_and_save(
            out_dir=out, include_corrections=not (options["no_corrections"] or ship),
            evaluate=not options["no_eval"], filename=classifier.SHIPPED_MODEL.name if ship else "")
        classifier.reset_cache()
        self.stdout.write(f"model {meta['version']} written to {path}")
        self.stdout.write(f"rows: corpus {meta['corpus_rows']}, "
                          f"corrections {meta['correction_rows']}; "
                          f"data sha256 {meta['data_sha256'][:16]}…")
        for name, scores in meta.get("metrics", {}).items():
            self.stdout.write(f"{name}: accuracy {scores['accuracy']:.3f}, "
                              f"macro-F1 {scores['macro_f1']:.3f}")

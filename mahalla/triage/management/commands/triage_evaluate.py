"""manage.py triage_evaluate: scores on the held-out situations and the hand-written holdout."""

from pathlib import Path

from django.core.management.base import BaseCommand

from mahalla.triage import classifier, dataset, evaluation, training


class Command(BaseCommand):
    help = ("Print accuracy, macro-F1, per-category and per-script F1 and the confusion matrix "
            "on the held-out split (a probe trained without it) and on the hand-written holdout.")

    def add_arguments(self, parser):
        parser.add_argument("--model", default="",
                            help="Model file for the hand-written holdout (default: current).")
        parser.add_argument("--no-confusion", action="store_true")

    def handle(self, *args, **options):
        confusion = not options["no_confusion"]
        scores = training.measure(extra=dataset.corrections())
        self.stdout.write(evaluation.format_report(
            "held-out situations (probe trained without them)", scores["heldout"],
            confusion=confusion))
        self.stdout.write(evaluation.format_report(
            "hand-written holdout (same probe)", scores["handwritten"], confusion=False))
        path = Path(options["model"]) if options["model"] else classifier.current_model_path()
        model = classifier.load(path)
        self.stdout.write(evaluation.format_report(
            f"hand-written holdout (model {model.version} at {path})",
            evaluation.evaluate(model, dataset.holdout()), confusion=confusion))

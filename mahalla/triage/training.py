"""Train a model from the corpus and staff corrections, measure it honestly, save it.

The figures stored with a model come from a probe trained without the held-out situations;
the saved model itself then learns from everything (corpus + corrections). The hand-written
holdout is never trained on.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

from mahalla.triage import classifier, dataset, evaluation


def train_probe(train_part: dataset.Dataset, extra: dataset.Dataset | None = None):
    data = train_part.extend(extra) if extra is not None and len(extra) else train_part
    return classifier.train(data.texts, data.labels, data.groups)


def measure(*, extra: dataset.Dataset | None = None) -> dict:
    """Scores on the held-out situations and on the hand-written holdout."""
    train_part, test_part = dataset.group_split(dataset.corpus())
    probe = train_probe(train_part, extra)
    return {"heldout": evaluation.evaluate(probe, test_part),
            "handwritten": evaluation.evaluate(probe, dataset.holdout())}


def _summary(scores: dict) -> dict:
    keep = ("n", "accuracy", "macro_f1", "per_script", "ece", "mean_confidence")
    return {k: scores[k] for k in keep}


def train_and_save(*, out_dir: Path, include_corrections: bool = True, now=None,
                   evaluate: bool = True, filename: str = "") -> tuple[Path, dict]:
    """Train on everything, write `triage-<version>.joblib` (or `filename`) plus a JSON of
    its metadata."""
    now = now or datetime.now(UTC)
    corrections = dataset.corrections() if include_corrections else dataset.Dataset()
    data = dataset.corpus().extend(corrections)
    fingerprint = data.fingerprint()
    metrics = {}
    if evaluate:
        metrics = {name: _summary(s) for name, s in measure(extra=corrections).items()}
    version = f"{now:%Y%m%d-%H%M%S}-{fingerprint[:8]}"
    model = classifier.train(data.texts, data.labels, data.groups, metadata={
        "version": version, "trained_at": now.isoformat(timespec="seconds"),
        "data_sha256": fingerprint, "corpus_rows": len(data) - len(corrections),
        "correction_rows": len(corrections), "metrics": metrics})
    path = classifier.save(model, Path(out_dir) / (filename or f"triage-{version}.joblib"))
    path.with_suffix(".json").write_text(json.dumps(model.metadata, indent=2,
                                                    ensure_ascii=False) + "\n")
    return path, model.metadata

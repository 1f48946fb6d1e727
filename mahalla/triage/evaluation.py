"""Scores of a model on labelled data: what `triage_evaluate`, training metadata and the
benchmark report. Per-script scores compare Uzbek Latin, Uzbek Cyrillic, Russian and mixed."""

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from mahalla.core.categories import Category
from mahalla.triage.dataset import Dataset

SCRIPTS = ("latin", "cyrillic", "russian", "mixed")


def expected_calibration_error(confidences, correct, bins: int = 10) -> float:
    """Mean |accuracy − confidence| over confidence bins, weighted by their size."""
    confidences, correct = np.asarray(confidences), np.asarray(correct, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (confidences > low) & (confidences <= high)
        if inside.any():
            error += inside.mean() * abs(correct[inside].mean() - confidences[inside].mean())
    return float(error)


def evaluate(model, data: Dataset) -> dict:
    """Accuracy, macro-F1, per-category and per-script F1, calibration and the confusion."""
    probabilities = model.predict_proba(data.texts)
    classes = model.classes
    predicted = [classes[i] for i in probabilities.argmax(axis=1)]
    confidence = probabilities.max(axis=1)
    correct = np.array(predicted) == np.array(data.labels)
    labels = [c for c in Category.values if c in set(data.labels) | set(predicted)]
    per_category = f1_score(data.labels, predicted, labels=labels, average=None, zero_division=0)
    per_script = {}
    for script in SCRIPTS:
        idx = [i for i, s in enumerate(data.scripts) if s == script]
        if idx:
            per_script[script] = {
                "n": len(idx),
                "accuracy": round(float(correct[idx].mean()), 4),
                "macro_f1": round(float(f1_score([data.labels[i] for i in idx],
                                                 [predicted[i] for i in idx],
                                                 average="macro", zero_division=0)), 4)}
    return {
        "n": len(data),
        "accuracy": round(float(accuracy_score(data.labels, predicted)), 4),
        "macro_f1": round(float(f1_score(data.labels, predicted, average="macro",
                                         zero_division=0)), 4),
        "per_category_f1": {c: round(float(f), 4) for c, f in zip(labels, per_category,
                                                                  strict=True)},
        "per_script": per_script,
        "mean_confidence": round(float(confidence.mean()), 4),
        "ece": round(expected_calibration_error(confidence, correct), 4),
        "labels": labels,
        "confusion": confusion_matrix(data.labels, predicted, labels=labels).tolist(),
    }


def format_report(name: str, scores: dict, *, confusion: bool = True) -> str:
    """Plain-text report: headline figures, per script, per category, confusion matrix."""
    lines = [f"== {name}: {scores['n']} texts",
             f"accuracy {scores['accuracy']:.3f}   macro-F1 {scores['macro_f1']:.3f}   "
             f"mean confidence {scores['mean_confidence']:.3f}   ECE {scores['ece']:.3f}",
             "per script:"]
    for script, s in scores["per_script"].items():
        lines.append(f"  {script:<9} n={s['n']:<5} accuracy {s['accuracy']:.3f}  "
                     f"macro-F1 {s['macro_f1']:.3f}")
    lines.append("per category F1:")
    for category, f1 in scores["per_category_f1"].items():
        lines.append(f"  {category:<15} {f1:.3f}")
    if confusion:
        labels = scores["labels"]
        short = [c[:4] for c in labels]
        lines.append("confusion (rows: true, columns: predicted):")
        lines.append(" " * 16 + " ".join(f"{s:>4}" for s in short))
        for label, row in zip(labels, scores["confusion"], strict=True):
            lines.append(f"  {label:<14}" + " ".join(f"{v:>4}" for v in row))
    return "\n".join(lines)

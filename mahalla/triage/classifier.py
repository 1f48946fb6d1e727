"""The category classifier: train, save with metadata, load once per process, predict.

Chosen by measurement (docs/TRIAGE.md): TF-IDF over the folded text (character n-grams
inside words, 2–5, plus words and word pairs) → a linear SVM, calibrated by temperature
scaling on out-of-group predictions, so a confidence of 0.7 means right about 7 times in 10.
"""

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from django.conf import settings
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import GroupKFold
from sklearn.svm import LinearSVC

from mahalla.triage.features import build_features, normalize_many

FORMAT_VERSION = 1
SHIPPED_MODEL = Path(__file__).resolve().parent / "models" / "triage-default.joblib"
SVM_C = 0.5
TOP_K = 3
# xz keeps the shipped file under 5 MB; loading it stays well under the 2 s target.
COMPRESS = ("xz", 6)


@dataclass(frozen=True)
class Prediction:
    category: str
    confidence: float
    alternatives: list[dict]

    def as_dict(self) -> dict:
        return {"category": self.category, "confidence": self.confidence,
                "alternatives": self.alternatives}


class TriageModel:
    """A fitted feature pipeline and calibrated classifier, with what it was trained on."""

    def __init__(self, features, classifier, metadata: dict):
        self.features = features
        self.classifier = classifier
        self.metadata = metadata

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.classifier.classes_]

    @property
    def version(self) -> str:
        return self.metadata.get("version", "")

    def vectorize(self, texts):
        """TF-IDF rows (L2-normalized per block) of raw texts, for similarity as well."""
        return self.features.transform(normalize_many(texts))

    def predict_proba(self, texts) -> np.ndarray:
        return self.classifier.predict_proba(self.vectorize(texts))

    def classify(self, texts) -> list[Prediction]:
        probabilities = self.predict_proba(texts)
        classes = self.classes
        out = []
        for row in probabilities:
            order = np.argsort(-row)[:TOP_K]
            alternatives = [{"category": classes[j], "confidence": round(float(row[j]), 4)}
                            for j in order]
            out.append(Prediction(category=alternatives[0]["category"],
                                  confidence=alternatives[0]["confidence"],
                                  alternatives=alternatives))
        return out


def _calibration_folds(groups: list[str], n_splits: int = 3):
    """Folds that keep each group whole, so calibration sees truly new phrasings."""
    splitter = GroupKFold(n_splits=n_splits)
    return list(splitter.split(np.zeros(len(groups)), groups=groups))


def train(texts, labels, groups=None, *, c: float = SVM_C, calibrate: bool = True,
          metadata: dict | None = None) -> TriageModel:
    """Fit features and classifier on raw texts; `groups` keep calibration folds honest."""
    started = time.perf_counter()
    features = build_features()
    matrix = features.fit_transform(normalize_many(texts))
    svm = LinearSVC(C=c, class_weight="balanced")
    if calibrate:
        groups = list(groups) if groups is not None else [str(i) for i in range(len(texts))]
        classifier = CalibratedClassifierCV(svm, method="temperature", ensemble=False,
                                            cv=_calibration_folds(groups))
    else:
        classifier = svm
    classifier.fit(matrix, list(labels))
    _compact(features, classifier)
    info = {"format": FORMAT_VERSION, "trained_rows": len(texts), "svm_c": c,
            "calibrated": calibrate, "train_seconds": round(time.perf_counter() - started, 2)}
    info.update(metadata or {})
    return TriageModel(features, classifier, info)


def _compact(features, fitted) -> None:
    """Halve the model file: float32 weights (the features are float32 already) and no
    list of pruned n-grams (`stop_words_` is kept only for introspection)."""
    for __, vectorizer in features.transformer_list:
        if hasattr(vectorizer, "stop_words_"):
            vectorizer.stop_words_ = None
    linear = [c.estimator for c in getattr(fitted, "calibrated_classifiers_", [])] or [fitted]
    for model in linear:
        model.coef_ = model.coef_.astype(np.float32)
        model.intercept_ = model.intercept_.astype(np.float32)


def save(model: TriageModel, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A file of this process's own, renamed into place: readers never see half a model.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    joblib.dump({"features": model.features, "classifier": model.classifier,
                 "metadata": model.metadata}, tmp, compress=COMPRESS)
    tmp.replace(path)
    return path


def load(path: Path) -> TriageModel:
    bundle = joblib.load(path)
    return TriageModel(bundle["features"], bundle["classifier"], bundle["metadata"])


def model_dir() -> Path:
    return Path(getattr(settings, "TRIAGE_MODEL_DIR", settings.VAR_DIR / "triage"))


def current_model_path() -> Path:
    """The newest model trained here (var/triage/), else the one shipped in the repository."""
    explicit = getattr(settings, "TRIAGE_MODEL_PATH", "")
    if explicit:
        return Path(explicit)
    directory = model_dir()
    trained = sorted(directory.glob("triage-*.joblib")) if directory.is_dir() else []
    return trained[-1] if trained else SHIPPED_MODEL


_lock = threading.Lock()
_cached: tuple[Path, TriageModel] | None = None


def get_model() -> TriageModel:
    """The process-wide model, loaded on first use and again only when a newer model file
    becomes current (thread-safe)."""
    global _cached
    path = current_model_path()
    cached = _cached
    if cached is not None and cached[0] == path:
        return cached[1]
    with _lock:
        if _cached is None or _cached[0] != path:
            _cached = (path, load(path))
        return _cached[1]


def reset_cache() -> None:
    """Forget the loaded model (after training, or in tests)."""
    global _cached
    with _lock:
        _cached = None

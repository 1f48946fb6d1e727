"""Near-duplicate appeals: the same problem told twice, suggested to staff for merging.

Candidates: same mahalla, the last 30 days, not merged into another. Similar: cosine of the
classifier's TF-IDF vectors at or above the threshold. For problem reports that both have a
map point, the points must also be within 50 m. Nothing is merged here: staff decide.
"""

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.utils import timezone

from mahalla.core import geo
from mahalla.triage import classifier

WINDOW_DAYS = 30
RADIUS_M = 50
DEFAULT_THRESHOLD = 0.5
MAX_CANDIDATES = 500


def similarity_threshold() -> float:
    return float(getattr(settings, "TRIAGE_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD))


@dataclass(frozen=True)
class DuplicateSuggestion:
    appeal_id: int
    number: str
    similarity: float
    distance_m: float | None

    def as_dict(self) -> dict:
        return {"appeal_id": self.appeal_id, "number": self.number,
                "similarity": round(self.similarity, 3),
                "distance_m": None if self.distance_m is None else round(self.distance_m, 1)}


def cosine_similarities(text: str, others: list[str], model=None) -> np.ndarray:
    """Cosine similarity of `text` to each of `others` in the classifier's feature space."""
    if not others:
        return np.zeros(0)
    model = model or classifier.get_model()
    matrix = model.vectorize([text, *others])
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    scores = (matrix[1:] @ matrix[0].T).toarray().ravel()
    return scores / (norms[1:] * norms[0])


def _distance(appeal, other) -> float | None:
    if None in (appeal.latitude, appeal.longitude, other.latitude, other.longitude):
        return None
    return geo.distance_m(float(appeal.latitude), float(appeal.longitude),
                          float(other.latitude), float(other.longitude))


def find_duplicates(appeal, *, now=None, threshold: float | None = None, limit: int = 5,
                    model=None) -> list[DuplicateSuggestion]:
    """Appeals that probably describe the same problem as `appeal`, most similar first."""
    from mahalla.appeals.models import Appeal

    now = now or timezone.now()
    threshold = similarity_threshold() if threshold is None else threshold
    candidates = list(
        Appeal.objects.filter(mahalla_id=appeal.mahalla_id, district_id=appeal.district_id,
                              merged_into__isnull=True,
                              created_at__gte=now - timedelta(days=WINDOW_DAYS),
                              created_at__lte=now)
        .exclude(pk=appeal.pk)
        .only("pk", "number", "text", "kind", "latitude", "longitude", "created_at")
        .order_by("-created_at")[:MAX_CANDIDATES])
    if not candidates:
        return []
    scores = cosine_similarities(appeal.text, [c.text for c in candidates], model=model)
    report = Appeal.Kind.PROBLEM_REPORT
    found = []
    for other, score in zip(candidates, scores, strict=True):
        if score < threshold:
            continue
        distance = _distance(appeal, other)
        if appeal.kind == report and other.kind == report and distance is not None \
                and distance > RADIUS_M:
            continue
        found.append(DuplicateSuggestion(other.pk, other.number, float(score), distance))
    found.sort(key=lambda s: -s.similarity)
    return found[:limit]

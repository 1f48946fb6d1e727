"""Triage at the points where appeals change: submission and a staff correction.

`assess_submission` and `record_result` are what `appeals.services.submit` calls;
`record_correction` is what the appeal workflow calls when staff change a category.
The resident's category stays authoritative when given; the suggestion decides only when
the resident left it empty or chose "other", and only above the confidence threshold.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings

from mahalla.core.categories import Category
from mahalla.triage import classifier
from mahalla.triage.features import normalize
from mahalla.triage.models import TrainingExample, TriageResult, Urgency
from mahalla.triage.urgency import UrgencyResult, assess, raise_priority

logger = logging.getLogger(__name__)
DEFAULT_THRESHOLD = 0.6
UNDECIDED = {"", Category.OTHER}


def confidence_threshold() -> float:
    return float(getattr(settings, "TRIAGE_CONFIDENCE_THRESHOLD", DEFAULT_THRESHOLD))


def enabled() -> bool:
    return bool(getattr(settings, "TRIAGE_ENABLED", True))


@dataclass
class Outcome:
    """What triage decided for one submission; `category` and `priority` are to be stored."""

    category: str
    priority: str
    submitted_category: str
    prediction: classifier.Prediction | None = None
    urgency: UrgencyResult = field(default_factory=UrgencyResult)
    applied: bool = False
    needs_review: bool = False
    model_version: str = ""


def classify(texts: list[str], *, now=None) -> list[dict]:
    """API result for each text: category, calibrated confidence, top-3, urgency."""
    model = classifier.get_model()
    predictions = model.classify(texts)
    out = []
    for text, prediction in zip(texts, predictions, strict=True):
        result = prediction.as_dict()
        result["urgency"] = assess(text, now=now, normalized=normalize(text)).level
        out.append(result)
    return out


def assess_submission(*, text: str, category: str, priority: str, now=None) -> Outcome:
    """Suggest a category and raise the priority of one appeal before it is stored.

    Never fails the submission: if the model cannot be used, the resident's choice stands
    (and an undecided one goes to a person), and the urgency rules still apply.
    """
    category = (category or "").strip()
    outcome = Outcome(category=category or Category.OTHER, priority=priority,
                      submitted_category=category)
    outcome.urgency = assess(text, now=now)
    outcome.priority = raise_priority(priority, outcome.urgency.level)
    if not enabled():
        outcome.needs_review = category in UNDECIDED
        return outcome
    try:
        model = classifier.get_model()
        outcome.prediction = model.classify([text])[0]
        outcome.model_version = model.version
    except Exception:  # a broken model file must not stop appeals from being registered
        logger.exception("Triage classifier unavailable; the appeal keeps its category.")
        outcome.needs_review = category in UNDECIDED
        return outcome
    if category in UNDECIDED:
        prediction = outcome.prediction
        if prediction.category != Category.OTHER and \
                prediction.confidence >= confidence_threshold():
            outcome.category = prediction.category
            outcome.applied = True
        else:
            outcome.needs_review = True
    return outcome


def record_result(*, appeal, outcome: Outcome) -> TriageResult | None:
    """Store the suggestion beside the appeal, in the caller's transaction."""
    prediction = outcome.prediction
    if prediction is None and outcome.urgency.level == Urgency.NORMAL \
            and not outcome.needs_review:
        return None
    return TriageResult.objects.create(
        appeal=appeal,
        suggested_category=prediction.category if prediction else Category.OTHER,
        confidence=prediction.confidence if prediction else 0.0,
        alternatives=prediction.alternatives if prediction else [],
        urgency=outcome.urgency.level, urgency_reasons=outcome.urgency.reasons,
        submitted_category=outcome.submitted_category, applied=outcome.applied,
        needs_review=outcome.needs_review, model_version=outcome.model_version,
        created_at=appeal.created_at,
    )


def record_correction(*, appeal, previous: str, category: str, actor=None,
                      source: str = TrainingExample.Source.CORRECTION) -> TrainingExample | None:
    """Keep a staff correction (the appeal's text, its new category) as training data.

    Called by the workflow when staff set a category; the latest label of an appeal wins.
    Also clears the "needs review" flag, since a person has now chosen.
    """
    if not category or category == previous or category not in Category.values:
        return None
    example, __ = TrainingExample.objects.update_or_create(
        appeal=appeal,
        defaults={"text": appeal.text, "category": category, "previous_category": previous,
                  "source": source, "created_by": actor if getattr(actor, "pk", None) else None},
    )
    TriageResult.objects.filter(appeal=appeal, needs_review=True).update(needs_review=False)
    return example

"""Submission: the resident's category stands; triage fills "other" and raises priority."""

from mahalla.appeals.models import Appeal
from mahalla.triage.models import TrainingExample, TriageResult
from mahalla.triage.services import record_correction
from tests.appeals.conftest import submit, world  # noqa: F401  (fixtures)


def test_the_residents_category_is_kept_and_the_suggestion_recorded(submit):  # noqa: F811
    appeal = submit(category="roads", text="Uyimizda uch kundan beri ichimlik suvi yoʻq")
    assert appeal.category == "roads"
    triage = TriageResult.objects.get(appeal=appeal)
    assert triage.suggested_category == "water"
    assert not triage.applied and not triage.needs_review
    assert triage.submitted_category == "roads"
    assert len(triage.alternatives) == 3


def test_other_takes_a_confident_suggestion_and_is_routed_by_it(submit, world):  # noqa: F811
    appeal = submit(category="other", text="Uyimizda uch kundan beri ichimlik suvi yoʻq")
    assert appeal.category == "water"
    assert appeal.organization == world["water"]
    assert appeal.triage.applied and not appeal.triage.needs_review


def test_a_missing_category_is_filled_too(submit):  # noqa: F811
    appeal = submit(category="", text="Koʻchamizdagi gaz quvurida bosim juda past")
    assert appeal.category == "gas"


def test_an_unsure_suggestion_goes_to_a_person(submit, settings):  # noqa: F811
    settings.TRIAGE_CONFIDENCE_THRESHOLD = 1.01
    appeal = submit(category="other", text="Uyimizda uch kundan beri ichimlik suvi yoʻq")
    assert appeal.category == "other"
    assert appeal.triage.needs_review and not appeal.triage.applied


def test_danger_raises_the_priority_before_the_deadline(submit):  # noqa: F811
    normal = submit(category="water", text="Suv hisoblagichi notoʻgʻri hisoblayapti")
    urgent = submit(category="gas", text="Koʻchada kuchli gaz hidi kelyapti, yordam bering!")
    assert normal.priority == Appeal.Priority.NORMAL
    assert urgent.priority == Appeal.Priority.CRITICAL
    assert urgent.triage.urgency == "critical"
    assert "gas_smell" in urgent.triage.urgency_reasons
    assert urgent.due_at <= normal.due_at


def test_triage_never_lowers_a_priority(submit):  # noqa: F811
    appeal = submit(category="water", priority="high",
                    text="Suv hisoblagichi notoʻgʻri hisoblayapti")
    assert appeal.priority == Appeal.Priority.HIGH


def test_a_broken_model_does_not_stop_submission(submit, settings, tmp_path):  # noqa: F811
    from mahalla.triage import classifier

    settings.TRIAGE_MODEL_PATH = str(tmp_path / "missing.joblib")
    classifier.reset_cache()
    appeal = submit(category="other", text="Uyimizda uch kundan beri ichimlik suvi yoʻq")
    assert appeal.category == "other"
    assert appeal.triage.needs_review


def test_a_staff_correction_becomes_a_training_example(submit, world):  # noqa: F811
    appeal = submit(category="other", text="Mahalla guzarida nimadir qilish kerak")
    example = record_correction(appeal=appeal, previous="other", category="landscaping",
                                actor=world["chairman"])
    assert example.text == appeal.text and example.category == "landscaping"
    # A second correction of the same appeal replaces the label.
    record_correction(appeal=appeal, previous="landscaping", category="other",
                      actor=world["chairman"])
    assert TrainingExample.objects.get(appeal=appeal).category == "other"
    assert record_correction(appeal=appeal, previous="x", category="nonsense") is None

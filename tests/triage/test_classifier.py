"""Training, prediction shape, calibration and the once-per-process model cache."""

import threading
import time

import numpy as np

from mahalla.core.categories import Category
from mahalla.triage import classifier, dataset, evaluation


def test_a_small_slice_trains_fast_and_predicts_every_category():
    data = dataset.corpus()
    part = data.subset(range(0, len(data), 6))
    started = time.perf_counter()
    model = classifier.train(part.texts, part.labels, part.groups)
    assert time.perf_counter() - started < 20
    assert set(model.classes) == set(Category.values)


def test_prediction_has_category_confidence_and_top_three(small_model):
    [prediction] = small_model.classify(["Koʻchamizda 3 kundan beri suv yoʻq"])
    assert prediction.category in Category.values
    assert 0.0 <= prediction.confidence <= 1.0
    assert len(prediction.alternatives) == 3
    assert prediction.alternatives[0]["category"] == prediction.category
    confidences = [a["confidence"] for a in prediction.alternatives]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) <= 1.0 + 1e-6


def test_probabilities_sum_to_one(small_model):
    probabilities = small_model.predict_proba(["gaz yoʻq", "нет света", "йўл ёмон"])
    assert np.allclose(probabilities.sum(axis=1), 1.0)


def test_confidence_is_calibrated_on_the_handwritten_holdout(small_model):
    scores = evaluation.evaluate(small_model, dataset.holdout())
    assert scores["ece"] < 0.15
    assert abs(scores["mean_confidence"] - scores["accuracy"]) < 0.15


def test_save_and_load_give_the_same_predictions(small_model, tmp_path):
    path = classifier.save(small_model, tmp_path / "m.joblib")
    loaded = classifier.load(path)
    texts = ["svet yoʻq", "Мусор не вывозят"]
    assert np.allclose(loaded.predict_proba(texts), small_model.predict_proba(texts))


def test_model_is_loaded_once_per_process_across_threads():
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(classifier.get_model()))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(model) for model in seen}) == 1
    assert classifier.get_model() is seen[0]


def test_newest_trained_model_wins_over_the_shipped_one(settings, tmp_path, small_model):
    settings.TRIAGE_MODEL_PATH = ""
    settings.TRIAGE_MODEL_DIR = tmp_path
    assert classifier.current_model_path() == classifier.SHIPPED_MODEL
    classifier.save(small_model, tmp_path / "triage-20260101-000000-aaaa.joblib")
    classifier.save(small_model, tmp_path / "triage-20260201-000000-bbbb.joblib")
    assert classifier.current_model_path().name == "triage-20260201-000000-bbbb.joblib"

"""Training writes a versioned model with metadata and learns from staff corrections."""

import json

from django.core.management import call_command

from mahalla.triage import classifier, dataset, training
from mahalla.triage.models import TrainingExample

FULL_CORPUS = dataset.corpus


def small_corpus():
    data = FULL_CORPUS()
    return data.subset(range(0, len(data), 12))


def test_train_and_save_writes_model_and_metadata(db, tmp_path, monkeypatch):
    monkeypatch.setattr(dataset, "corpus", small_corpus)
    TrainingExample.objects.create(text="Mahalla guzarini obod qilish kerak",
                                   category="landscaping", previous_category="other")
    path, meta = training.train_and_save(out_dir=tmp_path, evaluate=False)
    assert path.exists() and path.name == f"triage-{meta['version']}.joblib"
    assert meta["correction_rows"] == 1 and meta["corpus_rows"] == len(small_corpus())
    assert json.loads(path.with_suffix(".json").read_text())["data_sha256"] == \
        meta["data_sha256"]
    assert classifier.load(path).version == meta["version"]


def test_a_correction_changes_the_data_hash(db, tmp_path, monkeypatch):
    monkeypatch.setattr(dataset, "corpus", small_corpus)
    __, before = training.train_and_save(out_dir=tmp_path, evaluate=False)
    TrainingExample.objects.create(text="Yangi holat", category="other")
    __, after = training.train_and_save(out_dir=tmp_path, evaluate=False)
    assert before["data_sha256"] != after["data_sha256"]


def test_commands_train_and_evaluate(db, tmp_path, monkeypatch, capsys, settings):
    monkeypatch.setattr(dataset, "corpus", small_corpus)
    call_command("triage_train", "--out", str(tmp_path))
    out = capsys.readouterr().out
    assert "heldout: accuracy" in out and "handwritten: accuracy" in out
    settings.TRIAGE_MODEL_PATH = ""
    settings.TRIAGE_MODEL_DIR = tmp_path
    call_command("triage_evaluate", "--no-confusion")
    report = capsys.readouterr().out
    assert "held-out situations" in report and "per script:" in report
    assert "russian" in report and "macro-F1" in report


def test_retraining_runs_only_when_corrections_change_the_data(db, tmp_path, monkeypatch,
                                                               settings):
    from mahalla.triage.tasks import retrain_if_changed

    monkeypatch.setattr(dataset, "corpus", small_corpus)
    settings.TRIAGE_MODEL_PATH = ""
    settings.TRIAGE_MODEL_DIR = tmp_path
    assert retrain_if_changed() == "no corrections"
    TrainingExample.objects.create(text="Mahalla guzarini obod qilish kerak",
                                   category="landscaping")
    monkeypatch.setattr(training, "measure", lambda **kw: {})
    version = retrain_if_changed()
    assert classifier.get_model().version == version
    assert retrain_if_changed() == "up to date"

"""Re-training as a periodic task: only when staff corrections changed the training data."""

from django_tasks import task

from mahalla.triage import classifier, dataset, training

KEEP_MODELS = 3


def retrain_if_changed() -> str:
    """Train a new model when corpus + corrections differ from what the current model learned.

    Idempotent: the data hash decides, so two schedulers at once train at most one model
    each for the same data. Older trained models beyond the newest few are removed.
    """
    corrections = dataset.corrections()
    if not len(corrections):
        return "no corrections"
    fingerprint = dataset.corpus().extend(corrections).fingerprint()
    if classifier.get_model().metadata.get("data_sha256") == fingerprint:
        return "up to date"
    path, meta = training.train_and_save(out_dir=classifier.model_dir())
    for old in sorted(path.parent.glob("triage-2*.joblib"))[:-KEEP_MODELS]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)
    return meta["version"]


@task()
def retrain_task() -> str:
    return retrain_if_changed()

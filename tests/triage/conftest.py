import pytest

from mahalla.triage import classifier, dataset


@pytest.fixture(autouse=True)
def _shipped_model(settings, monkeypatch):
    """Every test reads the model shipped in the repository, never one trained locally;
    models the tests save are compressed for speed, not size."""
    settings.TRIAGE_MODEL_PATH = str(classifier.SHIPPED_MODEL)
    monkeypatch.setattr(classifier, "COMPRESS", ("zlib", 1))


@pytest.fixture(scope="session")
def small_model():
    """A model trained on every 4th corpus row: seconds, not a minute."""
    data = dataset.corpus()
    part = data.subset(range(0, len(data), 4))
    return classifier.train(part.texts, part.labels, part.groups)


@pytest.fixture
def shipped():
    return classifier.get_model()

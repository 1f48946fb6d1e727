"""The shipped corpus: size, coverage, scripts, and a reproducible generator."""

from collections import Counter

from mahalla.core.categories import Category
from mahalla.triage import dataset
from mahalla.triage.corpus import generate


def test_corpus_covers_every_category_in_every_script():
    data = dataset.corpus()
    assert len(data) >= 3000
    per_category = Counter(data.labels)
    assert set(per_category) == set(Category.values)
    assert min(per_category.values()) >= 150
    for script in ("latin", "cyrillic", "russian", "mixed"):
        labels = {label for label, s in zip(data.labels, data.scripts, strict=True)
                  if s == script}
        assert labels == set(Category.values), script


def test_holdout_is_handwritten_and_not_in_the_corpus():
    holdout = dataset.holdout()
    assert len(holdout) >= 150
    assert set(holdout.labels) == set(Category.values)
    assert not set(holdout.texts) & set(dataset.corpus().texts)


def test_generator_is_reproducible():
    first = generate.generate(per_category=5)
    assert first == generate.generate(per_category=5)
    assert first != generate.generate(seed=generate.SEED + 1, per_category=5)


def test_held_out_split_keeps_situations_whole():
    train, test = dataset.group_split(dataset.corpus())
    assert not set(train.groups) & set(test.groups)
    assert 0.15 < len(test) / (len(train) + len(test)) < 0.3
    assert set(test.labels) == set(Category.values)

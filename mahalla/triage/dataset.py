"""The labelled data: the shipped corpus, the hand-written holdout, staff corrections.

The held-out split keeps whole situations apart (the corpus' `group` column): every phrasing
of a held-out situation is unseen in training, so the score says how the model does on
problems described in words it has not met, not on near-copies of its training rows.
"""

import csv
import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS = DATA_DIR / "corpus.csv"
HOLDOUT = DATA_DIR / "holdout_handwritten.csv"
SPLIT_SEED = 7
TEST_SHARE = 0.2


@dataclass
class Dataset:
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, text: str, label: str, script: str, group: str) -> None:
        self.texts.append(text)
        self.labels.append(label)
        self.scripts.append(script)
        self.groups.append(group)

    def subset(self, indexes) -> "Dataset":
        out = Dataset()
        for i in indexes:
            out.add(self.texts[i], self.labels[i], self.scripts[i], self.groups[i])
        return out

    def extend(self, other: "Dataset") -> "Dataset":
        out = self.subset(range(len(self)))
        for i in range(len(other)):
            out.add(other.texts[i], other.labels[i], other.scripts[i], other.groups[i])
        return out

    def fingerprint(self) -> str:
        """SHA-256 over the rows, so a model file names exactly the data it learned from."""
        digest = hashlib.sha256()
        for text, label in zip(self.texts, self.labels, strict=True):
            digest.update(f"{label}\t{text}\n".encode())
        return digest.hexdigest()


def read_csv(path: Path) -> Dataset:
    data = Dataset()
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            data.add(row["text"], row["category"], row.get("script", ""),
                     row.get("group") or f"{path.stem}/{i}")
    return data


def corpus() -> Dataset:
    return read_csv(CORPUS)


def holdout() -> Dataset:
    return read_csv(HOLDOUT)


def group_split(data: Dataset, *, test_share: float = TEST_SHARE,
                seed: int = SPLIT_SEED) -> tuple[Dataset, Dataset]:
    """Train/test with whole groups on one side; each category keeps its share of groups.

    A group's category family is the part of its name before the last "/" (generated
    situations: "water/uz/03"; hand-written rows each form their own group).
    """
    rng = random.Random(seed)
    families: dict[str, set[str]] = {}
    for group in data.groups:
        families.setdefault(group.rsplit("/", 1)[0], set()).add(group)
    test_groups: set[str] = set()
    for family in sorted(families):
        members = sorted(families[family])
        rng.shuffle(members)
        test_groups.update(members[:max(1, round(len(members) * test_share))])
    train = [i for i, g in enumerate(data.groups) if g not in test_groups]
    test = [i for i, g in enumerate(data.groups) if g in test_groups]
    return data.subset(train), data.subset(test)


def corrections() -> Dataset:
    """Staff corrections stored in the database (the category staff chose is the label)."""
    from mahalla.triage.models import TrainingExample

    data = Dataset()
    for example in TrainingExample.objects.order_by("pk").only("pk", "text", "category"):
        data.add(example.text, example.category, "", f"correction/{example.pk}")
    return data

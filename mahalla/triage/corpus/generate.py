"""Build mahalla/triage/data/corpus.csv: generated appeals plus the hand-written ones.

    python -m mahalla.triage.corpus.generate

Reproducible: a fixed seed, and the same input files give the same bytes. Each generated
appeal is one situation (a line of `pools_uz` / `pools_ru`) said one way, wrapped in parts
that carry no category (greeting, who writes, complaints about the wait, closing), then
written as people write: Latin with or without oʻ gʻ, Cyrillic with or without ў қ ғ ҳ,
Russian, Russian in Latin letters, Uzbek and Russian mixed, typos, no punctuation, capitals.
The `group` column names the situation, so an evaluation can hold out whole situations.
"""

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

from mahalla.core.categories import Category
from mahalla.core.text import clean_text, to_cyrillic
from mahalla.triage.corpus import common, noise, pools_ru, pools_uz

SEED = 20260601
GENERATED_PER_CATEGORY = 550
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CORPUS = DATA_DIR / "corpus.csv"
HANDWRITTEN = DATA_DIR / "handwritten.csv"
FIELDS = ["text", "category", "script", "source", "group"]
SCRIPTS = ("latin", "cyrillic", "russian", "mixed")
# Share of each way of writing among generated appeals.
SCRIPT_WEIGHTS = (0.31, 0.22, 0.34, 0.13)
STYLE_WEIGHTS = {"formal": 0.22, "medium": 0.36, "short": 0.26, "chat": 0.16}
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Situation:
    category: str
    lang: str  # "uz" or "ru"
    index: int
    variants: tuple[str, ...]

    @property
    def group(self) -> str:
        return f"{self.category}/{self.lang}/{self.index:02d}"


def situations() -> list[Situation]:
    found = []
    for lang, module in (("uz", pools_uz), ("ru", pools_ru)):
        for category, block in module.SITUATIONS.items():
            extras = [getattr(module, name, {}) for name in ("MORE", "MORE2", "MORE3", "MORE4",
                                                                 "MORE5")]
            block = "\n".join([block] + [extra.get(category, "") for extra in extras])
            lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
            for index, line in enumerate(lines):
                variants = tuple(v.strip() for v in line.split("|") if v.strip())
                found.append(Situation(category, lang, index, variants))
    return found


def _fill(text: str, rng: random.Random, slots: dict) -> str:
    return _SLOT.sub(lambda m: rng.choice(slots[m.group(1)]), text)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?:," else text + "."


def _join(parts: list[str]) -> str:
    """Sentences joined; a part after "…," or "…:" goes on in lower case."""
    out: list[str] = []
    for part in parts:
        sentence = _sentence(part)
        if out and out[-1][-1] in ",:":
            sentence = part.strip()
        out.append(sentence)
    return " ".join(out)


def _maybe(rng: random.Random, p: float, items: list[str]) -> list[str]:
    return [rng.choice(items)] if rng.random() < p else []


def _core(sit: Situation, rng: random.Random) -> list[str]:
    first = rng.choice(sit.variants)
    parts = [first]
    others = [v for v in sit.variants if v != first]
    if others and rng.random() < 0.3:
        parts.append(rng.choice(others))
    return parts


def compose(sit: Situation, rng: random.Random, style: str, lang: str | None = None,
            core: list[str] | None = None) -> str:
    """One appeal in `lang` (default: the situation's) around the situation's words."""
    lang = lang or sit.lang
    uz = lang == "uz"
    openings = common.OPENINGS_UZ if uz else common.OPENINGS_RU
    intros = common.INTROS_UZ if uz else common.INTROS_RU
    details = common.DETAILS_UZ if uz else common.DETAILS_RU
    generic = common.REQUESTS_UZ_GENERIC if uz else common.REQUESTS_RU_GENERIC
    specific = (common.REQUESTS_UZ if uz else common.REQUESTS_RU)[sit.category]
    slots = common.SLOTS_UZ if sit.lang == "uz" else common.SLOTS_RU
    core = core or _core(sit, rng)
    if style in ("formal", "medium") and rng.random() < 0.2:
        subject = rng.choice((common.SUBJECTS_UZ if uz else common.SUBJECTS_RU)[sit.category])
        lead = rng.choice(["Mavzu: {}.", "{} murojaat.", "{} yozyapman."] if uz else
                          ["Тема: {}.", "Обращаюсь {}.", "Пишу {}."])
        core = [lead.format(subject)] + core
    if style == "formal":
        closings = common.CLOSINGS_UZ if uz else common.CLOSINGS_RU
        parts = ([rng.choice(openings)] + _maybe(rng, 0.8, intros) + core
                 + rng.sample(details, rng.choice([0, 1, 1, 2]))
                 + [rng.choice(specific + generic)] + _maybe(rng, 0.8, closings))
        text = _join(parts)
    elif style == "medium":
        parts = (_maybe(rng, 0.5, openings) + _maybe(rng, 0.3, intros) + core
                 + _maybe(rng, 0.4, details) + _maybe(rng, 0.6, specific + generic))
        text = _join(parts)
    elif style == "short":
        parts = core[:1] + _maybe(rng, 0.35, specific + generic)
        text = ". ".join(parts)
        text = text[0].upper() + text[1:] if rng.random() < 0.5 else text
    else:  # chat: one line, no care
        text = core[0] + rng.choice(["", "", " !!!", " ??", "...", " qachon hal bo'ladi"
                                     if uz else " когда решите", " ((("])
    return _fill(text, rng, slots)


def _latin(text: str, rng: random.Random, style: str) -> str:
    text = clean_text(text)
    if rng.random() < 0.55:
        text = noise.plain_latin(text, rng)
    text = noise.uz_spelling_slips(text, rng)
    return _finish(text, rng, style)


def _finish(text: str, rng: random.Random, style: str) -> str:
    text = noise.typos(text, rng, rate=0.08 if style in ("chat", "short") else 0.03)
    if style in ("chat", "short") and rng.random() < 0.6:
        text = noise.no_punctuation(text)
    if style == "chat" and rng.random() < 0.7 or rng.random() < 0.15:
        text = noise.lower(text)
    if rng.random() < 0.03:
        text = noise.shout(text)
    return text


def _mixed(sit: Situation, rng: random.Random, style: str,
           by_key: dict[tuple[str, str], list[Situation]]) -> str:
    kind = rng.randrange(4)
    if kind == 0 and sit.lang == "ru":
        # Uzbek greeting and request around a Russian description.
        text = " ".join([rng.choice(common.OPENINGS_UZ), compose(sit, rng, "short"),
                         rng.choice(common.REQUESTS_UZ_GENERIC)])
        return _finish(text, rng, style)
    if kind == 1 and sit.lang == "uz":
        text = " ".join([rng.choice(common.OPENINGS_RU), compose(sit, rng, "short"),
                         rng.choice(common.REQUESTS_RU_GENERIC)])
        return _latin(text, rng, style)
    if sit.lang == "uz":
        text = compose(sit, rng, style)
        for word, loan in common.RU_LOANS_IN_UZ:
            if word in text and rng.random() < 0.8:
                text = text.replace(word, loan)
        if rng.random() < 0.5:
            text += " " + rng.choice(["пожалуйста", "срочно", "помогите", "spasibo", "blin"])
        return _latin(text, rng, style)
    # Russian with Uzbek words at the edges: a greeting, an address, a plea.
    text = compose(sit, rng, style)
    if rng.random() < 0.6:
        text = rng.choice(common.UZ_WORDS_IN_RU) + ", " + text
    if rng.random() < 0.7:
        text = text + " " + rng.choice(common.UZ_WORDS_IN_RU)
    return _finish(noise.sloppy_russian(text, rng), rng, style)


def render(sit: Situation, rng: random.Random, script: str,
           by_key: dict[tuple[str, str], list[Situation]]) -> str:
    style = rng.choices(list(STYLE_WEIGHTS), weights=list(STYLE_WEIGHTS.values()))[0]
    if script == "latin":
        return _latin(compose(sit, rng, style), rng, style)
    if script == "cyrillic":
        text = to_cyrillic(compose(sit, rng, style))
        if rng.random() < 0.6:
            text = noise.russian_keyboard(text, rng)
        return _finish(text, rng, style)
    if script == "russian":
        text = noise.sloppy_russian(compose(sit, rng, style), rng)
        if rng.random() < 0.07:
            text = noise.russian_in_latin(text)
        return _finish(text, rng, style)
    return _mixed(sit, rng, style, by_key)


def generate(seed: int = SEED, per_category: int = GENERATED_PER_CATEGORY) -> list[dict]:
    rng = random.Random(seed)
    all_situations = situations()
    by_key: dict[tuple[str, str], list[Situation]] = {}
    for sit in all_situations:
        by_key.setdefault((sit.category, sit.lang), []).append(sit)
    rows, seen = [], set()
    for category in Category.values:
        made, attempts = 0, 0
        while made < per_category and attempts < per_category * 20:
            attempts += 1
            script = rng.choices(SCRIPTS, weights=SCRIPT_WEIGHTS)[0]
            lang = "uz" if script in ("latin", "cyrillic") else rng.choice(["uz", "ru"]) \
                if script == "mixed" else "ru"
            sit = rng.choice(by_key[(category, lang)])
            text = render(sit, rng, script, by_key).strip()
            key = text.lower()
            if len(text) < 8 or key in seen:
                continue
            seen.add(key)
            rows.append({"text": text, "category": category, "script": script,
                         "source": "generated", "group": sit.group})
            made += 1
    return rows


def handwritten() -> list[dict]:
    with HANDWRITTEN.open(encoding="utf-8", newline="") as fh:
        return [{"text": row["text"].strip(), "category": row["category"],
                 "script": row["script"], "source": "handwritten", "group": f"hw/{i:04d}"}
                for i, row in enumerate(csv.DictReader(fh))]


def build(path: Path = CORPUS) -> list[dict]:
    rows = generate() + handwritten()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows


if __name__ == "__main__":
    built = build()
    print(f"{len(built)} appeals written to {CORPUS}")

"""Uzbek text normalization: one place for apostrophes, transliteration and search keys.

People write oʻ/gʻ as U+02BB, U+2018, ' or ` and the separation mark as U+02BC, U+2019 or ';
they write in Cyrillic, the Latin alphabet of 1995 and, since 2026, the new Latin letters.
We display one form (Latin with U+02BB / U+02BC) and compare through a folded search key.
"""

import re
import unicodedata

import alifbo

_SPACES = re.compile(r"\s+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def normalize_apostrophes(text: str) -> str:
    """oʻ gʻ with U+02BB and the separation mark with U+02BC, whatever the writer typed."""
    return alifbo.normalize_apostrophes(text)


def clean_text(text: str) -> str:
    """NFC, apostrophes unified, runs of white space collapsed, ends trimmed."""
    text = unicodedata.normalize("NFC", text or "")
    text = normalize_apostrophes(text)
    return _SPACES.sub(" ", text).strip()


def clean_multiline(text: str) -> str:
    """`clean_text` for each line of a longer message, keeping its line breaks."""
    return "\n".join(clean_text(line) for line in (text or "").splitlines()).strip()


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text or ""))


def to_latin(text: str) -> str:
    """Uzbek Cyrillic (or mixed) text in the Latin script people read today (oʻ, gʻ, sh, ch)."""
    text = clean_text(text)
    if not has_cyrillic(text):
        return text
    new_latin = alifbo.from_cyrillic(text).text
    return alifbo.to_old_latin(new_latin).text


def to_cyrillic(text: str) -> str:
    """Uzbek Latin text in Cyrillic, for display in the uz-Cyrl interface."""
    return alifbo.to_cyrillic(clean_text(text)).text


def search_key(text: str) -> str:
    """A key that folds Cyrillic, old and new Latin spellings and apostrophe variants together."""
    return alifbo.fold_search_key(clean_text(text))


def search_terms(text: str) -> list[str]:
    """The folded words of a query, for matching each against a stored search key."""
    return [word for word in search_key(text).split(" ") if word]

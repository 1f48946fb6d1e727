"""How real messages differ from clean text: keyboards, typos, missing letters, lost punctuation."""

import random
import re

_APOSTROPHES = "'\u2018\u2019\u02bb\u02bc`"
_OG = re.compile(r"([oOgG])[" + _APOSTROPHES + r"]")
_SEPARATION = re.compile(r"(?<=[a-zA-Z])[" + _APOSTROPHES + r"](?=[a-zA-Z])")
_PUNCT = re.compile(r"[.,!?;:()«»\"“”—–-]+")
_SPACES = re.compile(r"\s+")

# Uzbek Cyrillic letters a Russian keyboard lacks, and what people type instead.
_RU_KEYBOARD = str.maketrans({"ў": "у", "Ў": "У", "қ": "к", "Қ": "К", "ғ": "г", "Ғ": "Г",
                              "ҳ": "х", "Ҳ": "Х"})
_RU_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
_VOWELS = "aeiou"


def plain_latin(text: str, rng: random.Random) -> str:
    """oʻ gʻ as o' / o` / plain o, the way people without the letters type them."""
    mark = rng.choice(["'", "`", "", "", "\u2018", "\u2019"])
    text = _OG.sub(lambda m: m.group(1) + mark, text)
    sep = rng.choice(["'", "", "`"])
    return _SEPARATION.sub(sep, text)


def no_punctuation(text: str) -> str:
    return _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()


def typos(text: str, rng: random.Random, rate: float = 0.06) -> str:
    """Drop, double, swap or replace a letter in a few words."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) < 4 or rng.random() > rate:
            continue
        j = rng.randrange(1, len(word) - 1)
        kind = rng.randrange(4)
        if kind == 0:
            word = word[:j] + word[j + 1:]
        elif kind == 1:
            word = word[:j] + word[j] + word[j:]
        elif kind == 2:
            word = word[:j - 1] + word[j] + word[j - 1] + word[j + 1:]
        elif word[j].lower() in _VOWELS:
            word = word[:j] + rng.choice(_VOWELS) + word[j + 1:]
        words[i] = word
    return " ".join(words)


def uz_spelling_slips(text: str, rng: random.Random) -> str:
    """x/h and q/k confusions that are common in Latin Uzbek typed by Russian-school writers."""
    if rng.random() < 0.3:
        text = text.replace("x", "h").replace("X", "H")
    if rng.random() < 0.2:
        text = text.replace("q", "k")
    if rng.random() < 0.15:
        text = text.replace("yo'q", "yok").replace("yo‘q", "yok")
    return text


def russian_keyboard(text: str, rng: random.Random) -> str:
    """Uzbek Cyrillic typed without ў қ ғ ҳ (most phones with a Russian layout)."""
    if rng.random() < 0.5:
        return text.translate(_RU_KEYBOARD)
    return "".join(ch.translate(_RU_KEYBOARD) if rng.random() < 0.5 else ch for ch in text)


def russian_in_latin(text: str) -> str:
    """Russian typed in Latin letters (translit), as in many chat messages."""
    out = []
    for ch in text:
        low = ch.lower()
        if low in _RU_TRANSLIT:
            lat = _RU_TRANSLIT[low]
            out.append(lat.capitalize() if ch.isupper() and lat else lat)
        else:
            out.append(ch)
    return "".join(out)


def sloppy_russian(text: str, rng: random.Random) -> str:
    """ё as е, lower case, chat abbreviations."""
    text = text.replace("ё", "е")
    if rng.random() < 0.3:
        text = (text.replace("пожалуйста", rng.choice(["пжл", "пожалуйста", "плиз"]))
                .replace("сейчас", "щас").replace("вообще", "ваще").replace("что", "чё"))
    return text


def shout(text: str) -> str:
    return text.upper()


def lower(text: str) -> str:
    return text.lower()

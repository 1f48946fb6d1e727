"""Text → the form the classifier reads, and the TF-IDF features built on it.

Every way of writing the same Uzbek word should meet in one form: Cyrillic is transliterated
to Latin (Russian too, which is fine for character n-grams), oʻ gʻ and plain o g fold
together, so do the apostrophe variants, x/h and q/k (Cyrillic typed on a Russian keyboard
turns қ into к, ҳ into х), and digits (a house number says nothing about the category).
"""

import re
import unicodedata

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

_MARKS = re.compile(r"[\u02bb\u02bc\u2018\u2019'`´ʹ]")
_DIGITS = re.compile(r"\d+")
_NON_WORD = re.compile(r"[^\w\s]+|_")
_SPACES = re.compile(r"\s+")
# Cyrillic е at the start of a word or after a vowel is "ye" in Latin (ер → yer).
_CYR_YE = re.compile(r"(?<![бвгджзйклмнпрстфхцчшщғқҳ])е")
# Uzbek and Russian Cyrillic to the folded Latin form: the Uzbek Latin spelling where there is
# one (ж → j, х → h, ц → ts), with ў қ ғ ҳ folded like oʻ q gʻ h below.
_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "y", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "ў": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ҳ": "h",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ң": "n", "ә": "a", "ө": "o", "ү": "u",
})
WORD = r"\b\w+\b"
_LATIN_FOLD = str.maketrans({"x": "h", "q": "k", "w": "v", "ñ": "n"})


def normalize(text: str) -> str:
    """One folded, lower-case Latin form of a resident's text in any script.

    The same folding as `mahalla.core.text.search_key` (apostrophe variants, Cyrillic →
    Latin, oʻ/o and gʻ/g together) done with translation tables, since the classifier must
    read thousands of texts a second.
    """
    text = unicodedata.normalize("NFC", text or "").lower()
    text = _CYR_YE.sub("ye", text).translate(_CYRILLIC)
    text = _MARKS.sub("", text).translate(_LATIN_FOLD)
    text = _DIGITS.sub("0", text)
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def normalize_many(texts) -> list[str]:
    return [normalize(t) for t in texts]


class WordCachedCharTfidf(TfidfVectorizer):
    """`TfidfVectorizer(analyzer="char_wb")` whose transform remembers each word's n-grams.

    char_wb n-grams never cross a word boundary, so a document's counts are the sum of its
    words' counts; residents reuse the same few thousand words, and looking their column
    ids up once makes transform several times faster than building every n-gram again.
    The result is identical to the parent's (a test checks it).
    """

    CACHE_LIMIT = 200_000

    def __init__(self, *, ngram_range=(2, 5), max_features=None, min_df=2, sublinear_tf=True,
                 dtype=np.float32):
        super().__init__(analyzer="char_wb", ngram_range=ngram_range, lowercase=False,
                         max_features=max_features, min_df=min_df, sublinear_tf=sublinear_tf,
                         dtype=dtype)

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_word_columns", None)
        return state

    def _columns(self, word: str, cache: dict) -> list[int]:
        columns = cache.get(word)
        if columns is None:
            vocabulary = self.vocabulary_
            columns = [vocabulary[g] for g in self._char_wb_ngrams(word) if g in vocabulary]
            if len(cache) >= self.CACHE_LIMIT:
                cache.clear()
            cache[word] = columns
        return columns

    def transform(self, raw_documents):
        cache = self.__dict__.setdefault("_word_columns", {})
        indices: list[int] = []
        indptr = [0]
        for doc in raw_documents:
            for word in doc.split():
                indices.extend(self._columns(word, cache))
            indptr.append(len(indices))
        counts = sp.csr_matrix(
            (np.ones(len(indices), dtype=self.dtype), np.asarray(indices, dtype=np.int32),
             np.asarray(indptr, dtype=np.int64)),
            shape=(len(indptr) - 1, len(self.vocabulary_)))
        counts.sum_duplicates()
        return self._tfidf.transform(counts, copy=False)


def build_features(*, char_max: int | None = 200_000, word_max: int | None = 80_000,
                   min_df: int = 1) -> FeatureUnion:
    """Character n-grams inside word boundaries (typos, suffixes) plus words and word pairs."""
    return FeatureUnion([
        ("char", WordCachedCharTfidf(ngram_range=(2, 5), max_features=char_max, min_df=min_df)),
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=WORD,
                                 max_features=word_max, lowercase=False, sublinear_tf=True,
                                 min_df=min_df, dtype=np.float32)),
    ])

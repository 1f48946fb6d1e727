"""Normalization: one form for every way of writing the same words."""

from sklearn.feature_extraction.text import TfidfVectorizer

from mahalla.core.text import to_cyrillic
from mahalla.triage.features import WordCachedCharTfidf, normalize, normalize_many

SAME = [
    "Uyimizda 3 kundan beri suv yoʻq, gʻildirak",
    "Uyimizda 3 kundan beri suv yo'q, g'ildirak",
    "uyimizda 3 kundan beri suv yo`q g`ildirak",
    "Uyimizda 3 kundan beri suv yo‘q, g‘ildirak",
    "UYIMIZDA 3 KUNDAN BERI SUV YOQ, GILDIRAK",
    "Уйимизда 3 кундан бери сув йўқ, ғилдирак",
    "Уйимизда 3 кундан бери сув йўк, гилдирак",
]


def test_apostrophe_case_and_script_variants_fold_together():
    forms = {normalize(text) for text in SAME}
    assert forms == {"uyimizda 0 kundan beri suv yok gildirak"}


def test_cyrillic_ye_at_word_start_is_latin_ye():
    assert normalize("ер участкаси") == normalize("yer uchastkasi") == "yer uchastkasi"


def test_russian_is_transliterated():
    assert normalize("Воды нет уже три дня!") == "vodi net uje tri dnya"


def test_to_cyrillic_round_trip_keeps_the_folded_form():
    text = "Hurmatli rais! Koʻchamizda gaz hidi kelyapti, qoʻrqyapmiz."
    assert normalize(to_cyrillic(text)) == normalize(text)


def test_word_cached_vectorizer_equals_the_stock_one():
    docs = normalize_many(SAME + ["Свет не горит на улице", "kanalizatsiya toʻlib ketdi"])
    vectorizer = WordCachedCharTfidf(ngram_range=(2, 5), min_df=1).fit(docs)
    fast = vectorizer.transform(docs + ["yangi soʻz bilan matn"])
    stock = TfidfVectorizer.transform(vectorizer, docs + ["yangi soʻz bilan matn"])
    assert abs(fast - stock).max() == 0

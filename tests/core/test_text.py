import pytest

from mahalla.core.text import clean_text, normalize_apostrophes, search_key, to_cyrillic, to_latin


@pytest.mark.parametrize("typed", ["O'zbekiston", "O`zbekiston", "O‘zbekiston", "Oʻzbekiston",
                                   "O’zbekiston"])
def test_every_apostrophe_variant_becomes_one_form(typed):
    assert normalize_apostrophes(typed) == "Oʻzbekiston"


def test_separation_mark_uses_modifier_apostrophe():
    assert normalize_apostrophes("ma'naviyat") == "maʼnaviyat"


def test_clean_text_collapses_white_space_and_trims():
    assert clean_text("  Chilonzor \n\t tumani  ") == "Chilonzor tumani"


def test_cyrillic_is_transliterated_to_current_latin():
    assert to_latin("Тошкент шаҳри, Ғалаба маҳалласи") == "Toshkent shahri, Gʻalaba mahallasi"


def test_latin_text_is_left_as_typed_except_apostrophes():
    assert to_latin("Yunusobod g'alaba") == "Yunusobod gʻalaba"


def test_latin_to_cyrillic():
    assert to_cyrillic("Oʻzbekiston") == "Ўзбекистон"


@pytest.mark.parametrize("spelling", ["Oʻzbekiston", "O'zbekiston", "Ўзбекистон", "Özbekiston",
                                      "OʻZBEKISTON"])
def test_search_key_folds_scripts_and_spellings(spelling):
    assert search_key(spelling) == search_key("oʻzbekiston")


def test_search_key_folds_sh_and_ch_digraphs():
    assert search_key("Chilonzor") == search_key("Чилонзор")
    assert search_key("Toshkent") == search_key("Тошкент")

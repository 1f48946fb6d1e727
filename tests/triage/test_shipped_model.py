"""The model in the repository loads quickly and gets plain cases right in every script."""


import pytest

CLEAR = [
    ("Uyimizda uch kundan beri ichimlik suvi yoʻq", "water"),
    ("Уйимизда уч кундан бери ичимлик суви йўқ", "water"),
    ("В доме третий день нет воды", "water"),
    ("Kanalizatsiya toʻlib, oqava suv hovliga chiqyapti", "sewerage"),
    ("Канализация забилась, в подвале стоки", "sewerage"),
    ("Koʻchamizdagi yoʻlda katta chuqurlar bor, asfalt buzilgan", "roads"),
    ("На дороге огромные ямы, нужен ремонт асфальта", "roads"),
    ("Kechadan beri uyda elektr yoʻq, svet oʻchgan", "electricity"),
    ("Света нет со вчерашнего дня", "electricity"),
    ("Газ босими жуда паст, плита ёнмаяпти", "gas"),
    ("Очень низкое давление газа, плита не горит", "gas"),
    ("Batareyalar sovuq, isitish berilmayapti", "heating"),
    ("Батареи холодные, отопления нет", "heating"),
    ("Chiqindi bir haftadan beri olib ketilmayapti", "waste"),
    ("Мусор не вывозят неделю", "waste"),
    ("Koʻcha chiroqlari yonmaydi, kechasi qorongʻi", "lighting"),
    ("Уличные фонари не горят", "lighting"),
    ("Avtobus juda kam qatnaydi, bekatda bir soat kutamiz", "transport"),
    ("Интернет не работает уже неделю", "telecom"),
    ("Ishsizman, ish topishga yordam bering", "employment"),
    ("Помогите найти работу, я безработный", "employment"),
    ("Bogʻchaga joy berishmayapti", "education"),
    ("Poliklinikada shifokor yoʻq", "healthcare"),
    ("Mahalladan maʼlumotnoma olishim kerak", "documents"),
    ("Нужна справка с места жительства", "documents"),
    ("Xodim hujjat uchun pora soʻradi", "corruption"),
    ("Сотрудник потребовал взятку", "corruption"),
    ("Qoʻshnim yerimning chegarasini buzib devor qurdi", "land"),
    ("Kam taʼminlangan oilamizga moddiy yordam kerak", "social_support"),
]


def test_it_records_version_data_hash_and_metrics(shipped):
    meta = shipped.metadata
    assert meta["version"] and len(meta["data_sha256"]) == 64
    assert meta["metrics"]["heldout"]["macro_f1"] > 0.7
    assert meta["metrics"]["handwritten"]["macro_f1"] > 0.7


@pytest.mark.parametrize(("text", "category"), CLEAR, ids=[f"{c}-{i}" for i, (__, c)
                                                           in enumerate(CLEAR)])
def test_it_classifies_clear_examples(shipped, text, category):
    assert shipped.classify([text])[0].category == category


def test_script_and_apostrophe_variants_get_one_answer(shipped):
    variants = ["Koʻchada gaz hidi kelyapti", "Ko'chada gaz hidi kelyapti",
                "kochada gaz hidi kelyapti", "Кўчада газ ҳиди келяпти",
                "KOʻCHADA GAZ HIDI KELYAPTI"]
    predictions = shipped.classify(variants)
    assert {p.category for p in predictions} == {"gas"}
    assert len({round(p.confidence, 6) for p in predictions}) == 1
    # A Russian keyboard loses ў (у, not o): a different form, still the same answer.
    assert shipped.classify(["Кучада газ хиди келяпти"])[0].category == "gas"

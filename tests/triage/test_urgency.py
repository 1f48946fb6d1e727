"""Urgency rules in Uzbek Latin, Uzbek Cyrillic and Russian."""

from datetime import datetime

import pytest
from django.utils import timezone

from mahalla.triage.urgency import assess, raise_priority

JANUARY = timezone.make_aware(datetime(2026, 1, 15, 10, 0))
JULY = timezone.make_aware(datetime(2026, 7, 15, 10, 0))

CASES = [
    ("gas_smell", "critical", "Koʻchada kuchli gaz hidi kelyapti"),
    ("gas_smell", "critical", "Кўчада газ ҳиди келяпти, қўрқяпмиз"),
    ("gas_smell", "critical", "В подъезде сильно пахнет газом"),
    ("exposed_wires", "critical", "Elektr simlari uzilib yerda yotibdi"),
    ("exposed_wires", "critical", "Электр симлари узилиб ерда ётибди"),
    ("exposed_wires", "critical", "Оборванный провод лежит на земле"),
    ("collapse", "critical", "Uyimizning devori qulab tushish arafasida"),
    ("collapse", "critical", "Стена дома может обрушиться"),
    ("flooding", "critical", "Podvalni suv bosdi, suv koʻtarilyapti"),
    ("flooding", "critical", "Ертўлани сув босди"),
    ("flooding", "critical", "Нас затопило, вода в квартире"),
    ("fire", "critical", "Qoʻshni uyda yongʻin chiqdi"),
    ("fire", "critical", "У соседей пожар"),
    ("violence", "critical", "Qoʻshni xotinini uradi, pichoq bilan qoʻrqitdi"),
    ("violence", "critical", "Сосед избивает жену"),
    ("child_in_danger", "critical", "Bola ochiq lyukka tushib ketdi"),
    ("no_water_days", "high", "Uch kundan beri suv yoʻq"),
    ("no_water_days", "high", "Воды нет уже три дня"),
    ("sewage_overflow", "high", "Kanalizatsiya toshib, koʻchaga chiqyapti"),
    ("ambulance", "high", "Тез ёрдам келмади"),
]


@pytest.mark.parametrize(("code", "level", "text"), CASES,
                         ids=[f"{code}-{i}" for i, (code, __, __) in enumerate(CASES)])
def test_danger_raises_urgency(code, level, text):
    result = assess(text, now=JULY)
    assert code in result.reasons
    assert result.level == level


@pytest.mark.parametrize("text", [
    "Uyda batareyalar sovuq, 2 oylik chaqaloq bor",
    "Уйда батареялар совуқ, чақалоқ бор",
    "Батареи холодные, дома грудной ребёнок",
])
def test_no_heating_with_an_infant_in_winter_is_critical(text):
    assert assess(text, now=JANUARY).level == "critical"


def test_no_heating_in_summer_without_winter_words_is_not_urgent():
    assert assess("Batareyalar ishlamayapti", now=JULY).level == "normal"


@pytest.mark.parametrize("text", [
    "Mahalla raisiga rahmat", "Нужна справка о составе семьи",
    "Koʻcha chiroqlari yonmaydi", "Интернет медленный",
])
def test_ordinary_appeals_stay_normal(text):
    assert assess(text, now=JULY).level == "normal"


def test_priority_is_raised_and_never_lowered():
    assert raise_priority("normal", "critical") == "critical"
    assert raise_priority("high", "normal") == "high"
    assert raise_priority("critical", "high") == "critical"


@pytest.mark.parametrize("text", [
    "в подъезде воняет газом срочно!!!", "Gaz sizib chiqyapti", "Утечка газа во дворе"])
def test_more_ways_to_say_gas_leak(text):
    assert assess(text, now=JULY).level == "critical"


def test_a_formal_sizga_is_not_a_gas_leak():
    assert assess("Sizga shuni maʼlum qilamanki, gaz bosimi past", now=JULY).level == "normal"

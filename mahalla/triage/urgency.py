"""Urgency: danger to life or health raises an appeal's priority.

Rules read the folded text of `features.normalize` (Latin, lower case, oʻ→o, x→h, q→k,
Cyrillic transliterated), so one pattern covers Uzbek in both scripts; Russian words are
matched in their transliterated form (запах газа → "zapah gaza"). A rule fires when every
one of its patterns matches. The strongest rule wins; its codes explain the decision to staff.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from mahalla.triage.features import normalize
from mahalla.triage.models import Urgency

WINTER_MONTHS = {11, 12, 1, 2, 3}
_LEVEL_ORDER = {Urgency.NORMAL: 0, Urgency.HIGH: 1, Urgency.CRITICAL: 2}


def _any(*stems: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(stems) + r")")


# Words that recur across rules.
GAS = _any("gaz", "gas")
NO_HEAT = _any("isitish", "isitil", "batarey", "radiator", "issiklik", "otoplen", "otaplivaet",
               "ne greyut", "holodn", "sovuk", "muzdek", "kotel", "kozon", "pech")
INFANT = _any("chakalok", "godak", "emizikli", "kichkintoy", "yangi tugilgan", "grudn",
              "mladen", "novorojd", "malish", "goda ot rodu", "oylik bola", "mesyachn")
WINTER_WORDS = _any("kish", "sovuk", "muzla", "zima", "zimo", "moroz", "holod")


@dataclass(frozen=True)
class Rule:
    code: str
    level: str
    patterns: tuple[re.Pattern, ...]
    winter_only: bool = False


RULES: tuple[Rule, ...] = (
    Rule("gas_smell", Urgency.CRITICAL, (
        GAS,
        _any("hid", "isi ", "is kel", "sizib", "sizyap", "sizmok", "sizilish", "zapah", "pahn",
             "vonya", "vonyu", "utechk", "uchib chik")),),
    Rule("fire", Urgency.CRITICAL, (
        _any("yongin", "yonib ketyap", "yonib turibdi", "olov chik", "pojar", "gorit dom",
             "zagorel", "dom gorit", "tutun chik", "ot chikd"),)),
    Rule("exposed_wires", Urgency.CRITICAL, (
        _any("sim", "provod", "kabel"),
        _any("uzil", "osilib", "yerda yot", "yerga tush", "yalangoch", "ochik kolgan",
             "uchkun", "obor", "lejit na zeml", "na zemle", "ogolen", "iskrit", "svisa",
             "visyat do zeml", "tok ur", "udarit tok", "tokom"))),
    Rule("electric_shock", Urgency.CRITICAL, (
        _any("tok urib", "tok urdi", "tok urish", "elektr urib", "ubilo tok", "udarilo tok",
             "udar tok", "ubit tok"),)),
    Rule("collapse", Urgency.CRITICAL, (
        _any("kulab tush", "kulash", "kulay deb", "kulab ket", "obrush", "obval", "ruhnet",
             "ruhnul", "kulab"),)),
    Rule("flooding", Urgency.CRITICAL, (
        _any("suv bosdi", "suv bosgan", "suv bosyap", "toshkin", "sel ", "sel kel", "zatopil",
             "zatoplen", "potop", "podtopl", "suv ostida kol"),)),
    Rule("violence", Urgency.CRITICAL, (
        _any("pichok", "zoravon", "uradi", "kaltakla", "urib ket", "izbiva", "izbil",
             "b(?:yo|e)t jen", "nasili", "ugroj", "noj", "ubyu", "oldiraman", "oldiram"),)),
    Rule("child_in_danger", Urgency.CRITICAL, (
        _any("bola", "farzand", "rebyon", "rebenok", "rebyonk", "rebenk", "detey", "deti"),
        _any("yokolib kol", "tushib ket", "gumdon", "propal", "upal v", "utonul", "tonet",
             "ochik lyuk", "otkrit lyuk", "tishlab", "ukusil", "pokusal", "hujum"))),
    Rule("no_heat_infant_winter", Urgency.CRITICAL, (NO_HEAT, INFANT), winter_only=True),
    Rule("medical_equipment_power", Urgency.CRITICAL, (
        _any("kislorod", "dializ", "apparat"),
        _any("tok", "svet", "elektr", "electr"))),
    Rule("no_heat_winter", Urgency.HIGH, (NO_HEAT, _any("yok", "net", "ishlamay", "sovuk",
                                                        "holodn", "berilmay")),
         winter_only=True),
    Rule("no_water_days", Urgency.HIGH, (
        _any("suv", "vod"),
        _any("kundan beri", "kun boldi", "hafta", "dnya", "dney", "nedel", "sutki"),
        _any("yok", "kelmay", "net", "nema"))),
    Rule("sewage_overflow", Urgency.HIGH, (
        _any("kanalizats", "okava", "okova", "stoki", "stochn", "nechistot"),
        _any("tosh", "tulib", "chik", "perepoln", "vyhod", "vitek", "tech", "zalil"))),
    Rule("ambulance", Urgency.HIGH, (
        _any("tez yordam", "skoraya", "skoruyu", "skoroy"),
        _any("kelmadi", "kelmay", "kech", "ne priehal", "ne priezj", "chas", "soat"))),
    Rule("dangerous_tree_or_pole", Urgency.HIGH, (
        _any("daraht", "ustun", "stolb", "derev", "opora", "terak", "chinor", "topol"),
        _any("yikil", "kiyshay", "upad", "upast", "nakreni", "rushit"))),
    Rule("open_manhole", Urgency.HIGH, (
        _any("lyuk", "kudug"), _any("kopkog", "kryshk", "ochik", "otkryt"))),
    Rule("stray_dogs", Urgency.HIGH, (
        _any("it", "itlar", "sobak"), _any("tishla", "hujum", "ukus", "napada"))),
    Rule("traffic_light", Urgency.HIGH, (
        _any("svetofor"), _any("ishlama", "ochgan", "ne rabot", "ne gorit", "migaet"))),
)


@dataclass
class UrgencyResult:
    level: str = Urgency.NORMAL
    reasons: list[str] = field(default_factory=list)


def assess(text: str, *, now: datetime | None = None, normalized: str | None = None
           ) -> UrgencyResult:
    """The urgency of one appeal's text, with the codes of the rules that fired."""
    folded = normalized if normalized is not None else normalize(text)
    padded = f" {folded} "
    month = timezone.localtime(now or timezone.now()).month
    result = UrgencyResult()
    for rule in RULES:
        if rule.winter_only and month not in WINTER_MONTHS and not WINTER_WORDS.search(padded):
            continue
        if all(p.search(padded) for p in rule.patterns):
            result.reasons.append(rule.code)
            if _LEVEL_ORDER[rule.level] > _LEVEL_ORDER[result.level]:
                result.level = rule.level
    return result


def raise_priority(current: str, urgency: str) -> str:
    """The higher of a priority and an urgency (same three values); never lowers."""
    return urgency if _LEVEL_ORDER.get(urgency, 0) > _LEVEL_ORDER.get(current, 0) else current

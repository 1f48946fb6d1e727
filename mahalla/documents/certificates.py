"""What an approved application's e-document says: title, fields and paragraphs.

A document is written in its holder's language whatever the interface's catalogue holds, so
its wording lives here in four languages (like the names of services, which are data), not
in the gettext catalogue. Placeholders are ``{name}`` words replaced from a dict; nothing is
formatted with attribute access or evaluated.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone, translation

from mahalla.documents.forms_schema import display_value, localized

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


LABELS = {
    "birth_date": {"uz": "Tugʻilgan sanasi", "uz-cyrl": "Туғилган санаси",
                   "ru": "Дата рождения", "en": "Date of birth"},
    "address": {"uz": "Yashash manzili", "uz-cyrl": "Яшаш манзили",
                "ru": "Адрес проживания", "en": "Address"},
    "mahalla": {"uz": "Mahalla fuqarolar yigʻini", "uz-cyrl": "Маҳалла фуқаролар йиғини",
                "ru": "Сход граждан махалли", "en": "Mahalla citizens' assembly"},
    "district": {"uz": "Tuman (shahar)", "uz-cyrl": "Туман (шаҳар)",
                 "ru": "Район (город)", "en": "District (city)"},
    "presented_to": {"uz": "Taqdim etiladigan joy", "uz-cyrl": "Тақдим этиладиган жой",
                     "ru": "Для представления", "en": "To be presented to"},
    "purpose": {"uz": "Maqsadi", "uz-cyrl": "Мақсади", "ru": "Цель", "en": "Purpose"},
    "years_lived": {"uz": "Mahallada yashagan muddati (yil)",
                    "uz-cyrl": "Маҳаллада яшаган муддати (йил)",
                    "ru": "Срок проживания в махалле (лет)",
                    "en": "Years lived in the mahalla"},
    "family_size": {"uz": "Oila aʼzolari soni", "uz-cyrl": "Оила аъзолари сони",
                    "ru": "Число членов семьи", "en": "Members of the family"},
    "application": {"uz": "Ariza raqami", "uz-cyrl": "Ариза рақами",
                    "ru": "Номер заявления", "en": "Application number"},
}

BASIS = {
    "uz": "Asos: {date} sanadagi № {number} ariza.",
    "uz-cyrl": "Асос: {date} санадаги № {number} ариза.",
    "ru": "Основание: заявление № {number} от {date}.",
    "en": "Issued on application No. {number} of {date}.",
}

RESIDENCE = {
    "title": {"uz": "Yashash joyi toʻgʻrisida maʼlumotnoma",
              "uz-cyrl": "Яшаш жойи тўғрисида маълумотнома",
              "ru": "Справка с места жительства", "en": "Certificate of residence"},
    "body": {
        "uz": "Ushbu maʼlumotnoma shuni tasdiqlaydiki, {name} (tugʻilgan sanasi: {birth_date}) "
              "haqiqatan ham {address} manzilida, «{mahalla}» mahalla fuqarolar yigʻini "
              "hududida ({district}) istiqomat qiladi.",
        "uz-cyrl": "Ушбу маълумотнома шуни тасдиқлайдики, {name} (туғилган санаси: "
                   "{birth_date}) ҳақиқатан ҳам {address} манзилида, «{mahalla}» маҳалла "
                   "фуқаролар йиғини ҳудудида ({district}) истиқомат қилади.",
        "ru": "Настоящая справка подтверждает, что {name} (дата рождения: {birth_date}) "
              "действительно проживает по адресу: {address}, на территории схода граждан "
              "махалли «{mahalla}» ({district}).",
        "en": "This is to certify that {name}, born {birth_date}, lives at {address} in the "
              "territory of the {mahalla} mahalla citizens' assembly ({district}).",
    },
    "presented": {
        "uz": "Maʼlumotnoma talab qilingan joyga taqdim etish uchun berildi.",
        "uz-cyrl": "Маълумотнома талаб қилинган жойга тақдим этиш учун берилди.",
        "ru": "Справка выдана для представления по месту требования.",
        "en": "This certificate is issued for presentation where required.",
    },
}

CHARACTER = {
    "title": {"uz": "Tavsifnoma", "uz-cyrl": "Тавсифнома", "ru": "Характеристика",
              "en": "Character reference"},
    "body": {
        "uz": "{name} (tugʻilgan sanasi: {birth_date}) {address} manzilida, «{mahalla}» "
              "mahalla fuqarolar yigʻini hududida ({district}) istiqomat qiladi.",
        "uz-cyrl": "{name} (туғилган санаси: {birth_date}) {address} манзилида, «{mahalla}» "
                   "маҳалла фуқаролар йиғини ҳудудида ({district}) истиқомат қилади.",
        "ru": "{name} (дата рождения: {birth_date}) проживает по адресу: {address}, на "
              "территории схода граждан махалли «{mahalla}» ({district}).",
        "en": "{name}, born {birth_date}, lives at {address} in the territory of the "
              "{mahalla} mahalla citizens' assembly ({district}).",
    },
    "conduct": {
        "uz": "Yashash davrida qoʻni-qoʻshnilaridan va mahalla fuqarolar yigʻiniga uning "
              "xulq-atvori yuzasidan shikoyatlar kelib tushmagan. Mahallada oʻtkaziladigan "
              "tadbirlarda ishtirok etadi, qoʻshnilari bilan hurmat va ahillikda yashaydi.",
        "uz-cyrl": "Яшаш даврида қўни-қўшниларидан ва маҳалла фуқаролар йиғинига унинг "
                   "хулқ-атвори юзасидан шикоятлар келиб тушмаган. Маҳаллада ўтказиладиган "
                   "тадбирларда иштирок этади, қўшнилари билан ҳурмат ва аҳилликда яшайди.",
        "ru": "За время проживания жалоб на поведение от соседей и в сход граждан махалли не "
              "поступало. Участвует в мероприятиях махалли, с соседями живёт в уважении и "
              "согласии.",
        "en": "During this time no complaints about their conduct have been received from "
              "neighbours or by the citizens' assembly. They take part in the life of the "
              "mahalla and live with their neighbours in respect and harmony.",
    },
}

FAMILY = {
    "title": {"uz": "Oila tarkibi toʻgʻrisida maʼlumotnoma",
              "uz-cyrl": "Оила таркиби тўғрисида маълумотнома",
              "ru": "Справка о составе семьи", "en": "Certificate of family composition"},
    "body": {
        "uz": "Ushbu maʼlumotnoma shuni tasdiqlaydiki, {name} (tugʻilgan sanasi: {birth_date}) "
              "{address} manzilida, «{mahalla}» mahalla fuqarolar yigʻini hududida "
              "({district}) istiqomat qiladi. Oila tarkibi — {count} kishi:",
        "uz-cyrl": "Ушбу маълумотнома шуни тасдиқлайдики, {name} (туғилган санаси: "
                   "{birth_date}) {address} манзилида, «{mahalla}» маҳалла фуқаролар йиғини "
                   "ҳудудида ({district}) истиқомат қилади. Оила таркиби — {count} киши:",
        "ru": "Настоящая справка подтверждает, что {name} (дата рождения: {birth_date}) "
              "проживает по адресу: {address}, на территории схода граждан махалли "
              "«{mahalla}» ({district}). Состав семьи — {count} чел.:",
        "en": "This is to certify that {name}, born {birth_date}, lives at {address} in the "
              "territory of the {mahalla} mahalla citizens' assembly ({district}). The "
              "family has {count} members:",
    },
    "applicant": {"uz": "ariza beruvchi", "uz-cyrl": "ариза берувчи", "ru": "заявитель",
                  "en": "the applicant"},
}


@dataclass
class DocumentDraft:
    """What `issue_document` is given for one application."""

    kind: str
    title: str
    language: str
    holder_name: str
    fields: list[tuple[str, str]]
    paragraphs: list[str]
    valid_until: date | None


@dataclass(frozen=True)
class DocumentKind:
    code: str
    needs: tuple[str, ...]  # form fields the wording reads
    build: Callable
    validity_days: int


def _day(value) -> str:
    try:
        return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value or "")


def _common(application, language: str) -> dict[str, str]:
    data = application.data
    mahalla = application.mahalla
    return {
        "name": data.get("full_name") or application.applicant.full_name,
        "birth_date": _day(data.get("birth_date")),
        "address": data.get("address", ""),
        "mahalla": mahalla.name,
        "district": mahalla.district.name,
        "number": application.number,
        "date": timezone.localtime(application.created_at).strftime("%d.%m.%Y"),
    }


def _label(key: str, language: str) -> str:
    return localized(LABELS[key], language)


def _base_fields(values: dict[str, str], language: str) -> list[tuple[str, str]]:
    # The holder's name is printed by the issuing module ("issued to") above the fields.
    return [(_label("birth_date", language), values["birth_date"]),
            (_label("address", language), values["address"]),
            (_label("mahalla", language), values["mahalla"]),
            (_label("district", language), values["district"])]


def _spec(application, name: str) -> dict:
    for spec in application.form_snapshot or application.service.form:
        if spec.get("name") == name:
            return spec
    return {}


def _residence(application, language: str) -> tuple[str, list, list[str]]:
    values = _common(application, language)
    fields = _base_fields(values, language)
    presented = application.data.get("purpose", "")
    if presented:
        fields.append((_label("presented_to", language), presented))
    fields.append((_label("application", language), values["number"]))
    paragraphs = [fill(localized(RESIDENCE["body"], language), values),
                  localized(RESIDENCE["presented"], language),
                  fill(localized(BASIS, language), values)]
    return localized(RESIDENCE["title"], language), fields, paragraphs


def _character(application, language: str) -> tuple[str, list, list[str]]:
    values = _common(application, language)
    data = application.data
    fields = _base_fields(values, language)
    if data.get("years_lived") is not None:
        fields.append((_label("years_lived", language), str(data["years_lived"])))
    if data.get("purpose"):
        fields.append((_label("purpose", language),
                       display_value(_spec(application, "purpose"), data["purpose"])))
    if data.get("presented_to"):
        fields.append((_label("presented_to", language), data["presented_to"]))
    fields.append((_label("application", language), values["number"]))
    paragraphs = [fill(localized(CHARACTER["body"], language), values),
                  localized(CHARACTER["conduct"], language),
                  fill(localized(BASIS, language), values)]
    return localized(CHARACTER["title"], language), fields, paragraphs


MAX_LISTED = 30


def family_members(text: str) -> list[str]:
    return [line.strip(" -–—•*\t") for line in (text or "").splitlines()
            if line.strip(" -–—•*\t")]


def _family(application, language: str) -> tuple[str, list, list[str]]:
    values = _common(application, language)
    members = family_members(application.data.get("members", ""))
    values["count"] = str(len(members) + 1)
    fields = _base_fields(values, language)
    fields.append((_label("family_size", language), values["count"]))
    if application.data.get("purpose"):
        fields.append((_label("presented_to", language), application.data["purpose"]))
    fields.append((_label("application", language), values["number"]))
    listed = [f"1. {values['name']} — {localized(FAMILY['applicant'], language)}, "
              f"{values['birth_date']}"]
    listed += [f"{n}. {member}" for n, member in enumerate(members, start=2)]
    if len(listed) > MAX_LISTED:
        listed = ["; ".join(listed)]  # a document holds a limited number of paragraphs
    paragraphs = [fill(localized(FAMILY["body"], language), values), *listed,
                  fill(localized(BASIS, language), values)]
    return localized(FAMILY["title"], language), fields, paragraphs


PERSON = ("full_name", "birth_date", "address")
BUILDERS: dict[str, DocumentKind] = {
    "residence_certificate": DocumentKind("residence_certificate", PERSON, _residence, 30),
    "character_reference": DocumentKind("character_reference", PERSON, _character, 90),
    "family_composition": DocumentKind("family_composition", (*PERSON, "members"), _family, 30),
}


def document_for(application, *, language: str | None = None) -> DocumentDraft:
    """The document an approved application gets, in its holder's language."""
    kind = BUILDERS[application.service.issues_document]
    language = language or application.applicant.preferred_language or "uz"
    # Mahalla and district names (LocalizedNameMixin) follow the active language.
    with translation.override(language):
        title, fields, paragraphs = kind.build(application, language)
        holder_name = application.data.get("full_name") or application.applicant.full_name
    return DocumentDraft(
        kind=kind.code, title=title, language=language, holder_name=holder_name,
        fields=[(label, value) for label, value in fields if value],
        paragraphs=paragraphs,
        valid_until=timezone.localdate() + timedelta(days=kind.validity_days))

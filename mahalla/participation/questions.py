"""Questionnaire definitions as data, and answers checked against them (no eval, no code).

A questionnaire is a list of questions, each a JSON object:

    {"id": "q1", "type": "single", "text": "…", "required": true,
     "options": [{"id": "a", "label": "…"}, …]}            # single or multiple choice
    {"id": "q2", "type": "multiple", …, "max_choices": 2}  # optional limit
    {"id": "q3", "type": "scale", "text": "…", "min": 1, "max": 5,
     "min_label": "…", "max_label": "…"}                   # whole numbers min..max
    {"id": "q4", "type": "text", "text": "…", "max_length": 500}

Answers are {question id: option id | [option ids] | int | text}. Anything else is refused
with a translated message naming the question.
"""

import re
from typing import Any

from django.utils.translation import gettext as _

from mahalla.core.exceptions import DomainError
from mahalla.core.text import clean_multiline, clean_text

TYPES = ("single", "multiple", "scale", "text")
MAX_QUESTIONS = 50
MAX_OPTIONS = 30
MAX_LABEL = 300
MAX_TEXT_ANSWER = 2000
ID = re.compile(r"^[a-z0-9_]{1,20}$")
QUESTION_KEYS = {"id", "type", "text", "required", "options", "max_choices", "min", "max",
                 "min_label", "max_label", "max_length"}


class QuestionsInvalid(DomainError):
    def __init__(self, message):
        super().__init__(message, field="questions")


def _label(value: Any, where: str) -> str:
    if not isinstance(value, str) or not clean_text(value):
        raise QuestionsInvalid(_("%(where)s: the text is missing.") % {"where": where})
    value = clean_text(value)
    if len(value) > MAX_LABEL:
        raise QuestionsInvalid(_("%(where)s: the text is longer than %(count)d characters.")
                               % {"where": where, "count": MAX_LABEL})
    return value


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise QuestionsInvalid(_("%(where)s: a whole number from %(low)d to %(high)d is "
                                 "needed.") % {"where": where, "low": low, "high": high})
    return value


def validate_questions(raw: Any) -> list[dict]:
    """The normalized question list, or QuestionsInvalid."""
    if not isinstance(raw, list) or not raw:
        raise QuestionsInvalid(_("Add at least one question."))
    if len(raw) > MAX_QUESTIONS:
        raise QuestionsInvalid(_("At most %(count)d questions.") % {"count": MAX_QUESTIONS})
    seen, result = set(), []
    for number, question in enumerate(raw, start=1):
        where = _("Question %(number)d") % {"number": number}
        if not isinstance(question, dict):
            raise QuestionsInvalid(_("%(where)s is not an object.") % {"where": where})
        unknown = set(question) - QUESTION_KEYS
        if unknown:
            raise QuestionsInvalid(_("%(where)s: unknown keys %(keys)s.")
                                   % {"where": where, "keys": ", ".join(sorted(unknown))})
        qid = question.get("id")
        if not isinstance(qid, str) or not ID.match(qid) or qid in seen:
            raise QuestionsInvalid(_("%(where)s: the id must be unique: small Latin letters, "
                                     "digits or _.") % {"where": where})
        seen.add(qid)
        kind = question.get("type")
        if kind not in TYPES:
            raise QuestionsInvalid(_("%(where)s: the type must be one of %(types)s.")
                                   % {"where": where, "types": ", ".join(TYPES)})
        required = question.get("required", True)
        if not isinstance(required, bool):
            raise QuestionsInvalid(_("%(where)s: required must be true or false.")
                                   % {"where": where})
        out = {"id": qid, "type": kind, "text": _label(question.get("text"), where),
               "required": required}
        if kind in ("single", "multiple"):
            options = question.get("options")
            if not isinstance(options, list) or not 2 <= len(options) <= MAX_OPTIONS:
                raise QuestionsInvalid(_("%(where)s: give from 2 to %(count)d options.")
                                       % {"where": where, "count": MAX_OPTIONS})
            ids, clean = set(), []
            for option in options:
                if not isinstance(option, dict) or set(option) - {"id", "label"}:
                    raise QuestionsInvalid(_("%(where)s: each option needs an id and a label.")
                                           % {"where": where})
                oid = option.get("id")
                if not isinstance(oid, str) or not ID.match(oid) or oid in ids:
                    raise QuestionsInvalid(_("%(where)s: option ids must be unique: small "
                                             "Latin letters, digits or _.") % {"where": where})
                ids.add(oid)
                clean.append({"id": oid, "label": _label(option.get("label"), where)})
            out["options"] = clean
            if kind == "multiple" and "max_choices" in question:
                out["max_choices"] = _int(question["max_choices"], where, 1, len(clean))
        elif kind == "scale":
            low = _int(question.get("min", 1), where, 0, 10)
            high = _int(question.get("max", 5), where, low + 1, 10)
            out.update(min=low, max=high)
            for key in ("min_label", "max_label"):
                if question.get(key):
                    out[key] = _label(question[key], where)
        else:
            out["max_length"] = _int(question.get("max_length", 500), where, 1,
                                     MAX_TEXT_ANSWER)
        result.append(out)
    return result


class AnswersInvalid(DomainError):
    """Refusals per question id: {question id: message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())), field=next(iter(errors)))
        self.errors = errors


def validate_answers(questions: list[dict], raw: Any) -> dict:
    """Normalized answers for the questions, or AnswersInvalid naming each bad one."""
    if not isinstance(raw, dict):
        raise AnswersInvalid({"answers": _("The answers could not be read.")})
    errors, answers = {}, {}
    for question in questions:
        qid, kind = question["id"], question["type"]
        value = raw.get(qid)
        empty = value is None or value == "" or value == []
        if empty:
            if question["required"]:
                errors[qid] = _("Answer this question.")
            continue
        if kind == "single":
            ids = {o["id"] for o in question["options"]}
            if not isinstance(value, str) or value not in ids:
                errors[qid] = _("Choose one of the options.")
            else:
                answers[qid] = value
        elif kind == "multiple":
            ids = [o["id"] for o in question["options"]]
            chosen = value if isinstance(value, list) else [value]
            if not all(isinstance(v, str) and v in ids for v in chosen) \
                    or len(set(chosen)) != len(chosen):
                errors[qid] = _("Choose from the options.")
            elif len(chosen) > question.get("max_choices", len(ids)):
                errors[qid] = _("Choose at most %(count)d options.") % {
                    "count": question["max_choices"]}
            else:
                answers[qid] = [i for i in ids if i in chosen]
        elif kind == "scale":
            number = value
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                number = int(value.strip())
            if isinstance(number, bool) or not isinstance(number, int) \
                    or not question["min"] <= number <= question["max"]:
                errors[qid] = _("Choose a number from %(low)d to %(high)d.") % {
                    "low": question["min"], "high": question["max"]}
            else:
                answers[qid] = number
        else:
            text = clean_multiline(value) if isinstance(value, str) else None
            if text is None:
                errors[qid] = _("Write the answer as text.")
            elif len(text) > question["max_length"]:
                errors[qid] = _("Write at most %(count)d characters.") % {
                    "count": question["max_length"]}
            elif text:
                answers[qid] = text
            elif question["required"]:
                errors[qid] = _("Answer this question.")
    if errors:
        raise AnswersInvalid(errors)
    return answers

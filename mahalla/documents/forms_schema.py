"""E-service forms as data: check a definition, build a Django form from it, validate answers.

A service's ``form`` is a JSON list of field definitions, for example::

    {"name": "event_date", "type": "date", "required": true,
     "label": {"uz": "Tadbir sanasi", "uz-cyrl": "Тадбир санаси", "ru": "Дата", "en": "Date"},
     "help": {...}, "min": "today+1", "max": "today+365"}

Types: text, textarea, date, number (whole numbers), choice, phone, email. Keys by type:
``max_length``/``min_length`` (text, textarea), ``validator`` (text: a name from
``VALIDATORS`` — never a pattern), ``min``/``max`` (number: integers; date: "YYYY-MM-DD",
"today", "today+N", "today-N"), ``choices`` (choice: ``[{"value", "label"}]``), ``prefill``
(a profile attribute from ``PREFILL``). Its ``attachments`` is a list of
``{"kind", "label", "required", "help"}``.

Nothing in a definition is evaluated: names are looked up in the tables below. The same
generated form serves the HTML page (standard widgets, errors and ``aria-describedby``) and
``validate_data`` (the service and, later, the API).
"""

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mahalla.appeals.forms import MultipleFileInput
from mahalla.core.exceptions import DomainError
from mahalla.core.phone import format_phone, normalize_phone
from mahalla.core.text import clean_multiline, clean_text

LANGUAGES = ("uz", "uz-cyrl", "ru", "en")
FIELD_TYPES = ("text", "textarea", "date", "number", "choice", "phone", "email")
COMMON_KEYS = {"name", "type", "label", "required", "help", "prefill"}
TYPE_KEYS = {
    "text": {"max_length", "min_length", "validator"},
    "textarea": {"max_length", "min_length"},
    "date": {"min", "max"},
    "number": {"min", "max"},
    "choice": {"choices"},
    "phone": set(),
    "email": set(),
}
DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 2000}
MAX_TEXT = 5000
MAX_FIELDS = 40
MAX_CHOICES = 50
MAX_ATTACHMENT_KINDS = 5
MAX_NUMBER = 10**12
RADIO_UP_TO = 5  # up to this many choices are radio buttons, more are a select
ATTACHMENT_PREFIX = "attachment_"
ATTACHMENT_TYPES = "image/jpeg,image/png,image/webp,application/pdf"
RESERVED_NAMES = {"csrfmiddlewaretoken", "idempotency_key", "next"}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CHOICE_VALUE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_RELATIVE_DAY = re.compile(r"^today(?:([+-])(\d{1,5}))?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Named validators -------------------------------------------------------------------------
# Each takes the cleaned text and returns the stored value or raises ValidationError.


def _pinfl(value: str) -> str:
    from mahalla.integrations.registries.pinfl import validate_pinfl

    try:
        return validate_pinfl(value)
    except DomainError as error:
        raise ValidationError(error.message, code="pinfl") from error


def _phone(value: str) -> str:
    return normalize_phone(value)


_CADASTRE = re.compile(r"^\d{2}(?::\d{2,4}){4,7}$")


def _cadastre(value: str) -> str:
    compact = re.sub(r"\s+", "", value)
    if not _CADASTRE.fullmatch(compact):
        raise ValidationError(_("Enter the cadastral number as on the cadastral passport, "
                                "for example 10:05:02:01:03:0125."), code="cadastre")
    return compact


def _card_last4(value: str) -> str:
    if not re.fullmatch(r"[0-9]{4}", value):
        raise ValidationError(_("Enter exactly the last 4 digits of the card."), code="card")
    return value


def _passport(value: str) -> str:
    compact = re.sub(r"\s+", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{7}", compact):
        raise ValidationError(_("Enter the passport series and number: two Latin letters and "
                                "seven digits, for example AA1234567."), code="passport")
    return compact


VALIDATORS: dict[str, Callable[[str], str]] = {
    "pinfl": _pinfl,
    "phone": _phone,
    "cadastre": _cadastre,
    "card_last4": _card_last4,
    "passport": _passport,
}
VALIDATOR_INPUTMODE = {"pinfl": "numeric", "card_last4": "numeric", "phone": "tel"}

# What a field may take from the applicant's profile when the form is first shown.
PREFILL: dict[str, Callable[[Any], str]] = {
    "full_name": lambda user: user.full_name or "",
    "phone": lambda user: format_phone(user.phone),
    "email": lambda user: user.email or "",
    "mahalla": lambda user: user.mahalla.name if user.mahalla_id else "",
}


class DataInvalid(DomainError):
    """Answers that do not fit the service's form; ``errors`` maps each field to its messages."""

    def __init__(self, errors: Mapping[str, list[str]]):
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        field, messages = next(iter(self.errors.items()))
        super().__init__(messages[0], field=None if field == "__all__" else field)


def localized(value, language: str | None = None) -> str:
    """The text of a {language: text} dict in the active language, else Uzbek, else any."""
    if isinstance(value, str):
        return value
    if not isinstance(value, Mapping):
        return ""
    language = (language or get_language() or "uz").lower()
    return value.get(language) or value.get("uz") or next(iter(value.values()), "") or ""


# Checking definitions (the admin edits them) ----------------------------------------------


def _check_localized(value, where: str, *, required: bool, max_length: int) -> list[str]:
    if value is None and not required:
        return []
    if not isinstance(value, Mapping) or (required and not value):
        return [_("%(where)s: give the text in each language as {\"uz\": …, \"uz-cyrl\": …, "
                  "\"ru\": …, \"en\": …}.") % {"where": where}]
    problems = []
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        problems.append(_("%(where)s: unknown language “%(code)s”; use uz, uz-cyrl, ru, en.")
                        % {"where": where, "code": unknown[0]})
    if required and not (isinstance(value.get("uz"), str) and value.get("uz").strip()):
        problems.append(_("%(where)s: the Uzbek (Latin) text is required.") % {"where": where})
    for code, text in value.items():
        if not isinstance(text, str) or len(text) > max_length:
            problems.append(_("%(where)s (%(code)s): text of at most %(max)d characters.")
                            % {"where": where, "code": code, "max": max_length})
    return problems


def parse_day_bound(value, today: date | None = None) -> date | None:
    """A date bound: "YYYY-MM-DD", "today", "today+N" or "today-N"; None when malformed."""
    if not isinstance(value, str):
        return None
    match = _RELATIVE_DAY.fullmatch(value.strip())
    if match:
        today = today or timezone.localdate()
        sign, days = match.groups()
        offset = int(days or 0) * (-1 if sign == "-" else 1)
        try:
            return today + timedelta(days=offset)
        except OverflowError:
            return None
    if _ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_bounds(spec: Mapping, kind: str, where: str) -> list[str]:
    problems = []
    low, high = spec.get("min"), spec.get("max")
    if kind == "number":
        for key, value in (("min", low), ("max", high)):
            if value is not None and (not _is_int(value) or abs(value) > MAX_NUMBER):
                problems.append(_("%(where)s: “%(key)s” must be a whole number.")
                                % {"where": where, "key": key})
        if not problems and _is_int(low) and _is_int(high) and low > high:
            problems.append(_("%(where)s: “min” is greater than “max”.") % {"where": where})
    elif kind == "date":
        fixed = date(2000, 1, 1)  # relative bounds compared on one fixed day
        parsed = {}
        for key, value in (("min", low), ("max", high)):
            if value is None:
                continue
            parsed[key] = parse_day_bound(value, fixed)
            if parsed[key] is None:
                problems.append(_("%(where)s: “%(key)s” must be a date (YYYY-MM-DD), “today”, "
                                  "“today+N” or “today-N”.") % {"where": where, "key": key})
        if not problems and len(parsed) == 2 and "today" not in f"{low}{high}" \
                and parsed["min"] > parsed["max"]:
            problems.append(_("%(where)s: “min” is later than “max”.") % {"where": where})
    return problems


def _check_lengths(spec: Mapping, where: str) -> list[str]:
    problems = []
    for key in ("max_length", "min_length"):
        value = spec.get(key)
        if value is not None and (not _is_int(value) or not 1 <= value <= MAX_TEXT):
            problems.append(_("%(where)s: “%(key)s” must be a whole number from 1 to 5000.")
                            % {"where": where, "key": key})
    low, high = spec.get("min_length"), spec.get("max_length")
    if not problems and _is_int(low) and _is_int(high) and low > high:
        problems.append(_("%(where)s: “min_length” is greater than “max_length”.")
                        % {"where": where})
    return problems


def _check_choices(choices, where: str) -> list[str]:
    if not isinstance(choices, list) or not choices:
        return [_("%(where)s: a choice field needs a non-empty list “choices”.")
                % {"where": where}]
    if len(choices) > MAX_CHOICES:
        return [_("%(where)s: at most 50 choices.") % {"where": where}]
    problems, seen = [], set()
    for index, choice in enumerate(choices, start=1):
        at = _("%(where)s, choice %(n)d") % {"where": where, "n": index}
        if not isinstance(choice, Mapping) or set(choice) != {"value", "label"}:
            problems.append(_("%(where)s: write it as {\"value\": …, \"label\": {…}}.")
                            % {"where": at})
            continue
        value = choice["value"]
        if not isinstance(value, str) or not _CHOICE_VALUE.fullmatch(value):
            problems.append(_("%(where)s: the value must be lower-case Latin letters, digits, "
                              "“_” or “-” (at most 40).") % {"where": at})
        elif value in seen:
            problems.append(_("%(where)s: the value “%(value)s” is repeated.")
                            % {"where": at, "value": value})
        seen.add(value)
        problems += _check_localized(choice["label"], at, required=True, max_length=200)
    return problems


def _check_field(spec, index: int, seen: set[str]) -> list[str]:
    where = _("Field %(n)d") % {"n": index}
    if not isinstance(spec, Mapping):
        return [_("%(where)s: each field is an object {\"name\": …, \"type\": …, \"label\": …}.")
                % {"where": where}]
    name = spec.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        return [_("%(where)s: “name” must start with a Latin letter and hold only lower-case "
                  "letters, digits and “_” (at most 40).") % {"where": where}]
    where = _("Field %(n)d (“%(name)s”)") % {"n": index, "name": name}
    problems = []
    if name in seen:
        problems.append(_("%(where)s: the name is used twice.") % {"where": where})
    if name in RESERVED_NAMES or name.startswith(ATTACHMENT_PREFIX):
        problems.append(_("%(where)s: this name is reserved.") % {"where": where})
    seen.add(name)
    kind = spec.get("type")
    if kind not in FIELD_TYPES:
        problems.append(_("%(where)s: the type “%(type)s” is unknown; use one of: %(types)s.")
                        % {"where": where, "type": kind, "types": ", ".join(FIELD_TYPES)})
        return problems
    unknown = sorted(set(spec) - COMMON_KEYS - TYPE_KEYS[kind])
    if unknown:
        problems.append(_("%(where)s: “%(key)s” is not a setting of a %(type)s field.")
                        % {"where": where, "key": unknown[0], "type": kind})
    problems += _check_localized(spec.get("label"), where, required=True, max_length=200)
    problems += _check_localized(spec.get("help"), where, required=False, max_length=500)
    if not isinstance(spec.get("required", False), bool):
        problems.append(_("%(where)s: “required” is true or false.") % {"where": where})
    prefill = spec.get("prefill")
    if prefill is not None and prefill not in PREFILL:
        problems.append(_("%(where)s: “prefill” must be one of: %(names)s.")
                        % {"where": where, "names": ", ".join(PREFILL)})
    validator = spec.get("validator")
    if validator is not None and validator not in VALIDATORS:
        problems.append(_("%(where)s: the validator “%(name)s” is unknown; use one of: "
                          "%(names)s.") % {"where": where, "name": validator,
                                           "names": ", ".join(VALIDATORS)})
    if kind in ("text", "textarea"):
        problems += _check_lengths(spec, where)
    if kind in ("number", "date"):
        problems += _check_bounds(spec, kind, where)
    if kind == "choice":
        problems += _check_choices(spec.get("choices"), where)
    return problems


def validate_form_definition(definition) -> None:
    """Refuse a malformed form definition with one clear message per problem."""
    if not isinstance(definition, list) or not definition:
        raise ValidationError(_("The form is a non-empty list of fields."), code="form")
    if len(definition) > MAX_FIELDS:
        raise ValidationError(_("A form may have at most 40 fields."), code="form")
    problems: list[str] = []
    seen: set[str] = set()
    for index, spec in enumerate(definition, start=1):
        problems += _check_field(spec, index, seen)
    if problems:
        raise ValidationError([ValidationError(p, code="form") for p in problems])


def validate_attachments_definition(definition) -> None:
    """Refuse a malformed list of attachment kinds."""
    if definition in (None, []):
        return
    if not isinstance(definition, list):
        raise ValidationError(_("Attachments are a list of kinds."), code="attachments")
    if len(definition) > MAX_ATTACHMENT_KINDS:
        raise ValidationError(_("At most 5 kinds of attachments."), code="attachments")
    problems, seen = [], set()
    for index, spec in enumerate(definition, start=1):
        where = _("Attachment %(n)d") % {"n": index}
        if not isinstance(spec, Mapping):
            problems.append(_("%(where)s: write it as {\"kind\": …, \"label\": {…}, "
                              "\"required\": true}.") % {"where": where})
            continue
        kind = spec.get("kind")
        if not isinstance(kind, str) or not _NAME.fullmatch(kind):
            problems.append(_("%(where)s: “kind” must start with a Latin letter and hold only "
                              "lower-case letters, digits and “_”.") % {"where": where})
            continue
        where = _("Attachment %(n)d (“%(kind)s”)") % {"n": index, "kind": kind}
        if kind in seen:
            problems.append(_("%(where)s: the kind is used twice.") % {"where": where})
        seen.add(kind)
        unknown = sorted(set(spec) - {"kind", "label", "required", "help"})
        if unknown:
            problems.append(_("%(where)s: “%(key)s” is not a setting of an attachment.")
                            % {"where": where, "key": unknown[0]})
        if not isinstance(spec.get("required", False), bool):
            problems.append(_("%(where)s: “required” is true or false.") % {"where": where})
        problems += _check_localized(spec.get("label"), where, required=True, max_length=300)
        problems += _check_localized(spec.get("help"), where, required=False, max_length=500)
    if problems:
        raise ValidationError([ValidationError(p, code="attachments") for p in problems])


def field_names(definition, kind: str | None = None) -> set[str]:
    return {spec["name"] for spec in definition or []
            if isinstance(spec, Mapping) and (kind is None or spec.get("type") == kind)}


# Building the Django form -----------------------------------------------------------------


class TextField(forms.CharField):
    """Text with apostrophes unified (oʻ gʻ ʼ) and an optional named validator."""

    def __init__(self, *, multiline: bool = False, check: Callable | None = None, **kwargs):
        self.multiline = multiline
        self.check = check
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return ""
        value = clean_multiline(value) if self.multiline else clean_text(value)
        return self.check(value) if self.check else value


class PhoneField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else ""


class BoundedDateField(forms.DateField):
    """A date within bounds that may move with the calendar ("today+1")."""

    def __init__(self, *, low=None, high=None, **kwargs):
        self.low, self.high = low, high
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        low, high = parse_day_bound(self.low), parse_day_bound(self.high)
        if low and value < low:
            raise ValidationError(_("Choose a date on or after %(date)s.")
                                  % {"date": low.strftime("%d.%m.%Y")}, code="min")
        if high and value > high:
            raise ValidationError(_("Choose a date on or before %(date)s.")
                                  % {"date": high.strftime("%d.%m.%Y")}, code="max")


class AttachmentsField(forms.FileField):
    """Files of one attachment kind (several pages allowed); content is checked on submit."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": ATTACHMENT_TYPES, "multiple": True})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


def _date_attrs(spec) -> dict:
    attrs = {"type": "date"}
    for key in ("min", "max"):
        bound = parse_day_bound(spec.get(key))
        if bound:
            attrs[key] = bound.isoformat()
    return attrs


def make_field(spec: Mapping) -> forms.Field:
    """The Django form field for one definition."""
    kind = spec["type"]
    common = {"label": localized(spec["label"]), "required": bool(spec.get("required")),
              "help_text": localized(spec.get("help")) if spec.get("help") else ""}
    if kind in ("text", "textarea"):
        validator = spec.get("validator")
        attrs = {}
        if validator in VALIDATOR_INPUTMODE:
            attrs["inputmode"] = VALIDATOR_INPUTMODE[validator]
        widget = (forms.Textarea(attrs={"rows": 4, **attrs}) if kind == "textarea"
                  else forms.TextInput(attrs=attrs))
        return TextField(multiline=kind == "textarea", check=VALIDATORS.get(validator),
                         max_length=spec.get("max_length", DEFAULT_MAX_LENGTH[kind]),
                         min_length=spec.get("min_length"), widget=widget, **common)
    if kind == "date":
        return BoundedDateField(low=spec.get("min"), high=spec.get("max"),
                                input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                                widget=forms.DateInput(attrs=_date_attrs(spec), format="%Y-%m-%d"),
                                **common)
    if kind == "number":
        return forms.IntegerField(min_value=spec.get("min"), max_value=spec.get("max"),
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                                  **common)
    if kind == "choice":
        choices = [(c["value"], localized(c["label"])) for c in spec["choices"]]
        if len(choices) <= RADIO_UP_TO:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        return forms.ChoiceField(choices=[("", _("Choose…")), *choices], **common)
    if kind == "phone":
        return PhoneField(max_length=30, widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}), **common)
    if kind == "email":
        return forms.EmailField(max_length=254, widget=forms.EmailInput(
            attrs={"autocomplete": "email"}), **common)
    raise ValueError(f"unknown field type {kind!r}")  # definitions are checked on save


class ServiceForm(forms.Form):
    """The form of one e-service, built from its definition in the active language."""

    def __init__(self, *args, definition, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = list(definition)
        self.attachment_kinds = [spec["kind"] for spec in attachments or ()]
        for spec in self.definition:
            self.fields[spec["name"]] = make_field(spec)
        for spec in attachments or ():
            self.fields[ATTACHMENT_PREFIX + spec["kind"]] = AttachmentsField(
                label=localized(spec["label"]), required=bool(spec.get("required")),
                help_text=localized(spec.get("help")) if spec.get("help") else gettext_lazy(
                    "PDF, JPEG, PNG or WebP, at most 10 MB per file."))

    def field_rows(self):
        return [self[spec["name"]] for spec in self.definition]

    def attachment_rows(self):
        return [self[ATTACHMENT_PREFIX + kind] for kind in self.attachment_kinds]

    def answers(self) -> dict[str, Any]:
        """The cleaned answers as JSON values (dates in ISO form); empty answers left out."""
        result = {}
        for spec in self.definition:
            value = self.cleaned_data.get(spec["name"])
            if value in (None, ""):
                continue
            result[spec["name"]] = value.isoformat() if isinstance(value, date) else value
        return result

    def uploads(self) -> dict[str, list]:
        return {kind: self.cleaned_data.get(ATTACHMENT_PREFIX + kind) or []
                for kind in self.attachment_kinds}


def build_form(service, *, data=None, files=None, initial=None, prefix=None) -> ServiceForm:
    """The HTML form of `service`; bound when `data` is given."""
    return ServiceForm(data, files, definition=service.form, attachments=service.attachments,
                       initial=initial, prefix=prefix)


def prefill(service, user) -> dict[str, str]:
    """Initial values from the applicant's profile for the fields that ask for them."""
    return {spec["name"]: PREFILL[spec["prefill"]](user) for spec in service.form
            if spec.get("prefill") in PREFILL}


def _as_multivalue(files) -> MultiValueDict:
    """{kind: [file, …]} (or a MultiValueDict of attachment_<kind>) as the form expects it."""
    if isinstance(files, MultiValueDict):
        return files
    result = MultiValueDict()
    for kind, uploads in (files or {}).items():
        key = kind if kind.startswith(ATTACHMENT_PREFIX) else ATTACHMENT_PREFIX + kind
        uploads = uploads if isinstance(uploads, list | tuple) else [uploads]
        result.setlist(key, [u for u in uploads if u])
    return result


def _errors(form) -> dict[str, list[str]]:
    return {field: [e["message"] for e in errors]
            for field, errors in form.errors.get_json_data().items()}


def validate_submission(service, data, files=None) -> tuple[dict[str, Any], dict[str, list]]:
    """(answers, {kind: files}) of a submission, or DataInvalid with every field's errors.

    `data` is a plain mapping (JSON from an API, or the posted form); `files` maps each
    attachment kind to its uploads. File contents are checked later, by `attachments`.
    """
    if not isinstance(data, Mapping):
        raise DataInvalid({"__all__": [_("The answers must be an object of field values.")]})
    form = ServiceForm(data, _as_multivalue(files), definition=service.form,
                       attachments=service.attachments)
    if not form.is_valid():
        raise DataInvalid(_errors(form))
    return form.answers(), form.uploads()


def validate_data(definition, data) -> dict[str, Any]:
    """The cleaned answers to a form definition (no attachments), or DataInvalid."""
    if not isinstance(data, Mapping):
        raise DataInvalid({"__all__": [_("The answers must be an object of field values.")]})
    form = ServiceForm(data, definition=definition)
    if not form.is_valid():
        raise DataInvalid(_errors(form))
    return form.answers()


# Showing answers --------------------------------------------------------------------------


def display_value(spec: Mapping, value) -> str:
    """An answer as people read it: the choice's label, a date as DD.MM.YYYY, a phone spaced."""
    if value in (None, ""):
        return ""
    kind = spec.get("type")
    if kind == "choice":
        for choice in spec.get("choices") or ():
            if choice.get("value") == value:
                return localized(choice.get("label"))
        return str(value)
    if kind == "date":
        try:
            return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
        except ValueError:
            return str(value)
    if kind == "phone":
        return format_phone(str(value))
    if kind == "number" and _is_int(value):
        return f"{value:,}".replace(",", "\u202f")
    return str(value)


def answer_rows(definition, data) -> list[tuple[str, str]]:
    """(label, shown value) for every answered field, in the form's order."""
    rows = []
    for spec in definition or ():
        if not isinstance(spec, Mapping) or spec.get("name") not in (data or {}):
            continue
        shown = display_value(spec, data[spec["name"]])
        if shown:
            rows.append((localized(spec.get("label")), shown))
    return rows

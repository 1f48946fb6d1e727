"""Extra questions of Open311 services (GeoReport v2 "service definitions"), as data.

A category listed in ATTRIBUTES has `metadata: true` in the service list, and its answers are
checked on POST: required ones present, list values among the keys, numbers in range. Keys and
codes are stable identifiers clients store; names and descriptions are translated.

Change a set here and bump CHANGESET, so clients know to fetch the definitions again.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mahalla.appeals.open311.formats import Open311Error

# When the service list or a definition last changed (discovery's `changeset`).
CHANGESET = "2026-11-23T00:00:00+05:00"

STRING = "string"
NUMBER = "number"
DATETIME = "datetime"
TEXT = "text"
SINGLE = "singlevaluelist"
MULTI = "multivaluelist"
LISTS = (SINGLE, MULTI)

MAX_STRING = 200
MAX_TEXT = 1000


@dataclass(frozen=True)
class Choice:
    key: str
    name: Promise


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str
    label: Promise  # short, for the line staff read in the appeal text
    description: Promise  # the question shown to the person reporting
    required: bool = False
    datatype_description: Promise | str = ""
    values: tuple[Choice, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.values if c.key == key), None)


ATTRIBUTES: dict[str, tuple[Attribute, ...]] = {
    "roads": (
        Attribute("damage", SINGLE, _("Damage"), _("What is wrong with the road?"),
                  required=True, values=(
                      Choice("pothole", _("Pothole")),
                      Choice("cracks", _("Cracks or broken surface")),
                      Choice("manhole", _("Missing or broken manhole cover")),
                      Choice("kerb", _("Damaged kerb or pavement")),
                      Choice("flooding", _("Standing water after rain")),
                      Choice("other", _("Other damage")))),
        Attribute("size", NUMBER, _("Size (m)"),
                  _("About how large is the damaged place, in metres?"),
                  datatype_description=_("A number of metres, for example 1.5"),
                  minimum=Decimal("0.1"), maximum=Decimal("1000")),
        Attribute("traffic", SINGLE, _("Traffic"), _("Does it block traffic?"), values=(
            Choice("blocked", _("Yes, the road is blocked")),
            Choice("partly", _("Partly, cars drive around it")),
            Choice("no", _("No")))),
    ),
    "lighting": (
        Attribute("light_state", SINGLE, _("Light"), _("What is wrong with the light?"),
                  required=True, values=(
                      Choice("off", _("Not lit at night")),
                      Choice("flickering", _("Flickering")),
                      Choice("day", _("Lit during the day")),
                      Choice("pole", _("Damaged or leaning pole")),
                      Choice("wires", _("Exposed wires (danger)")))),
        Attribute("pole_number", STRING, _("Pole number"),
                  _("The number written on the pole, if there is one."),
                  datatype_description=_("Letters and digits, on one line")),
        Attribute("lamps", NUMBER, _("Lamps"), _("How many lamps are affected?"),
                  datatype_description=_("A whole number from 1 to 100"),
                  minimum=Decimal("1"), maximum=Decimal("100")),
    ),
    "waste": (
        Attribute("bin_state", MULTI, _("Bins"), _("What is wrong at the collection point? "
                                                      "Choose all that apply."),
                  required=True, values=(
                      Choice("overflowing", _("Bins are overflowing")),
                      Choice("damaged", _("Bin is damaged")),
                      Choice("burning", _("Waste is burning")),
                      Choice("not_collected", _("Waste was not collected on time")),
                      Choice("dumping", _("Rubbish dumped outside the bins")))),
        Attribute("days", NUMBER, _("Days without collection"),
                  _("For how many days has the waste not been collected?"),
                  datatype_description=_("A whole number of days"),
                  minimum=Decimal("1"), maximum=Decimal("365")),
    ),
    "water": (
        Attribute("problem", SINGLE, _("Problem"), _("What is wrong with the water supply?"),
                  required=True, values=(
                      Choice("no_water", _("No water")),
                      Choice("low_pressure", _("Low pressure")),
                      Choice("leak", _("Leak or burst pipe")),
                      Choice("quality", _("Poor quality (colour, smell, taste)")))),
        Attribute("since", DATETIME, _("Since"), _("Since when is it so?"),
                  datatype_description=_("Date and time, for example "
                                          "2026-05-01T08:00:00+05:00")),
        Attribute("households", NUMBER, _("Households affected"),
                  _("About how many households are affected?"),
                  datatype_description=_("A whole number"),
                  minimum=Decimal("1"), maximum=Decimal("100000")),
    ),
    "sewerage": (
        Attribute("problem", SINGLE, _("Problem"), _("What is wrong with the sewer?"),
                  required=True, values=(
                      Choice("blocked", _("Blocked sewer")),
                      Choice("overflow", _("Sewage on the street or in a yard")),
                      Choice("cover", _("Missing manhole cover")),
                      Choice("smell", _("Bad smell")))),
    ),
}


def attributes_of(service_code: str) -> tuple[Attribute, ...]:
    return ATTRIBUTES.get(service_code, ())


def _short(value: str) -> str:
    return value if len(value) <= 50 else value[:49] + "…"


def _one(attribute: Attribute, values: list[str]) -> str:
    if len(values) > 1:
        raise ValueError(gettext("The attribute %(code)s takes one value.")
                         % {"code": attribute.code})
    return values[0]


def _clean_value(attribute: Attribute, values: list[str]):
    """The value(s) for one attribute in stored form; ValueError with the message if bad."""
    code = attribute.code
    if attribute.datatype == MULTI:
        unique = list(dict.fromkeys(values))
        for value in unique:
            if attribute.choice(value) is None:
                raise ValueError(gettext("%(value)s is not a value of the attribute %(code)s.")
                                 % {"value": _short(value), "code": code})
        return unique
    value = _one(attribute, values)
    if attribute.datatype == SINGLE:
        if attribute.choice(value) is None:
            raise ValueError(gettext("%(value)s is not a value of the attribute %(code)s.")
                             % {"value": _short(value), "code": code})
        return value
    if attribute.datatype == NUMBER:
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(gettext("The attribute %(code)s must be a number.") % {"code": code})
        low, high = attribute.minimum, attribute.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            raise ValueError(gettext("The attribute %(code)s must be from %(min)s to %(max)s.")
                             % {"code": code, "min": low, "max": high})
        return format(number, "f")
    if attribute.datatype == DATETIME:
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise ValueError(gettext("The attribute %(code)s must be a date and time with its "
                                     "time zone, for example 2026-05-01T08:00:00+05:00.")
                             % {"code": code})
        return parsed.isoformat()
    limit = MAX_STRING if attribute.datatype == STRING else MAX_TEXT
    if len(value) > limit or (attribute.datatype == STRING and "\n" in value):
        raise ValueError(gettext("The attribute %(code)s may be at most %(max)s characters.")
                         % {"code": code, "max": limit})
    return value


def validate(service_code: str, submitted: dict[str, list[str]]) -> dict:
    """The answers to the service's questions, checked; Open311Error(400) lists every fault.

    `submitted` maps attribute codes to the non-empty values sent for them.
    """
    known = {a.code: a for a in attributes_of(service_code)}
    errors, answers = [], {}
    for code in submitted:
        if code not in known:
            errors.append(gettext("The service %(service)s has no attribute %(code)s.")
                          % {"service": service_code, "code": _short(code)})
    for attribute in known.values():
        values = submitted.get(attribute.code) or []
        if not values:
            if attribute.required:
                errors.append(gettext("The attribute %(code)s is required.")
                              % {"code": attribute.code})
            continue
        try:
            answers[attribute.code] = _clean_value(attribute, values)
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise Open311Error(400, *errors)
    return answers


def readable_lines(service_code: str, answers: dict) -> list[str]:
    """One "Label: value" line per answer, in the active language, in the service's order."""
    lines = []
    for attribute in attributes_of(service_code):
        answer = answers.get(attribute.code)
        if answer is None:
            continue
        keys = answer if isinstance(answer, list) else [answer]
        if attribute.datatype in LISTS:
            shown = ", ".join(str(attribute.choice(key).name) for key in keys)
        else:
            shown = ", ".join(keys)
        lines.append(f"{attribute.label}: {shown}")
    return lines

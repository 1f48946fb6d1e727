"""Forms as data: definitions are checked, answers validated per type, the same rules for the
HTML form and the service."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from mahalla.documents import forms_schema as fs
from mahalla.integrations.registries.base import Sex
from mahalla.integrations.registries.pinfl import make_pinfl

LABEL = {"uz": "Ism", "uz-cyrl": "Исм", "ru": "Имя", "en": "Name"}


def field(name="answer", type="text", **settings):
    return {"name": name, "type": type, "label": LABEL, **settings}


def problems(definition) -> str:
    with pytest.raises(ValidationError) as error:
        fs.validate_form_definition(definition)
    return " | ".join(error.value.messages)


# Definitions ------------------------------------------------------------------------------


def test_a_good_definition_passes():
    fs.validate_form_definition([
        field("name", required=True, max_length=100, prefill="full_name"),
        field("pinfl", validator="pinfl"),
        field("about", "textarea", min_length=10, max_length=500,
              help={"uz": "Qisqacha", "en": "Briefly"}),
        field("day", "date", min="today+1", max="today+365"),
        field("born", "date", min="1900-01-01", max="today"),
        field("size", "number", min=1, max=30),
        field("kind", "choice", choices=[{"value": "a", "label": {"uz": "A"}},
                                         {"value": "b-2", "label": {"uz": "B"}}]),
        field("phone", "phone"), field("email", "email"),
    ])


@pytest.mark.parametrize(("definition", "message"), [
    ([], "non-empty list"),
    ({"name": "x"}, "non-empty list"),
    (["text"], "Field 1: each field is an object"),
    ([field("Bad Name")], "Field 1: “name” must start with a Latin letter"),
    ([field("a"), field("a")], "Field 2 (“a”): the name is used twice"),
    ([field("attachment_x")], "this name is reserved"),
    ([field(type="file")], "the type “file” is unknown; use one of: text, textarea"),
    ([field(type="script")], "the type “script” is unknown"),
    ([field(pattern="^.*$")], "“pattern” is not a setting of a text field"),
    ([field(validator="regex:^a$")], "the validator “regex:^a$” is unknown; use one of: pinfl"),
    ([field(type="number", validator="pinfl")], "“validator” is not a setting of a number"),
    ([field(label="Ism")], "give the text in each language"),
    ([field(label={"en": "Name"})], "the Uzbek (Latin) text is required"),
    ([field(label={"uz": "Ism", "de": "Name"})], "unknown language “de”"),
    ([field(required="yes")], "“required” is true or false"),
    ([field(prefill="passport")], "“prefill” must be one of: full_name, phone"),
    ([field(max_length=0)], "“max_length” must be a whole number from 1 to 5000"),
    ([field(min_length=50, max_length=10)], "“min_length” is greater than “max_length”"),
    ([field(type="number", min="1")], "“min” must be a whole number"),
    ([field(type="number", min=5, max=1)], "“min” is greater than “max”"),
    ([field(type="date", min="yesterday")], "must be a date (YYYY-MM-DD), “today”"),
    ([field(type="date", min="2026-02-30")], "must be a date"),
    ([field(type="date", min="2030-01-01", max="2020-01-01")], "“min” is later than “max”"),
    ([field(type="choice")], "a choice field needs a non-empty list “choices”"),
    ([field(type="choice", choices=[{"value": "A B", "label": {"uz": "x"}}])],
     "the value must be lower-case Latin letters"),
    ([field(type="choice", choices=[{"value": "a", "label": {"uz": "x"}},
                                    {"value": "a", "label": {"uz": "y"}}])],
     "the value “a” is repeated"),
    ([field(type="choice", choices=["a"])], "write it as {\"value\": …"),
])
def test_bad_definitions_get_a_clear_message(definition, message):
    assert message in problems(definition)


def test_every_problem_is_reported_at_once():
    text = problems([field("a", type="nope"), field("b", required="x"), field("B")])
    assert "Field 1 (“a”)" in text and "Field 2 (“b”)" in text and "Field 3:" in text


@pytest.mark.parametrize(("definition", "message"), [
    ("files", "a list of kinds"),
    ([{"kind": "scan"}], "give the text in each language"),
    ([{"kind": "Scan!", "label": LABEL}], "“kind” must start with a Latin letter"),
    ([{"kind": "scan", "label": LABEL}, {"kind": "scan", "label": LABEL}], "used twice"),
    ([{"kind": "scan", "label": LABEL, "types": ["exe"]}], "“types” is not a setting"),
    ([{"kind": f"k{i}", "label": LABEL} for i in range(6)], "At most 5 kinds"),
])
def test_bad_attachment_definitions_get_a_clear_message(definition, message):
    with pytest.raises(ValidationError) as error:
        fs.validate_attachments_definition(definition)
    assert message in " | ".join(error.value.messages)


def test_nothing_in_a_definition_is_evaluated():
    # A "label" that looks like a format string or code is shown as it is.
    sneaky = {"uz": "{0.__class__} __import__('os')"}
    fs.validate_form_definition([field(label=sneaky)])
    form = fs.ServiceForm(definition=[field(label=sneaky)])
    assert form.fields["answer"].label == sneaky["uz"]


# Answers ----------------------------------------------------------------------------------


def answers(definition, data):
    return fs.validate_data(definition, data)


def errors(definition, data) -> dict:
    with pytest.raises(fs.DataInvalid) as error:
        fs.validate_data(definition, data)
    return error.value.errors


def test_required_fields_must_be_answered_and_optional_ones_may_be_left_out():
    definition = [field("name", required=True), field("note")]
    assert "name" in errors(definition, {"name": "  "})
    assert answers(definition, {"name": "Aziza"}) == {"name": "Aziza"}


def test_text_is_trimmed_and_apostrophes_unified():
    assert answers([field()], {"answer": "  Oʻg'il   bola  "}) == {"answer": "Oʻgʻil bola"}
    assert answers([field(type="textarea")], {"answer": "bir\n  ikki "}) == {
        "answer": "bir\nikki"}


def test_text_length_limits():
    definition = [field(min_length=3, max_length=5)]
    assert "answer" in errors(definition, {"answer": "ab"})
    assert "answer" in errors(definition, {"answer": "abcdef"})
    assert "answer" in errors([field()], {"answer": "x" * 201})  # default for text


def test_unknown_keys_of_the_answers_are_dropped():
    assert answers([field()], {"answer": "ha", "is_admin": "1"}) == {"answer": "ha"}


def test_choices_accept_only_their_values():
    definition = [field(type="choice", required=True,
                        choices=[{"value": "wedding", "label": {"uz": "Toʻy"}}])]
    assert answers(definition, {"answer": "wedding"}) == {"answer": "wedding"}
    assert "answer" in errors(definition, {"answer": "funeral"})


@pytest.mark.parametrize(("value", "ok"), [("1", True), ("30", True), ("0", False),
                                           ("31", False), ("2.5", False), ("ten", False)])
def test_numbers_are_whole_and_in_range(value, ok):
    definition = [field(type="number", min=1, max=30)]
    if ok:
        assert answers(definition, {"answer": value}) == {"answer": int(value)}
    else:
        assert "answer" in errors(definition, {"answer": value})


def test_dates_are_iso_or_local_and_within_moving_bounds():
    today = timezone.localdate()
    definition = [field(type="date", min="today+1", max="today+365")]
    tomorrow = today + timedelta(days=1)
    assert answers(definition, {"answer": tomorrow.isoformat()}) == {
        "answer": tomorrow.isoformat()}
    assert answers(definition, {"answer": tomorrow.strftime("%d.%m.%Y")}) == {
        "answer": tomorrow.isoformat()}
    too_soon = errors(definition, {"answer": today.isoformat()})["answer"][0]
    assert f"on or after {tomorrow:%d.%m.%Y}" in too_soon
    assert "answer" in errors(definition, {"answer": (today + timedelta(days=366)).isoformat()})
    assert "answer" in errors(definition, {"answer": "2026-02-30"})


def test_pinfl_is_checked_with_the_registry_rules():
    definition = [field(validator="pinfl")]
    good = make_pinfl(birth_date=timezone.localdate().replace(year=1990), sex=Sex.FEMALE)
    assert answers(definition, {"answer": f"{good[:7]} {good[7:]}"}) == {"answer": good}
    bad = good[:13] + str((int(good[13]) + 1) % 10)
    assert "check" in errors(definition, {"answer": bad})["answer"][0]
    assert "14 digits" in errors(definition, {"answer": "123"})["answer"][0]


@pytest.mark.parametrize(("validator", "value", "stored"), [
    ("phone", "90 123 45 67", "+998901234567"),
    ("card_last4", "4321", "4321"),
    ("cadastre", "10:05:02:01:03:0125", "10:05:02:01:03:0125"),
    ("passport", "aa 1234567", "AA1234567"),
])
def test_named_validators_normalize(validator, value, stored):
    assert answers([field(validator=validator)], {"answer": value}) == {"answer": stored}


@pytest.mark.parametrize(("validator", "value"), [
    ("phone", "12345"), ("card_last4", "4321 8765 1234 5678"), ("cadastre", "Chilonzor 5"),
    ("passport", "1234567AA"),
])
def test_named_validators_refuse(validator, value):
    assert "answer" in errors([field(validator=validator)], {"answer": value})


def test_phone_and_email_types():
    definition = [field("phone", "phone"), field("email", "email")]
    assert answers(definition, {"phone": "+998 (90) 123-45-67", "email": "a@b.uz"}) == {
        "phone": "+998901234567", "email": "a@b.uz"}
    assert set(errors(definition, {"phone": "12", "email": "nope"})) == {"phone", "email"}


def test_answers_must_be_an_object():
    assert "__all__" in errors([field()], ["not", "an", "object"])


# The HTML form ----------------------------------------------------------------------------


def test_the_form_speaks_the_active_language_and_links_errors():
    definition = [field("answer", required=True, help={"uz": "Yordam", "ru": "Подсказка"}),
                  field("day", "date", min="today+1")]
    with translation.override("ru"):
        form = fs.ServiceForm({"answer": "", "day": ""}, definition=definition)
        form.is_valid()
        html = str(form["answer"])
    assert form.fields["answer"].label == "Имя"
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_answer_helptext id_answer_error"' in html
    assert 'type="date"' in str(form["day"])


def test_few_choices_are_radio_buttons_and_many_a_select():
    few = fs.make_field(field(type="choice", choices=[
        {"value": f"v{i}", "label": {"uz": f"V{i}"}} for i in range(3)]))
    many = fs.make_field(field(type="choice", choices=[
        {"value": f"v{i}", "label": {"uz": f"V{i}"}} for i in range(8)]))
    assert few.widget.input_type == "radio"
    assert many.widget.input_type == "select" and many.choices[0][0] == ""


def test_answers_are_shown_with_labels_and_readable_values():
    definition = [field("kind", "choice", choices=[{"value": "birth",
                                                    "label": {"uz": "Tugʻilish",
                                                              "en": "Birth"}}]),
                  field("day", "date"), field("phone", "phone"), field("size", "number")]
    with translation.override("en"):
        rows = fs.answer_rows(definition, {"kind": "birth", "day": "2026-03-01",
                                           "phone": "+998901234567", "size": 1200000})
    assert rows == [("Name", "Birth"), ("Name", "01.03.2026"), ("Name", "+998 90 123 45 67"),
                    ("Name", "1\u202f200\u202f000")]

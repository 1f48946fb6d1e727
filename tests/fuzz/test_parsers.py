"""Hypothesis on every parser of outside input: a value that fits, or the parser's own
translated error — never another exception, never a value that breaks the parser's promise.

Parsers covered elsewhere with their own properties: phone numbers (tests/core/test_phone.py),
map points (tests/core/test_locate.py), signed notes and checkpoints
(tests/ledger/test_ledger_note.py), Open311 requests over HTTP (tests/open311/test_fuzz.py),
every /api/v1 operation (tests/test_api_schema.py). docs/FUZZING.md lists them all.
"""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mahalla.appeals.open311 import params, submission
from mahalla.appeals.open311.formats import Open311Error
from mahalla.appeals.photos import process_photo
from mahalla.core.exceptions import DomainError
from mahalla.core.services.territory import import_mahallas
from mahalla.core.text import clean_multiline, clean_text, search_key, to_cyrillic, to_latin
from mahalla.documents import forms_schema
from mahalla.integrations.registries.pinfl import validate_pinfl
from mahalla.ops import idempotency
from mahalla.triage.features import normalize as triage_normalize

WITH_DB = settings(max_examples=60, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow])
FAST = settings(max_examples=200, deadline=None)
NASTY = st.sampled_from(["", " ", "\x00", "\u202e", "١٢٣", "𝟏𝟐𝟑", "1e999", "NaN", "-0",
                         "９９８", "<script>", "' OR 1=1 --", "x" * 5000, "\ud7ff", "😀" * 50])
TEXT = st.one_of(st.text(max_size=300), NASTY)


# --- text -------------------------------------------------------------------------------------


@FAST
@given(TEXT)
def test_clean_text_is_trimmed_single_spaced_and_stable(text):
    cleaned = clean_text(text)
    assert cleaned == cleaned.strip() and "  " not in cleaned and "\n" not in cleaned
    assert clean_text(cleaned) == cleaned
    assert all(line == clean_text(line) for line in clean_multiline(text).split("\n"))


@FAST
@given(TEXT)
def test_transliteration_and_search_keys_take_any_text(text):
    for convert in (search_key, to_latin, to_cyrillic, triage_normalize):
        assert isinstance(convert(text), str)
    assert search_key(text) == search_key(search_key(text))


# --- PINFL ------------------------------------------------------------------------------------


@FAST
@given(st.one_of(TEXT, st.from_regex(r"[1-6]\d{13}", fullmatch=True),
                 st.integers(), st.none()))
@example("31234567890123")
def test_pinfl_is_14_valid_digits_or_a_translated_refusal(value):
    try:
        pinfl = validate_pinfl(value)
    except DomainError as error:
        assert error.field == "pinfl" and str(error.message)
        return
    assert len(pinfl) == 14 and pinfl.isascii() and pinfl.isdigit() and pinfl[0] in "123456"


# --- e-service form schemas -------------------------------------------------------------------


@FAST
@given(TEXT)
@example("today+99999")
@example("9999-99-99")
def test_day_bounds_are_dates_or_none(value):
    assert forms_schema.parse_day_bound(value, dt.date(2026, 5, 1)) is None or isinstance(
        forms_schema.parse_day_bound(value, dt.date(2026, 5, 1)), dt.date)


@FAST
@given(st.sampled_from(sorted(forms_schema.VALIDATORS)), TEXT)
def test_named_field_validators_clean_or_refuse(name, value):
    try:
        cleaned = forms_schema.VALIDATORS[name](value)
    except ValidationError as error:
        assert error.messages and all(error.messages)
        return
    assert isinstance(cleaned, str) and cleaned


JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(st.text(max_size=12), inner, max_size=6)),
    max_leaves=30)
FIELD_SPEC = st.fixed_dictionaries(
    {"name": st.one_of(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True), TEXT),
     "type": st.sampled_from(["text", "textarea", "date", "number", "choice", "phone", "email",
                              "boolean", ""]),
     "label": st.one_of(st.fixed_dictionaries({"uz": st.text(max_size=20)}), JSONISH)},
    optional={"required": JSONISH, "min": JSONISH, "max": JSONISH, "choices": JSONISH,
              "validator": st.one_of(st.sampled_from(sorted(forms_schema.VALIDATORS)), TEXT),
              "max_length": JSONISH})


@WITH_DB
@given(st.one_of(JSONISH, st.lists(FIELD_SPEC, max_size=6)))
def test_form_definitions_are_accepted_or_refused_with_reasons(definition):
    try:
        forms_schema.validate_form_definition(definition)
    except ValidationError as error:
        assert error.messages and all(error.messages)
        return
    assert isinstance(definition, list) and definition
    # An accepted definition builds a form that answers any data with values or errors.
    try:
        forms_schema.validate_data(definition, {spec["name"]: "x" for spec in definition})
    except forms_schema.DataInvalid as invalid:
        assert invalid.errors


SERVICE_FORM = [
    {"name": "full_name", "type": "text", "label": {"uz": "F.I.Sh."}, "required": True},
    {"name": "birth_date", "type": "date", "label": {"uz": "Tugʻilgan sana"}, "max": "today"},
    {"name": "children", "type": "number", "label": {"uz": "Farzandlar"}, "min": 0, "max": 20},
    {"name": "pinfl", "type": "text", "label": {"uz": "JShShIR"}, "validator": "pinfl"},
]


@WITH_DB
@given(st.one_of(JSONISH, st.dictionaries(st.sampled_from([f["name"] for f in SERVICE_FORM]),
                                          TEXT, max_size=4)))
def test_answers_to_a_form_are_cleaned_or_refused_per_field(data):
    forms_schema.validate_form_definition(SERVICE_FORM)
    try:
        answers = forms_schema.validate_data(SERVICE_FORM, data)
    except forms_schema.DataInvalid as invalid:
        assert invalid.errors and all(invalid.errors.values())
        return
    assert set(answers) <= {f["name"] for f in SERVICE_FORM} and answers["full_name"]


# --- Open311 parameters -----------------------------------------------------------------------


def query(pairs) -> QueryDict:
    result = QueryDict(mutable=True)
    for name, value in pairs:
        result.appendlist(name, value)
    return result


W3C = st.one_of(TEXT, st.datetimes().map(lambda d: d.isoformat()),
                st.dates().map(str), st.integers(-99999, 99999).map(str),
                st.sampled_from(["2010", "2010-01", "2026-05-01T08:00:00Z", "0000-01-01"]))


@FAST
@given(st.lists(st.tuples(st.sampled_from(["start_date", "end_date"]), W3C), max_size=3))
def test_open311_date_ranges_are_at_most_90_days_or_400(pairs):
    try:
        start, end = params.date_range(query(pairs), now=timezone.now())
    except Open311Error as error:
        assert error.status == 400 and error.descriptions
        return
    assert timezone.is_aware(start) and timezone.is_aware(end)
    assert dt.timedelta(0) <= end - start <= params.MAX_SPAN


@FAST
@given(st.lists(TEXT, max_size=5))
def test_open311_lists_have_no_blanks_or_repeats(values):
    items = params.split_list(query([("status", v) for v in values]), "status")
    assert all(items) and len(items) == len(set(items)) and all("," not in i for i in items)


@FAST
@given(st.one_of(st.none(), TEXT))
def test_open311_jurisdiction_is_ours_or_404(value):
    try:
        params.check_jurisdiction(value)
    except Open311Error as error:
        assert error.status == 404


POST_FIELDS = ["service_code", "lat", "long", "address_string", "address_id", "email",
               "device_id", "account_id", "first_name", "last_name", "phone", "description",
               "media_url", "attribute[problem]", "attribute[bin_state][]", "attribute[x][y]"]


@pytest.mark.django_db
@WITH_DB
@given(st.lists(st.tuples(st.sampled_from(POST_FIELDS),
                          st.one_of(TEXT, st.sampled_from(["water", "waste", "41.3", "69.2",
                                                           "leak", "https://x.example/a.jpg"]))),
                max_size=8))
def test_open311_submissions_parse_or_answer_400_404(pairs):
    try:
        parsed = submission.parse(query(pairs))
    except Open311Error as error:
        assert error.status in (400, 404) and all(error.descriptions)
        return
    assert parsed.service_code and isinstance(parsed.answers, dict)


# --- CSV import of mahallas -------------------------------------------------------------------


CSV_HEADER = "code,district_soato,name_uz,name_uz_cyrl,name_ru,latitude,longitude"


def _csv(rows) -> str:
    return CSV_HEADER + "\n" + "\n".join(",".join(row) for row in rows)


# A carriage return inside an unquoted field is the one known escape (see the test below).
CSV_TEXT = st.one_of(st.text(max_size=60).map(lambda t: t.replace("\r", " ")),
                     NASTY.filter(lambda t: "\r" not in t))


@pytest.mark.django_db
@WITH_DB
@given(st.one_of(st.binary(max_size=300).filter(lambda b: b"\r" not in b),
                 st.lists(st.lists(CSV_TEXT, max_size=9), max_size=4).map(_csv)))
def test_mahalla_csv_imports_all_or_reports_each_problem(content):
    from mahalla.core.models import Mahalla

    before = Mahalla.objects.count()
    report = import_mahallas(content)
    if report.problems:
        assert Mahalla.objects.count() == before  # all or nothing
        assert all(str(problem) for problem in report.problems)
    else:
        assert report.rows and report.created + report.updated + report.unchanged == report.rows


@pytest.mark.django_db
def test_a_carriage_return_inside_a_field_is_reported_as_a_problem():
    # Found by the property test above: csv.Error used to escape instead of a report.
    report = import_mahallas(_csv([["1\r2", "1726266", "Navroʻz", "", "", "", ""]]))
    assert report.problems


# --- photos ------------------------------------------------------------------------------------


def _image(fmt: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(out, fmt)
    return out.getvalue()


@WITH_DB
@given(st.one_of(st.binary(max_size=2000),
                 st.sampled_from(["JPEG", "PNG", "GIF", "BMP"]).map(_image),
                 st.tuples(st.sampled_from(["JPEG", "PNG"]).map(_image),
                           st.integers(1, 200)).map(lambda pair: pair[0][:-pair[1]])))
def test_photos_are_re_encoded_or_refused(data):
    try:
        photo = process_photo(SimpleUploadedFile("p.jpg", data, "image/jpeg"))
    except DomainError as error:
        assert error.field == "photos" and str(error.message)
        return
    assert photo.width > 0 and photo.height > 0 and photo.sha256


# --- the Idempotency-Key header and request fingerprints ------------------------------------


@FAST
@given(TEXT)
def test_idempotency_keys_are_visible_ascii_or_refused(key):
    state = idempotency.State(key=key.strip())
    if idempotency._KEY.fullmatch(state.key):
        assert 1 <= len(state.key) <= 255 and all(33 <= ord(c) <= 126 for c in state.key)
        return
    request = RequestFactory().post("/api/v1/appeals", data="{}",
                                    content_type="application/json")
    with pytest.raises(DomainError) as refused:  # refused before anything is looked up
        state.begin(request, "anonymous")
    assert refused.value.status_code == 400 and refused.value.field == "Idempotency-Key"


@FAST
@given(st.dictionaries(st.text(max_size=8), JSONISH, max_size=5))
def test_json_bodies_are_fingerprinted_by_meaning_not_spacing(body):
    factory = RequestFactory()
    compact = factory.post("/x", data=json.dumps(body, separators=(",", ":")),
                           content_type="application/json")
    spaced = factory.post("/x", data=json.dumps(body, indent=3, sort_keys=True),
                          content_type="application/json")
    assert idempotency.request_hash(compact) == idempotency.request_hash(spaced)

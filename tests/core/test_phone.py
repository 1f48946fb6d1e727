import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from mahalla.core.phone import format_phone, mask_phone, normalize_phone


@pytest.mark.parametrize("typed", ["+998 90 123 45 67", "+998(90)123-45-67", "998901234567",
                                   "90 123 45 67", "901234567", " +998901234567 "])
def test_common_forms_normalize_to_e164(typed):
    assert normalize_phone(typed) == "+998901234567"


@pytest.mark.parametrize("typed", ["", "abc", "+7 901 234 56 78", "+998 90 123 45", "12345",
                                   "+998 12 345 67 89", "+99890123456789", "8 90 123 45 67"])
def test_bad_numbers_get_a_clear_error(typed):
    with pytest.raises(ValidationError) as info:
        normalize_phone(typed)
    assert info.value.messages[0]


def test_display_and_mask_forms():
    assert format_phone("+998901234567") == "+998 90 123 45 67"
    assert mask_phone("+998901234567") == "+998 90 *** ** 67"


@given(st.text(max_size=40))
def test_normalize_never_crashes_and_only_returns_uzbek_e164(text):
    try:
        result = normalize_phone(text)
    except ValidationError:
        return
    assert result.startswith("+998") and len(result) == 13 and result[1:].isdigit()

from datetime import date

import pytest
from django.utils import formats, translation

DAY = date(2026, 3, 21)


@pytest.mark.parametrize(("language", "expected"), [
    ("uz", "21-mart, 2026-yil"),
    ("uz-cyrl", "21 март, 2026-йил"),
    ("ru", "21 марта 2026 г."),
    ("en", "March 21, 2026"),
])
def test_dates_are_written_the_local_way(language, expected):
    with translation.override(language):
        assert formats.date_format(DAY, "DATE_FORMAT").lower() == expected.lower()


@pytest.mark.parametrize(("language", "expected"), [
    ("uz", "1\xa0234\xa0567,5"), ("uz-cyrl", "1\xa0234\xa0567,5"), ("ru", "1\xa0234\xa0567,5"),
    ("en", "1,234,567.5"),
])
def test_numbers_use_local_separators(language, expected):
    with translation.override(language):
        assert formats.number_format(1234567.5, decimal_pos=1, force_grouping=True) == expected

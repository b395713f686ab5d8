"""The short ways of writing scores and numbers write exactly what ``floatformat`` wrote."""

from __future__ import annotations

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from leitstern.strategy.templatetags.strategy_tags import decimal1, fixed, num, score

NUMBERS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-2, max_value=2),
    st.integers(min_value=-10**6, max_value=10**6),
    st.sampled_from([0.0, -0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.125, 0.375, 999.995, -0.004,
                     1e-20, -1e-20, 2.675, 1.005, 0.1 + 0.2, 1 / 3, 2 / 3, 999.9999, 1000.0]),
)  # fmt: skip


@pytest.mark.parametrize("language", ["en", "de"])
@given(value=NUMBERS)
def test_scores_and_numbers_are_written_as_floatformat_writes_them(language, value):
    with translation.override(language):
        assert fixed(value, 1) == floatformat(value, 1)
        assert fixed(value, 2) == floatformat(value, 2)
        assert score(value) == floatformat(value, 1)
        assert decimal1(value) == floatformat(value, 1)
        assert num(value) == floatformat(value, "-2g")


def test_german_readers_get_a_decimal_comma():
    with translation.override("de"):
        assert (score(0.45), num(1234.5), num(12.5), num(3.0)) == ("0,5", "1.234,50", "12,50", "3")

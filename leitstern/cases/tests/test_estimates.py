"""Estimates as typed, kept and read by the engine."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from leitstern.cases import estimates
from leitstern.engines.cases import Range, ThreePoint


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("12", {"point": 12.0}),
        (" 6800..13000 ", {"lower": 6800.0, "upper": 13000.0}),
        ("-0.02..0.05", {"lower": -0.02, "upper": 0.05}),
        ("2/3/5", {"low": 2.0, "likely": 3.0, "high": 5.0}),
        ("1_000", {"point": 1000.0}),
    ],
)
def test_typed_estimates_round_trip(text, kept):
    assert estimates.parse(text) == kept
    assert estimates.parse(estimates.as_text(kept)) == kept


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5..3", "upper bound"),
        ("5/3/4", "in order"),
        ("1/2", "three numbers"),
        ("1,5", "not a number"),
        ("", "Give a number"),
        ("nan", "finite"),
    ],
)
def test_bad_estimates_say_what_is_wrong(text, message):
    with pytest.raises(ValidationError) as error:
        estimates.parse(text)
    assert message in " ".join(error.value.messages)


def test_kept_estimates_become_the_engines():
    assert estimates.to_engine({"point": 3}) == 3.0
    assert estimates.to_engine({"lower": 1, "upper": 2}) == Range(1.0, 2.0)
    assert estimates.to_engine({"low": 1, "likely": 2, "high": 4}) == ThreePoint(1.0, 2.0, 4.0)
    assert estimates.from_engine(Range(1.0, 2.0, "normal")) == {
        "lower": 1.0,
        "upper": 2.0,
        "shape": "normal",
    }

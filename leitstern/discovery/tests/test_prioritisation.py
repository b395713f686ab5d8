"""The scoring formulas, confidence from evidence and the spread of a session (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leitstern.discovery import prioritisation as p
from leitstern.discovery.prioritisation import Basis, Evidence


def test_rice_is_reach_times_impact_times_confidence_over_effort():
    result = p.score("rice", {"reach": 2000, "impact": 2, "effort": 4}, 80)
    assert result.value == pytest.approx(2000 * 2 * 0.8 / 4)
    assert dict(result.terms)["confidence"] == 80


def test_ice_takes_confidence_on_a_ten_point_scale():
    assert p.score("ice", {"impact": 8, "ease": 5}, 50).value == pytest.approx(8 * 5 * 5)


def test_wsjf_is_cost_of_delay_over_job_size():
    values = {"business_value": 8, "time_criticality": 5, "risk_reduction": 3, "job_size": 4}
    assert p.score("wsjf", values, 20).value == pytest.approx(16 / 4)


def test_value_over_effort():
    assert p.score("value_effort", {"value": 9, "effort": 3}, 20).value == 3


def test_a_missing_input_leaves_the_score_empty_and_names_it():
    result = p.score("rice", {"reach": 10, "impact": None, "effort": 2}, 80)
    assert result.value is None and result.missing == ("impact",)


@pytest.mark.parametrize(
    "evidence,basis,value",
    [
        (Evidence(), Basis.NONE, 20),
        (Evidence(second_hand=3), Basis.SECOND_HAND, 50),
        (Evidence(direct=2, segments=1), Basis.DIRECT, 50),
        (Evidence(direct=4, second_hand=1, segments=2), Basis.DIRECT_SEGMENTS, 80),
        (Evidence(second_hand=1, validated=True), Basis.VALIDATED, 100),
    ],
)
def test_confidence_follows_the_evidence(evidence, basis, value):
    c = p.confidence(evidence)
    assert (c.basis, c.value, c.overridden) == (basis, value, False)


def test_an_override_keeps_what_the_evidence_would_give():
    c = p.confidence(Evidence(), 70)
    assert (c.value, c.from_evidence, c.overridden) == (70, 20, True)


def test_second_hand_only_is_flagged():
    assert Evidence(second_hand=2).only_second_hand
    assert not Evidence(second_hand=2, direct=1).only_second_hand
    assert not Evidence().only_second_hand


def test_inputs_outside_their_bounds_are_named():
    problems = p.input_problems({"impact": 11, "effort": 0, "ease": 0, "reach": 5})
    assert set(problems) == {
        ("impact", "out_of_range"),
        ("effort", "not_positive"),
        ("ease", "out_of_range"),
    }


def test_a_wide_spread_is_a_disagreement():
    assert p.spread([10, 12, 11]).disagree is False
    wide = p.spread([10, 30, 12])
    assert wide.disagree and wide.median == 12
    assert p.spread([5]).disagree is False
    assert p.spread([]).count == 0


@given(
    st.floats(0, 1e6),
    st.floats(0, 10),
    st.floats(0, 100),
    st.floats(0.01, 1e4),
    st.floats(1.01, 10),
)
def test_rice_grows_with_reach_and_falls_with_effort(reach, impact, confidence, effort, factor):
    base = p.score("rice", {"reach": reach, "impact": impact, "effort": effort}, confidence).value
    more = p.score(
        "rice", {"reach": reach * factor, "impact": impact, "effort": effort}, confidence
    )
    harder = p.score(
        "rice", {"reach": reach, "impact": impact, "effort": effort * factor}, confidence
    )
    assert more.value >= base - 1e-9 * abs(base)
    assert harder.value <= base + 1e-9 * abs(base)


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=20))
def test_the_median_lies_between_lowest_and_highest(values):
    s = p.spread(values)
    assert s.low <= s.median <= s.high

"""Impossible input is refused with the field, a stable code and nothing clipped."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from leitstern.engines.stats import (
    DecisionRule,
    StatsInputError,
    bayes_normal,
    compare_before_after,
    compare_means,
    compare_proportions,
    decide,
    power_means,
    power_proportions,
    sample_size_means,
    sample_size_proportions,
    srm_check,
)


def problems(call, **kwargs):
    with pytest.raises(StatsInputError) as info:
        call(**kwargs)
    return {(p.field, p.code) for p in info.value.problems}


GOOD_COUNTS = dict(conversions_a=10, visitors_a=100, conversions_b=12, visitors_b=100)
GOOD_MEANS = dict(mean_a=1.0, sd_a=1.0, n_a=10, mean_b=1.2, sd_b=1.0, n_b=10)


def test_more_conversions_than_visitors_is_refused_per_arm():
    got = problems(compare_proportions, **{**GOOD_COUNTS, "conversions_b": 101})
    assert got == {("conversions_b", "conversions_exceed_visitors")}


def test_negative_and_fractional_counts_are_refused():
    got = problems(
        compare_proportions, conversions_a=-1, visitors_a=100.5, conversions_b=3, visitors_b=0
    )
    assert got == {
        ("conversions_a", "negative"),
        ("visitors_a", "not_whole_number"),
        ("visitors_b", "too_small"),
    }


def test_negative_n_and_non_positive_sd_are_refused():
    got = problems(compare_means, **{**GOOD_MEANS, "n_a": -5, "sd_b": 0.0, "sd_a": -1.0})
    assert got == {("n_a", "negative"), ("sd_b", "not_positive"), ("sd_a", "not_positive")}
    assert problems(compare_means, **{**GOOD_MEANS, "n_b": 1}) == {("n_b", "too_small")}


def test_baseline_equal_to_target_is_refused():
    assert problems(sample_size_proportions, baseline=0.1, target=0.1) == {
        ("target", "target_equals_baseline")
    }
    assert problems(sample_size_means, sd=1.0, baseline=5.0, target=5.0) == {
        ("target", "target_equals_baseline")
    }
    assert problems(sample_size_proportions, baseline=0.1, mde=0.0) == {("mde", "zero_effect")}


@pytest.mark.parametrize("value", [0.0, 1.0, -0.1, 1.5, math.nan, math.inf])
def test_alpha_and_power_outside_zero_one_are_refused_not_clipped(value):
    got = problems(sample_size_proportions, baseline=0.1, target=0.12, alpha=value, power=value)
    codes = {code for _, code in got}
    assert {field for field, _ in got} == {"alpha", "power"}
    assert codes <= {"outside_unit_interval", "not_finite"}
    assert problems(compare_proportions, **GOOD_COUNTS, alpha=value) <= {
        ("alpha", "outside_unit_interval"),
        ("alpha", "not_finite"),
    }


def test_rates_outside_zero_one_are_refused():
    assert problems(sample_size_proportions, baseline=0.0, target=0.1) == {
        ("baseline", "outside_unit_interval")
    }
    assert problems(sample_size_proportions, baseline=0.95, mde=0.1) == {
        ("mde", "outside_unit_interval")
    }
    assert problems(power_proportions, baseline=0.5, target=1.0, n_a=10) == {
        ("target", "outside_unit_interval")
    }


def test_target_and_mde_are_one_or_the_other():
    assert problems(sample_size_proportions, baseline=0.1) == {("mde", "target_or_mde")}
    assert problems(sample_size_proportions, baseline=0.1, target=0.2, mde=0.1) == {
        ("mde", "target_or_mde")
    }


def test_mean_targets_and_relative_effects_need_a_positive_baseline():
    assert problems(sample_size_means, sd=1.0, target=3.0) == {("baseline", "baseline_required")}
    assert problems(sample_size_means, sd=1.0, mde=0.1, relative=True) == {
        ("baseline", "baseline_required")
    }
    assert problems(sample_size_means, sd=1.0, mde=0.1, relative=True, baseline=-2.0) == {
        ("baseline", "relative_undefined")
    }


def test_text_booleans_and_none_are_not_numbers():
    got = problems(compare_means, **{**GOOD_MEANS, "mean_a": "1.0", "n_b": True, "sd_a": None})
    assert got == {
        ("mean_a", "not_a_number"),
        ("n_b", "not_a_number"),
        ("sd_a", "not_a_number"),
    }
    assert problems(sample_size_proportions, baseline=0.1, target=0.2, relative="yes") == {
        ("relative", "wrong_type")
    }


def test_decimals_numpy_numbers_and_whole_floats_are_accepted():
    c = compare_proportions(
        conversions_a=np.int64(10), visitors_a=100.0, conversions_b=12, visitors_b=100
    )
    assert c.a.n == 100
    s = sample_size_proportions(baseline=Decimal("0.10"), target=Decimal("0.115"))
    assert s.n_per_arm == 6693


def test_sample_values_must_be_finite_numbers_and_enough():
    assert problems(compare_before_after, before=[1.0], after=[1.0, 2.0]) == {
        ("before", "too_few_values")
    }
    assert problems(compare_before_after, before=[1.0, math.nan], after=[1.0, 2.0]) == {
        ("before", "not_finite")
    }
    assert problems(compare_before_after, before=[1.0, 2.0], after=[1.0, "x"]) == {
        ("after", "not_a_number")
    }
    assert problems(compare_before_after, before="12", after=[1.0, 2.0]) == {
        ("before", "wrong_type")
    }


def test_data_without_spread_has_no_interval():
    assert problems(
        compare_proportions, conversions_a=0, visitors_a=50, conversions_b=40, visitors_b=40
    ) == {("conversions_b", "no_variation")}
    assert problems(compare_before_after, before=[3.0, 3.0], after=[3.0, 3.0, 3.0]) == {
        ("after", "no_variation")
    }


def test_srm_input_is_checked():
    assert problems(srm_check, observed=[10]) == {("observed", "too_few_values")}
    assert problems(srm_check, observed=[10, 12], planned=(1, 1, 1)) == {
        ("planned", "length_mismatch")
    }
    assert problems(srm_check, observed=[10, -1], planned=(1, 0)) == {
        ("observed[1]", "negative"),
        ("planned[1]", "not_positive"),
    }
    assert problems(srm_check, observed=[0, 0]) == {("observed", "too_small")}


def test_an_impossible_rule_cannot_be_made():
    with pytest.raises(StatsInputError) as info:
        DecisionRule(
            direction="up", minimum_effect=-0.1, scale="percent", alpha=0.0, power=1.0,
            criterion="vibes", planned_n_per_arm=0, planned_split=(1, 0),
        )  # fmt: skip
    got = {(p.field, p.code) for p in info.value.problems}
    assert got == {
        ("direction", "invalid_choice"),
        ("minimum_effect", "not_positive"),
        ("scale", "invalid_choice"),
        ("alpha", "outside_unit_interval"),
        ("power", "outside_unit_interval"),
        ("criterion", "invalid_choice"),
        ("planned_n_per_arm", "too_small"),
        ("planned_split[1]", "not_positive"),
    }


def test_a_rule_and_a_comparison_must_use_the_same_alpha():
    rule = DecisionRule(direction="higher", minimum_effect=0.01, alpha=0.1)
    c = compare_proportions(**GOOD_COUNTS)  # α = 0.05
    assert problems(decide, rule=rule, comparison=c) == {("alpha", "alpha_mismatch")}


def test_a_relative_rule_needs_a_control_above_zero():
    rule = DecisionRule(direction="higher", minimum_effect=0.1, scale="relative")
    c = compare_proportions(conversions_a=0, visitors_a=100, conversions_b=5, visitors_b=100)
    assert problems(decide, rule=rule, comparison=c) == {("scale", "relative_undefined")}


def test_power_and_bayes_input_is_checked():
    assert problems(power_means, sd=1.0, mde=0.5, n_a=1) == {("n_a", "too_small")}
    assert problems(bayes_normal, difference=0.1, se=0.0, direction="sideways") == {
        ("se", "not_positive"),
        ("direction", "invalid_choice"),
    }


def test_every_problem_carries_an_english_message_and_json_params():
    with pytest.raises(StatsInputError) as info:
        compare_proportions(**{**GOOD_COUNTS, "conversions_a": 200})
    err = info.value
    assert err.field == "conversions_a"
    assert err.code == "conversions_exceed_visitors"
    assert "200" in err.message and "100" in err.message
    assert err.as_dict() == {
        "errors": [
            {
                "field": "conversions_a",
                "code": "conversions_exceed_visitors",
                "message": err.message,
                "params": {"conversions": 200, "visitors": 100},
            }
        ]
    }


def test_an_effect_too_small_for_any_test_is_refused():
    assert problems(sample_size_proportions, baseline=0.5, mde=1e-9) == {
        ("mde", "effect_too_small")
    }

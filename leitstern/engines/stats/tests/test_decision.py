"""Verdicts on hand-made experiments: every outcome, every reason, the caveats."""

from __future__ import annotations

import json

import numpy as np
import pytest

from leitstern.engines.stats import (
    DecisionRule,
    compare_before_after,
    compare_means,
    compare_proportions,
    decide,
)

RULE = DecisionRule(direction="higher", minimum_effect=0.015)  # +1.5 points, α 5%, power 80%


def counts(ca, na, cb, nb, alpha=0.05):
    return compare_proportions(
        conversions_a=ca, visitors_a=na, conversions_b=cb, visitors_b=nb, alpha=alpha
    )


def test_a_clear_win_meets_the_rule_with_the_numbers_behind_it():
    v = decide(rule=RULE, comparison=counts(700, 7000, 840, 7000))
    assert v.outcome == "met"
    assert v.reason == "met_interval_excludes_zero"
    assert v.evidence_of_effect
    assert v.effect.lower > 0
    assert v.threshold == 0.015
    assert v.srm is not None and not v.srm.mismatch
    # 7,000 per arm is above the 6,693 needed for 10% → 11.5%
    assert 0.8 < v.power < 0.85
    assert v.needed_n_per_arm == 6693
    assert v.codes[:6] == (
        "met_interval_excludes_zero",
        "difference_interval",
        "relative_interval",
        "p_value",
        "power",
        "chance_to_win",
    )
    assert "sample_ratio_ok" in v.codes
    assert v.bayes.chance_to_win > 0.999


def test_a_clear_loss_is_refuted_as_the_opposite_direction():
    v = decide(rule=RULE, comparison=counts(700, 7000, 595, 7000))
    assert v.outcome == "refuted"
    assert v.reason == "refuted_opposite_direction"
    assert v.effect.upper < 0


def test_a_small_test_is_inconclusive_because_underpowered():
    v = decide(rule=RULE, comparison=counts(10, 100, 14, 100))
    assert v.outcome == "inconclusive"
    assert v.reason == "inconclusive_underpowered"
    lead = v.messages[0]
    assert lead.params["power"] < 0.1
    assert lead.params["n_per_arm"] == 100
    assert lead.params["needed_n_per_arm"] == v.needed_n_per_arm == 6693


def test_a_precise_null_result_refutes_the_minimum_effect():
    v = decide(rule=RULE, comparison=counts(10_000, 100_000, 10_020, 100_000))
    assert v.outcome == "refuted"
    assert v.reason == "refuted_below_minimum"
    assert v.effect.lower < 0 < v.effect.upper < 0.015


def test_a_real_but_too_small_effect_is_met_with_a_caveat_or_refuted_by_a_size_rule():
    c = counts(100_000, 1_000_000, 101_000, 1_000_000)
    plain = decide(rule=RULE, comparison=c)
    assert plain.outcome == "met"
    assert "effect_smaller_than_minimum" in plain.codes
    sized = DecisionRule(
        direction="higher", minimum_effect=0.015, criterion="estimate_reaches_minimum"
    )
    assert decide(rule=sized, comparison=c).reason == "refuted_below_minimum"


def test_an_adequate_test_whose_interval_spans_zero_and_the_minimum_is_inconclusive():
    v = decide(rule=RULE, comparison=counts(700, 7000, 749, 7000))
    assert v.power > 0.8
    assert v.outcome == "inconclusive"
    assert v.reason == "inconclusive_interval_spans_zero_and_minimum"
    assert v.effect.lower < 0 < 0.015 < v.effect.upper


def test_an_effect_that_may_be_below_the_minimum_does_not_meet_a_size_rule():
    rule = DecisionRule(
        direction="higher", minimum_effect=0.015, criterion="estimate_reaches_minimum"
    )
    v = decide(rule=rule, comparison=counts(700, 7000, 777, 7000))
    assert v.evidence_of_effect
    assert v.effect.estimate < 0.015 < v.effect.upper
    assert v.outcome == "inconclusive"
    assert v.reason == "inconclusive_effect_may_be_below_minimum"
    met = decide(rule=rule, comparison=counts(700, 7000, 840, 7000))
    assert met.reason == "met_estimate_reaches_minimum"


def test_the_lower_bound_rule_needs_the_whole_interval_above_the_minimum():
    rule = DecisionRule(
        direction="higher", minimum_effect=0.015, criterion="lower_bound_reaches_minimum"
    )
    big = decide(rule=rule, comparison=counts(700, 7000, 1050, 7000))
    assert big.reason == "met_lower_bound_reaches_minimum"
    assert big.effect.lower >= 0.015
    near = decide(rule=rule, comparison=counts(700, 7000, 840, 7000))
    assert near.evidence_of_effect
    assert near.outcome == "inconclusive"


def test_a_sample_ratio_mismatch_invalidates_even_a_clear_win():
    v = decide(rule=RULE, comparison=counts(700, 7000, 900, 7500))
    assert v.outcome == "invalid"
    assert v.reason == "sample_ratio_mismatch"
    assert v.messages[0].params["observed"] == [7000, 7500]
    assert v.srm is not None and v.srm.p_value < 0.001
    assert "difference_interval" in v.codes  # the numbers are still shown


def test_the_planned_split_is_what_the_ratio_is_checked_against():
    rule = DecisionRule(direction="higher", minimum_effect=0.015, planned_split=(1, 3))
    v = decide(rule=rule, comparison=counts(250, 2500, 900, 7500))
    assert v.outcome != "invalid"
    assert v.srm is not None and v.srm.planned == (0.25, 0.75)


def test_lower_is_better_metrics_win_by_going_down():
    rule = DecisionRule(direction="lower", minimum_effect=0.01)
    v = decide(rule=rule, comparison=counts(2000, 5000, 1850, 5000))
    assert v.outcome == "met"
    assert v.threshold == -0.01
    assert v.effect.upper < 0
    assert v.bayes.chance_to_win > 0.99
    up = decide(rule=rule, comparison=counts(1850, 5000, 2000, 5000))
    assert up.reason == "refuted_opposite_direction"


def test_a_relative_rule_reads_the_relative_interval():
    rule = DecisionRule(direction="higher", minimum_effect=0.10, scale="relative")
    v = decide(rule=rule, comparison=counts(700, 7000, 840, 7000))
    assert v.effect == v.comparison.relative
    assert v.effect.estimate == pytest.approx(0.2)
    assert v.outcome == "met"
    assert v.messages[0].params["scale"] == "relative"


def test_meeting_the_rule_with_low_power_warns_that_the_estimate_may_be_exaggerated():
    v = decide(rule=RULE, comparison=counts(10, 100, 30, 100))
    assert v.outcome == "met"
    assert "low_power_estimate_may_be_exaggerated" in v.codes


def test_stopping_before_the_planned_size_is_said():
    rule = DecisionRule(direction="higher", minimum_effect=0.015, planned_n_per_arm=6693)
    v = decide(rule=rule, comparison=counts(500, 5000, 640, 5000))
    stop = next(m for m in v.messages if m.code == "stopped_before_planned_sample")
    assert stop.params == {"n_per_arm": 5000, "planned_n_per_arm": 6693}


def test_few_conversions_make_the_normal_approximation_doubtful():
    v = decide(rule=RULE, comparison=counts(3, 100, 9, 100))
    assert "normal_approximation_doubtful" in v.codes


def test_means_verdicts_use_welch_and_warn_about_small_samples():
    rule = DecisionRule(direction="higher", minimum_effect=2.0)
    c = compare_means(mean_a=50.0, sd_a=8.0, n_a=20, mean_b=58.0, sd_b=9.0, n_b=20)
    v = decide(rule=rule, comparison=c)
    assert v.comparison.test == "welch_t"
    assert v.outcome == "met"
    assert "small_samples_normality_assumed" in v.codes
    assert v.needed_n_per_arm is not None and v.needed_n_per_arm > 20


def test_before_after_has_no_ratio_check_and_says_there_is_no_control_group():
    rng = np.random.default_rng(4)
    before = (100 + np.cumsum(rng.normal(0, 1, 60)) * 0.5 + rng.normal(0, 2, 60)).tolist()
    after = (np.asarray(before[-60:]) + 3).tolist()
    rule = DecisionRule(direction="higher", minimum_effect=1.0)
    v = decide(rule=rule, comparison=compare_before_after(before=before, after=after))
    assert v.srm is None
    assert "no_control_group" in v.codes
    assert "sample_ratio_ok" not in v.codes
    adjusted = next(m for m in v.messages if m.code == "autocorrelation_adjusted")
    assert adjusted.params["n_effective_before"] < 60
    short = compare_before_after(before=[1.0, 2.0, 3.0], after=[2.0, 3.0, 4.5])
    assert "autocorrelation_not_checked" in decide(rule=rule, comparison=short).codes


def test_autocorrelation_widens_the_before_after_interval():
    t = np.arange(80)
    before = (50 + 5 * np.sin(t / 6)).tolist()
    after = (52 + 5 * np.sin((t + 80) / 6)).tolist()
    adjusted = compare_before_after(before=before, after=after)
    plain = compare_before_after(before=before, after=after, autocorrelation=False)
    assert adjusted.autocorrelation is not None and adjusted.autocorrelation.adjusted
    assert adjusted.autocorrelation.rho_before > 0.9
    width = adjusted.difference.upper - adjusted.difference.lower
    assert width > 2 * (plain.difference.upper - plain.difference.lower)
    rule = DecisionRule(direction="higher", minimum_effect=1.0)
    assert "autocorrelation_not_adjusted" in decide(rule=rule, comparison=plain).codes


@pytest.mark.parametrize(
    "arms",
    [(700, 7000, 840, 7000), (700, 7000, 595, 7000), (10, 100, 14, 100), (700, 7000, 900, 7500)],
)
def test_no_message_claims_significance_and_every_verdict_shows_its_interval(arms):
    v = decide(rule=RULE, comparison=counts(*arms))
    assert all("significan" not in m.code for m in v.messages)
    assert "difference_interval" in v.codes
    out = v.as_dict()
    json.dumps(out)  # plain JSON all the way down
    assert out["outcome"] == v.outcome
    assert out["messages"][0]["code"] == v.reason


def test_a_constant_period_counts_as_checked_for_autocorrelation():
    before = [100.0] * 12
    after = [100.0 + (k % 3) for k in range(12)]
    c = compare_before_after(before=before, after=after)
    assert c.autocorrelation is not None and c.autocorrelation.rho_before == 0.0
    v = decide(rule=DecisionRule(direction="higher", minimum_effect=0.5), comparison=c)
    assert "autocorrelation_not_checked" not in v.codes

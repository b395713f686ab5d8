"""Invariants: swapping arms mirrors every answer; more data never makes an answer less sure."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

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
)

fast = settings(max_examples=100, deadline=None)


@st.composite
def arms(draw, smallest=1):
    na = draw(st.integers(smallest, 50_000))
    nb = draw(st.integers(smallest, 50_000))
    ca = draw(st.integers(0, na))
    cb = draw(st.integers(0, nb))
    pa, pb = ca / na, cb / nb
    assume(pa * (1 - pa) + pb * (1 - pb) > 0)
    return ca, na, cb, nb


def _props(ca, na, cb, nb, alpha=0.05):
    return compare_proportions(
        conversions_a=ca, visitors_a=na, conversions_b=cb, visitors_b=nb, alpha=alpha
    )


def _mirrored(x, y):
    assert y.difference.estimate == pytest.approx(-x.difference.estimate, abs=1e-15)
    assert y.difference.lower == pytest.approx(-x.difference.upper, rel=1e-12, abs=1e-12)
    assert y.difference.upper == pytest.approx(-x.difference.lower, rel=1e-12, abs=1e-12)
    assert y.p_value == pytest.approx(x.p_value, rel=1e-12, abs=1e-300)
    assert y.statistic == pytest.approx(-x.statistic, rel=1e-12, abs=1e-15)


@fast
@given(arms())
def test_swapping_proportion_arms_mirrors_the_difference(a):
    ca, na, cb, nb = a
    _mirrored(_props(ca, na, cb, nb), _props(cb, nb, ca, na))


@fast
@given(
    st.floats(-100, 100), st.floats(0.1, 50), st.integers(2, 10_000),
    st.floats(-100, 100), st.floats(0.1, 50), st.integers(2, 10_000),
)  # fmt: skip
def test_swapping_mean_arms_mirrors_the_difference(ma, sa, na, mb, sb, nb):
    x = compare_means(mean_a=ma, sd_a=sa, n_a=na, mean_b=mb, sd_b=sb, n_b=nb)
    y = compare_means(mean_a=mb, sd_a=sb, n_a=nb, mean_b=ma, sd_b=sa, n_b=na)
    _mirrored(x, y)
    assert x.df == pytest.approx(y.df)


@fast
@given(
    st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=40),
    st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=40),
)
def test_swapping_periods_mirrors_the_before_after_difference(before, after):
    assume(len(set(before)) > 1 or len(set(after)) > 1)
    try:
        x = compare_before_after(before=before, after=after)
    except StatsInputError as err:  # spreads below 1e-154 square to zero: refused both ways
        assert err.code == "no_variation"
        with pytest.raises(StatsInputError):
            compare_before_after(before=after, after=before)
        return
    y = compare_before_after(before=after, after=before)
    _mirrored(x, y)


@fast
@given(arms(smallest=20), st.integers(2, 20))
def test_more_of_the_same_data_shrinks_the_interval_and_the_p_value(a, k):
    ca, na, cb, nb = a
    assume(ca * nb != cb * na)  # a real difference in rates
    small, big = _props(ca, na, cb, nb), _props(k * ca, k * na, k * cb, k * nb)
    width = small.difference.upper - small.difference.lower
    assert big.difference.upper - big.difference.lower < width
    assert big.p_value <= small.p_value


@fast
@given(st.floats(0.01, 0.9), st.floats(0.001, 0.09), st.integers(2, 10**6))
def test_proportion_power_grows_with_n(p1, delta, n):
    low = power_proportions(baseline=p1, target=p1 + delta, n_a=n)
    high = power_proportions(baseline=p1, target=p1 + delta, n_a=n + max(1, n // 10))
    assert high >= low


@fast
@given(st.floats(0.01, 5), st.floats(0.1, 5), st.integers(2, 10**5))
def test_mean_power_grows_with_n(delta, sd, n):
    low = power_means(sd=sd, mde=delta, n_a=n)
    high = power_means(sd=sd, mde=delta, n_a=n + max(1, n // 10))
    assert high >= low


@fast
@given(
    st.floats(0.005, 0.95), st.floats(-0.5, 0.5), st.floats(0.5, 0.99),
    st.sampled_from([0.01, 0.05, 0.1]),
)  # fmt: skip
def test_a_proportion_sample_size_is_the_smallest_that_reaches_the_power(p1, mde, power, alpha):
    p2 = p1 + mde
    assume(0.001 < p2 < 0.999 and abs(mde) > 0.002)
    s = sample_size_proportions(baseline=p1, mde=mde, power=power, alpha=alpha)
    n = s.n_per_arm
    assert power_proportions(baseline=p1, target=p2, n_a=n, alpha=alpha) >= power
    if n > 1:
        assert power_proportions(baseline=p1, target=p2, n_a=n - 1, alpha=alpha) < power


@fast
@given(st.floats(0.02, 3), st.floats(0.1, 3), st.floats(0.1, 3), st.floats(0.5, 0.99))
def test_a_mean_sample_size_is_the_smallest_that_reaches_the_power(delta, sa, sb, power):
    s = sample_size_means(sd=sa, sd_b=sb, mde=delta, power=power)
    n = s.n_per_arm
    assert power_means(sd=sa, sd_b=sb, mde=delta, n_a=n) >= power
    if n > 2:
        assert power_means(sd=sa, sd_b=sb, mde=delta, n_a=n - 1) < power


@fast
@given(st.floats(0.02, 0.5), st.floats(0.001, 0.05), st.floats(0.001, 0.05))
def test_a_bigger_effect_needs_fewer_units(p1, a, b):
    small, big = sorted((a, b))
    assume(big - small > 1e-4)
    n_small = sample_size_proportions(baseline=p1, mde=small).n_per_arm
    n_big = sample_size_proportions(baseline=p1, mde=big).n_per_arm
    assert n_big <= n_small


@fast
@given(st.floats(-10, 10), st.floats(0.01, 10))
def test_chance_to_win_and_expected_losses_are_consistent(d, se):
    up = bayes_normal(difference=d, se=se, direction="higher")
    down = bayes_normal(difference=d, se=se, direction="lower")
    assert up.chance_to_win + down.chance_to_win == pytest.approx(1.0)
    # E[max(G, 0)] − E[max(−G, 0)] = E[G]
    assert up.expected_loss_keep - up.expected_loss_ship == pytest.approx(d, abs=1e-9 * se)
    assert down.expected_loss_ship == pytest.approx(up.expected_loss_keep)


@fast
@given(arms(smallest=50), st.floats(0.001, 0.05), st.sampled_from(["higher", "lower"]))
def test_mirrored_experiments_get_the_same_verdict(a, minimum, direction):
    # Swapping the arms and the metric's direction describes the same experiment.
    ca, na, cb, nb = a
    other = "lower" if direction == "higher" else "higher"
    v = decide(
        rule=DecisionRule(direction=direction, minimum_effect=minimum),
        comparison=_props(ca, na, cb, nb),
    )
    w = decide(
        rule=DecisionRule(direction=other, minimum_effect=minimum),
        comparison=_props(cb, nb, ca, na),
    )
    assert v.evidence_of_effect == w.evidence_of_effect
    # The power differs (it starts from A's rate), so "inconclusive" reasons may differ.
    if v.outcome != "inconclusive" and w.outcome != "inconclusive":
        assert v.outcome == w.outcome
    assert (v.outcome == "inconclusive") == (w.outcome == "inconclusive")

"""p-values, intervals and powers equal independent scipy computations on generated inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from leitstern.engines.stats import (
    compare_before_after,
    compare_means,
    compare_proportions,
    power_means,
    power_proportions,
    srm_check,
)

# Many generated inputs each: run apart with the other long numerical checks.
pytestmark = pytest.mark.statistical

fast = settings(max_examples=150, deadline=None)
alphas = st.sampled_from([0.01, 0.05, 0.1, 0.2])


@st.composite
def two_arms(draw):
    na = draw(st.integers(1, 200_000))
    nb = draw(st.integers(1, 200_000))
    ca = draw(st.integers(0, na))
    cb = draw(st.integers(0, nb))
    return ca, na, cb, nb


def _usable(ca, na, cb, nb):
    pa, pb = ca / na, cb / nb
    return pa * (1 - pa) / na + pb * (1 - pb) / nb > 0


@fast
@given(two_arms(), alphas)
def test_z_test_p_value_equals_pearson_chi_square_on_the_2x2_table(arms, alpha):
    ca, na, cb, nb = arms
    assume(_usable(ca, na, cb, nb))
    c = compare_proportions(
        conversions_a=ca, visitors_a=na, conversions_b=cb, visitors_b=nb, alpha=alpha
    )
    chi2, p, _, _ = stats.chi2_contingency([[ca, na - ca], [cb, nb - cb]], correction=False)
    assert c.statistic**2 == pytest.approx(chi2, rel=1e-9, abs=1e-12)
    assert c.p_value == pytest.approx(p, rel=1e-8, abs=1e-300)


@fast
@given(two_arms(), alphas)
def test_wald_interval_equals_scipys_normal_interval(arms, alpha):
    ca, na, cb, nb = arms
    assume(_usable(ca, na, cb, nb))
    c = compare_proportions(
        conversions_a=ca, visitors_a=na, conversions_b=cb, visitors_b=nb, alpha=alpha
    )
    pa, pb = ca / na, cb / nb
    se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    lo, hi = stats.norm.interval(1 - alpha, loc=pb - pa, scale=se)
    assert c.difference.lower == pytest.approx(lo, rel=1e-9, abs=1e-12)
    assert c.difference.upper == pytest.approx(hi, rel=1e-9, abs=1e-12)


@fast
@given(two_arms(), alphas)
def test_relative_interval_is_the_delta_method_with_a_numerical_gradient(arms, alpha):
    ca, na, cb, nb = arms
    assume(ca > 0 and _usable(ca, na, cb, nb))
    c = compare_proportions(
        conversions_a=ca, visitors_a=na, conversions_b=cb, visitors_b=nb, alpha=alpha
    )
    pa, pb = ca / na, cb / nb
    h = 1e-6 * pa

    def ratio(x, y):
        return y / x - 1

    grad = np.array(
        [
            (ratio(pa + h, pb) - ratio(pa - h, pb)) / (2 * h),
            (ratio(pa, pb + h) - ratio(pa, pb - h)) / (2 * h),
        ]
    )
    cov = np.diag([pa * (1 - pa) / na, pb * (1 - pb) / nb])
    se = math.sqrt(grad @ cov @ grad)
    assume(se > 1e-12 * abs(pb / pa))
    lo, hi = stats.norm.interval(1 - alpha, loc=pb / pa - 1, scale=se)
    assert c.relative is not None
    assert c.relative.lower == pytest.approx(lo, rel=1e-5, abs=1e-9)
    assert c.relative.upper == pytest.approx(hi, rel=1e-5, abs=1e-9)


means = st.floats(-1e6, 1e6, allow_nan=False)
sds = st.floats(1e-3, 1e5)
sizes = st.integers(2, 100_000)


@fast
@given(means, sds, sizes, means, sds, sizes)
def test_welch_from_summaries_equals_scipy(ma, sa, na, mb, sb, nb):
    c = compare_means(mean_a=ma, sd_a=sa, n_a=na, mean_b=mb, sd_b=sb, n_b=nb)
    ref = stats.ttest_ind_from_stats(mb, sb, nb, ma, sa, na, equal_var=False)
    assert c.statistic == pytest.approx(ref.statistic, rel=1e-9, abs=1e-12)
    assert c.p_value == pytest.approx(ref.pvalue, rel=1e-7, abs=1e-300)


samples = st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=2, max_size=60)


@fast
@given(samples, samples, alphas)
def test_welch_interval_on_raw_values_equals_scipy(before, after, alpha):
    assume(np.std(before) > 1e-6 or np.std(after) > 1e-6)
    assume(np.std(before) > 1e-6 and np.std(after) > 1e-6)
    ref = stats.ttest_ind(after, before, equal_var=False)
    lo, hi = ref.confidence_interval(1 - alpha)
    raw = compare_before_after(before=before, after=after, alpha=alpha, autocorrelation=False)
    summary = compare_means(
        mean_a=float(np.mean(before)), sd_a=float(np.std(before, ddof=1)), n_a=len(before),
        mean_b=float(np.mean(after)), sd_b=float(np.std(after, ddof=1)), n_b=len(after),
        alpha=alpha,
    )  # fmt: skip
    for c in (raw, summary):
        assert c.p_value == pytest.approx(ref.pvalue, rel=1e-6, abs=1e-12)
        assert c.df == pytest.approx(ref.df, rel=1e-9)
        scale = max(1.0, abs(lo), abs(hi))
        assert c.difference.lower == pytest.approx(lo, abs=1e-9 * scale)
        assert c.difference.upper == pytest.approx(hi, abs=1e-9 * scale)


@fast
@given(st.lists(st.integers(0, 10**7), min_size=2, max_size=6), st.data())
def test_srm_equals_scipys_chisquare(observed, data):
    assume(sum(observed) > 0)
    weights = data.draw(
        st.lists(st.floats(0.01, 100), min_size=len(observed), max_size=len(observed))
    )
    s = srm_check(observed=observed, planned=weights)
    expected = np.asarray(weights) / sum(weights) * sum(observed)
    ref = stats.chisquare(observed, expected)
    assert s.chi2 == pytest.approx(ref.statistic, rel=1e-9, abs=1e-9)
    assert s.p_value == pytest.approx(ref.pvalue, rel=1e-7, abs=1e-300)


@fast
@given(st.floats(0.01, 10), st.floats(0.1, 10), st.floats(0.1, 10), sizes, sizes, alphas)
def test_welch_power_equals_scipys_noncentral_t(delta, sa, sb, na, nb, alpha):
    got = power_means(sd=sa, sd_b=sb, mde=delta, n_a=na, n_b=nb, alpha=alpha)
    va, vb = sa**2 / na, sb**2 / nb
    df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    crit = stats.t.ppf(1 - alpha / 2, df)
    want = stats.nct.sf(crit, df, delta / math.sqrt(va + vb))
    assert got == pytest.approx(want, rel=1e-6, abs=1e-9)


@fast
@given(st.floats(0.01, 0.9), st.floats(0.001, 0.09), sizes, sizes, alphas)
def test_proportion_power_equals_scipys_normal_reading(p1, delta, na, nb, alpha):
    p2 = p1 + delta
    got = power_proportions(baseline=p1, target=p2, n_a=na, n_b=nb, alpha=alpha)
    pooled = (na * p1 + nb * p2) / (na + nb)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    se1 = math.sqrt(p1 * (1 - p1) / na + p2 * (1 - p2) / nb)
    want = stats.norm.sf(stats.norm.isf(alpha / 2) * se0, loc=delta, scale=se1)
    assert got == pytest.approx(want, rel=1e-8, abs=1e-12)

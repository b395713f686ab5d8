"""Estimates become the distributions the docs promise."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special, stats

from leitstern.engines.cases import Point, Range, ThreePoint, describe_estimate
from leitstern.engines.cases.distributions import (
    Bernoulli,
    Fixed,
    LogNormal,
    Normal,
    Tabulated,
    three_point_ppf,
    to_dist,
)


def test_a_calibrated_range_puts_five_percent_beyond_each_bound():
    for estimate in (Range(10, 40), Range(-5, 15), Range(10, 40, "normal")):
        dist = to_dist(estimate)
        assert dist.at(0.05) == pytest.approx(estimate.lower, rel=1e-9)
        assert dist.at(0.95) == pytest.approx(estimate.upper, rel=1e-9)


def test_auto_shape_is_lognormal_only_when_both_bounds_are_positive():
    assert isinstance(to_dist(Range(10, 40)), LogNormal)
    assert isinstance(to_dist(Range(0, 40)), Normal)
    assert isinstance(to_dist(Range(-1, 40)), Normal)
    assert isinstance(to_dist(Range(10, 40, "normal")), Normal)
    assert isinstance(to_dist(Range(7, 7)), Fixed)
    assert isinstance(to_dist(5), Fixed) and isinstance(to_dist(Point(5)), Fixed)


def test_describe_estimate_gives_the_analytic_moments():
    s = describe_estimate(Range(10, 40))
    assert s.shape == "lognormal"
    assert s.median == pytest.approx(20.0)
    sigma = (math.log(40) - math.log(10)) / (2 * stats.norm.ppf(0.95))
    assert s.mean == pytest.approx(20 * math.exp(sigma**2 / 2))
    assert (s.p5, s.p95, s.base) == pytest.approx((10, 40, 20))
    s = describe_estimate(ThreePoint(10, 20, 60))
    assert s.mean == pytest.approx((10 + 80 + 60) / 6)
    assert s.base == 20
    s = describe_estimate(ThreePoint(10, 20, 60, "triangular"))
    assert s.mean == pytest.approx(30)
    assert s.median == pytest.approx(stats.triang(0.2, loc=10, scale=50).ppf(0.5))
    assert describe_estimate(3).as_dict() == {
        "shape": "point",
        "mean": 3,
        "p5": 3,
        "median": 3,
        "p95": 3,
        "base": 3,
    }


@pytest.mark.parametrize("shape", ["pert", "triangular"])
@pytest.mark.parametrize(("a", "m", "b"), [(0, 1, 10), (5, 5, 9), (1, 8, 8), (-3, 0, 2)])
def test_tabulated_three_point_quantiles_match_the_exact_ones(shape, a, m, b):
    dist = to_dist(ThreePoint(a, m, b, shape))
    assert isinstance(dist, Tabulated)
    z = np.linspace(-6, 6, 20_001)
    exact = three_point_ppf(shape, a, m, b, special.ndtr(z))
    assert np.max(np.abs(dist.sample(z) - exact)) < 1e-6 * (b - a)
    if shape == "triangular":
        c = (m - a) / (b - a)
        reference = stats.triang(c, loc=a, scale=b - a).ppf(special.ndtr(z))
        np.testing.assert_allclose(exact, reference, atol=1e-9)
    else:
        alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
        reference = a + (b - a) * stats.beta(alpha, beta).ppf(special.ndtr(z))
        np.testing.assert_allclose(exact, reference, atol=1e-9 * (b - a))


def test_values_are_clipped_to_the_field_bounds():
    dist = to_dist(Range(0, 10), lo=0.0, hi=math.inf)  # normal: some draws below zero
    z = np.array([-5.0, 0.0, 5.0])
    values = dist.sample(z)
    assert values[0] == 0.0 and values[1] == pytest.approx(5.0)
    share = to_dist(Range(0.3, 0.9), lo=0.0, hi=1.0)  # lognormal past 1
    assert share.sample(np.array([8.0]))[0] == 1.0


def test_yes_no_inputs_follow_their_probability():
    dist = Bernoulli(0.3)
    z = np.random.default_rng(0).standard_normal(200_000)
    assert abs(dist.sample(z).mean() - 0.3) < 4 * math.sqrt(0.21 / 200_000)
    assert (dist.base, dist.at(0.1), dist.at(0.9)) == (0.0, 0.0, 1.0)
    assert Bernoulli(0.5).base == 1.0
    assert not Bernoulli(1.0).uncertain

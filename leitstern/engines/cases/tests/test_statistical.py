"""Monte Carlo against closed forms: sums of normals, percentiles, EVPI (statistical)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from leitstern.engines.cases import (
    Case,
    Correlation,
    Event,
    Range,
    simulate,
)
from leitstern.engines.cases.distributions import Z90

from .helpers import bet, monthly_benefit, one_off

pytestmark = pytest.mark.statistical

COSTS = [(900, 1_100), (4_000, 6_000), (200, 260), (10_000, 13_000)]
GAINS = [(8_000, 9_000), (15_000, 21_000)]


def sd_of(lower: float, upper: float) -> float:
    return (upper - lower) / (2 * Z90)


def sum_of_normals(rate: float = 0.0, correlations=()) -> tuple[Case, float, float]:
    """Normal one-off costs and one-month gains, all in month 1: NPV is a sum of normals.
    Returns the case and the analytic mean and standard deviation of its NPV."""
    costs = tuple(one_off(f"c{i}", Range(lo, hi, "normal")) for i, (lo, hi) in enumerate(COSTS))
    gains = tuple(
        monthly_benefit(f"g{i}", Range(lo, hi, "normal")) for i, (lo, hi) in enumerate(GAINS)
    )
    d = (1 + rate) ** (-1 / 12)
    mean = d * (sum((lo + hi) / 2 for lo, hi in GAINS) - sum((lo + hi) / 2 for lo, hi in COSTS))
    var = d**2 * sum(sd_of(lo, hi) ** 2 for lo, hi in COSTS + GAINS)
    case = Case(
        horizon_months=3,
        discount_rate=rate,
        costs=costs,
        benefits=gains,
        correlations=tuple(correlations),
    )
    return case, mean, math.sqrt(var)


@pytest.mark.parametrize("rate", [0.0, 0.07])
def test_sum_of_normal_inputs_has_the_analytic_mean_and_variance(rate):
    case, mean, sd = sum_of_normals(rate)
    n = 200_000
    result = simulate(case, trials=n, rng=np.random.default_rng(11), sensitivity=False)
    assert abs(result.npv.mean - mean) < 4 * sd / math.sqrt(n)
    variance = result.npv.sd**2
    assert abs(variance - sd**2) < 4 * sd**2 * math.sqrt(2 / (n - 1))


def test_rank_correlation_enters_the_variance_as_two_sin_pi_rho_over_six():
    rho = 0.7
    case, mean, sd = sum_of_normals(correlations=[Correlation("c1.amount", "c3.amount", rho)])
    pearson = 2 * math.sin(math.pi * rho / 6)
    s1, s3 = sd_of(*COSTS[1]), sd_of(*COSTS[3])
    expected = sd**2 + 2 * pearson * s1 * s3  # both are costs: same sign in the NPV
    n = 200_000
    result = simulate(case, trials=n, rng=np.random.default_rng(5), sensitivity=False)
    assert abs(result.npv.mean - mean) < 4 * math.sqrt(expected / n)
    assert abs(result.npv.sd**2 - expected) < 4 * expected * math.sqrt(2 / (n - 1))


@pytest.mark.parametrize("n", [10_000, 40_000, 160_000])
def test_npv_percentiles_converge_to_the_normal_quantiles(n):
    case, mean, sd = sum_of_normals()
    result = simulate(case, trials=n, rng=np.random.default_rng(n), sensitivity=False)
    for key, value in result.npv.percentiles.items():
        q = float(key) / 100
        exact = mean + sd * stats.norm.ppf(q)
        se = math.sqrt(q * (1 - q) / n) / stats.norm.pdf(stats.norm.ppf(q)) * sd
        assert abs(value - exact) < 4 * se, key
    # The fan chart reads the same trials through histograms: month 1 holds everything.
    for key, values in result.fan.levels.items():
        q = float(key) / 100
        exact = mean + sd * stats.norm.ppf(q)
        se = math.sqrt(q * (1 - q) / n) / stats.norm.pdf(stats.norm.ppf(q)) * sd
        assert abs(values[0] - exact) < 4 * se + 1e-3 * sd, key
        assert values[-1] == pytest.approx(values[0])


def test_probability_of_loss_matches_the_normal_cdf():
    case, mean, _ = sum_of_normals()
    shifted = Case(
        horizon_months=3,
        discount_rate=0.0,
        costs=(*case.costs, one_off("extra", mean)),  # centre the NPV on zero
        benefits=case.benefits,
    )
    n = 100_000
    result = simulate(shifted, trials=n, rng=np.random.default_rng(3), sensitivity=False)
    assert abs(result.probability_of_loss - 0.5) < 4 * math.sqrt(0.25 / n)
    assert result.loss_se == pytest.approx(math.sqrt(0.25 / n), rel=0.01)


@pytest.mark.parametrize(("p", "gain", "cost"), [(0.5, 300.0, 100.0), (0.3, 500.0, 100.0)])
def test_evpi_of_a_coin_flip_equals_the_analytic_value(p, gain, cost):
    # Gain `gain` if the event happens, pay `cost` anyway. Without information the expected
    # NPV p*gain - cost decides; knowing the outcome avoids the loss when it does not happen.
    case = Case(
        horizon_months=1,
        discount_rate=0.0,
        events=(Event(key="works", name="It works", probability=p),),
        costs=(one_off("cost", cost),),
        benefits=(monthly_benefit("gain", gain, event="works"),),
    )
    analytic = p * max(gain - cost, 0) - max(p * gain - cost, 0)
    assert analytic > 0
    result = simulate(case, trials=100_000, rng=np.random.default_rng(8))
    (item,) = result.sensitivity
    assert item.key == "events.works"
    assert abs(item.evpi - analytic) < 4 * item.evpi_se
    assert item.evpi_se == pytest.approx(cost * math.sqrt(p * (1 - p) / 100_000), rel=0.05)
    # With one uncertain input, knowing it is knowing everything.
    assert result.evpi == pytest.approx(item.evpi, rel=1e-9)
    assert (item.npv_low, item.npv_high) == (-cost, gain - cost)


def test_evpi_of_a_normal_input_matches_the_closed_form():
    # NPV = X - c with X normal: EVPI = sd * (pdf(d) - |d| * cdf(-|d|)), d = (mean - c) / sd.
    lower, upper, cost = 800.0, 1_400.0, 1_000.0
    mu, sd = (lower + upper) / 2, sd_of(lower, upper)
    d = (mu - cost) / sd
    exact = sd * (stats.norm.pdf(d) - abs(d) * stats.norm.cdf(-abs(d)))
    case = bet(cost=cost, gain=Range(lower, upper, "normal"))
    result = simulate(case, trials=200_000, rng=np.random.default_rng(21), bins=100)
    (item,) = result.sensitivity
    # Grouping into 100 bins loses a little information near the decision point (a small
    # downward bias, well under 1% here); sampling adds the standard error.
    assert abs(item.evpi - exact) < 4 * item.evpi_se + 0.01 * exact
    assert abs(result.evpi - exact) < 4 * result.evpi_se
    # Tornado: the 10th and 90th percentiles of a normal, others at base.
    assert item.npv_low == pytest.approx(mu + stats.norm.ppf(0.1) * sd - cost, rel=1e-9)
    assert item.npv_high == pytest.approx(mu + stats.norm.ppf(0.9) * sd - cost, rel=1e-9)


def test_evpi_of_an_input_that_cannot_change_the_decision_is_zero():
    # The gain always exceeds the cost, whatever the uncertain number turns out to be.
    case = Case(
        horizon_months=1,
        discount_rate=0.0,
        costs=(one_off("cost", Range(100, 200)),),
        benefits=(monthly_benefit("gain", 10_000),),
    )
    result = simulate(case, trials=50_000, rng=np.random.default_rng(2))
    (item,) = result.sensitivity
    assert item.evpi == 0.0
    assert item.evpi_se == 0.0
    assert result.evpi == 0.0
    assert item.swing > 0  # it moves the NPV, just never across zero


def test_evpi_ranks_the_input_that_decides_first():
    # Adoption decides whether this pays; the token price hardly matters.
    case = Case(
        horizon_months=1,
        discount_rate=0.0,
        costs=(one_off("fixed", 1_000), one_off("tokens", Range(10, 30))),
        benefits=(monthly_benefit("adoption", Range(400, 2_000)),),
    )
    result = simulate(case, trials=100_000, rng=np.random.default_rng(4))
    ranked = result.sensitivity_by_evpi()
    assert ranked[0].key == "adoption.amount"
    assert ranked[0].evpi > 10 * ranked[1].evpi
    assert ranked[0].evpi <= result.evpi + 1e-9

"""Monte Carlo converges to the exact answers and is reproducible with a seed."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from leitstern.engines.forecast import how_many, when

from .helpers import TODAY, make_series

AS_OF = date(2026, 11, 20)


def bursty(seed=3, days=180):
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rng.gamma(0.6, 4.0, size=days))
    counts[rng.random(days) < 0.3] = 0
    return make_series(counts, end=AS_OF)


LEVELS = (0.05, 0.25, 0.5, 0.7, 0.85, 0.95, 0.99)


@pytest.mark.statistical
@pytest.mark.parametrize("days", [7, 30, 90])
def test_how_many_converges_to_exact(days):
    series = bursty()
    exact = how_many(series, days=days, today=TODAY, confidences=LEVELS, calibration="none")
    mc = how_many(
        series, days=days, today=TODAY, confidences=LEVELS, calibration="none",
        engine="montecarlo", trials=100_000, rng=np.random.default_rng(7),
    )  # fmt: skip
    for key, value in exact.plain.items():
        assert abs(mc.plain[key] - value) <= 1, key


@pytest.mark.statistical
@pytest.mark.parametrize("items", [20, 150])
def test_when_converges_to_exact(items):
    series = bursty()
    exact = when(series, items=items, today=TODAY, confidences=LEVELS, calibration="none")
    mc = when(
        series, items=items, today=TODAY, confidences=LEVELS, calibration="none",
        engine="montecarlo", trials=100_000, rng=np.random.default_rng(11),
    )  # fmt: skip
    for key, value in exact.plain.items():
        assert abs(mc.plain[key].days - value.days) <= 1, key


@pytest.mark.statistical
def test_scenarios_converge_too():
    series = bursty()
    options = dict(
        items=60, today=TODAY, confidences=LEVELS, calibration="none", split=(1.0, 1.5),
        adjustments=[(AS_OF + timedelta(days=10), 0.8)], working_days=True,
    )  # fmt: skip
    exact = when(series, **options)
    mc = when(series, engine="montecarlo", rng=np.random.default_rng(5), **options)
    for key, value in exact.plain.items():
        assert abs(mc.plain[key].days - value.days) <= 1, key


@pytest.mark.statistical
def test_backlog_growth_converges():
    rng = np.random.default_rng(2)
    done = rng.poisson(3, size=120)
    arrived = rng.poisson(1, size=120)
    series = make_series(done, end=AS_OF, arrived=arrived)
    options = dict(items=80, growth=True, today=TODAY, confidences=LEVELS, calibration="none")
    exact = when(series, **options)
    mc = when(series, engine="montecarlo", rng=np.random.default_rng(9), **options)
    for key, value in exact.plain.items():
        assert abs(mc.plain[key].days - value.days) <= 1, key


def test_a_seed_reproduces_the_answer():
    series = bursty()
    runs = [
        how_many(
            series, days=30, today=TODAY, engine="montecarlo", trials=2_000,
            rng=np.random.default_rng(42),
        ).plain
        for _ in range(2)
    ]  # fmt: skip
    assert runs[0] == runs[1]


def test_it_batches_many_trials_without_holding_them_all():
    series = bursty()
    f = how_many(
        series, days=365, today=TODAY, engine="montecarlo", trials=300_000,
        rng=np.random.default_rng(1), calibration="none",
    )  # fmt: skip
    assert f.probabilities.sum() == pytest.approx(1.0)
    assert len(f.probabilities) < 10_000

"""The exact engine against brute-force enumeration of every possible future."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import numpy as np
import pytest

from leitstern.engines.forecast import exact
from leitstern.engines.forecast.history import Calendar, Sample
from leitstern.engines.forecast.scenarios import Adjustment, Model, Scenario

AS_OF = date(2026, 11, 20)


def model(done, *, arrived=None, growth=False, adjustments=(), teams=None, max_steps=40):
    arrived = np.zeros(len(done), dtype=np.int64) if arrived is None else np.asarray(arrived)
    samples = teams or (Sample(np.asarray(done, dtype=np.int64), arrived),)
    scenario = Scenario(as_of=AS_OF, growth=growth, adjustments=tuple(adjustments))
    return Model.build(tuple(samples), scenario, max_steps=max_steps)


def brute_sum(values, steps, factors=None):
    """P(sum = s) over all len(values)**steps equally likely futures, thinning by factors."""
    out: dict[int, float] = {}
    n = len(values)
    for path in itertools.product(range(n), repeat=steps):
        outcomes = {0: 1.0 / n**steps}
        for step, i in enumerate(path):
            f = 1.0 if factors is None else factors[step]
            whole, frac = int(f // 1), f % 1
            x = values[i]
            nxt: dict[int, float] = {}
            for base, p in outcomes.items():
                # every one of the x items is kept `whole` times plus once with chance frac
                for kept in itertools.product((0, 1), repeat=x):
                    k = sum(kept)
                    q = frac**k * (1 - frac) ** (x - k)
                    v = base + whole * x + k
                    nxt[v] = nxt.get(v, 0.0) + p * q
            outcomes = nxt
        for v, p in outcomes.items():
            out[v] = out.get(v, 0.0) + p
    return out


def as_dict(dist):
    return {dist.offset + i: p for i, p in enumerate(dist.probabilities) if p > 1e-15}


@pytest.mark.parametrize(
    ("values", "steps"),
    [([0, 1, 3], 4), ([2, 0, 0, 5], 3), ([1], 5), ([0, 0, 2], 6), ([4, 1], 7)],
)
def test_how_many_equals_enumeration(values, steps):
    got = as_dict(exact.how_many_distribution(model(values), steps))
    want = brute_sum(values, steps)
    assert got.keys() == {k for k, p in want.items() if p > 1e-15}
    for k, p in want.items():
        assert got.get(k, 0.0) == pytest.approx(p, abs=1e-12)


def test_how_many_with_an_adjustment_equals_enumeration():
    values = [0, 1, 2]
    m = model(values, adjustments=[Adjustment(AS_OF + timedelta(days=3), 0.5)])
    got = as_dict(exact.how_many_distribution(m, 4))
    want = brute_sum(values, 4, factors=[1, 1, 0.5, 0.5])
    for k, p in want.items():
        assert got.get(k, 0.0) == pytest.approx(p, abs=1e-12)


def test_a_factor_above_one_keeps_whole_items():
    values = [1, 2]
    m = model(values, adjustments=[Adjustment(AS_OF + timedelta(days=1), 1.5)])
    got = as_dict(exact.how_many_distribution(m, 2))
    want = brute_sum(values, 2, factors=[1.5, 1.5])
    for k, p in want.items():
        assert got.get(k, 0.0) == pytest.approx(p, abs=1e-12)
    mean = sum(k * p for k, p in got.items())
    assert mean == pytest.approx(1.5 * 1.5 * 2)


@pytest.mark.parametrize(("values", "target"), [([0, 1, 3], 5), ([2, 0, 0, 5], 4), ([1], 3)])
def test_when_equals_enumeration(values, target):
    dist = exact.when_distribution(model(values), np.array([target]), np.array([1.0]), max_steps=40)
    cumulative = np.cumsum(dist.probabilities)
    for d in range(1, 6):
        want = sum(p for s, p in brute_sum(values, d).items() if s >= target)
        got = cumulative[d - 1] if d <= len(cumulative) else cumulative[-1]
        assert got == pytest.approx(want, abs=1e-12)


def test_when_mixes_split_targets_by_their_weights():
    values = [0, 1, 2]
    targets, weights = np.array([2, 3, 4]), np.array([0.2, 0.5, 0.3])
    mixed = exact.when_distribution(model(values), targets, weights, max_steps=60)
    parts = [
        exact.when_distribution(model(values), np.array([t]), np.array([1.0]), max_steps=60)
        for t in targets
    ]
    for d in range(1, 10):
        want = sum(
            w * np.cumsum(p.probabilities)[min(d, len(p.probabilities)) - 1]
            for w, p in zip(weights, parts, strict=True)
        )
        assert np.cumsum(mixed.probabilities)[d - 1] == pytest.approx(want, abs=1e-12)


def test_when_with_backlog_growth_is_the_first_passage():
    done, arrived = [2, 0, 1], [0, 1, 1]
    target = 2
    m = model(done, arrived=arrived, growth=True)
    dist = exact.when_distribution(m, np.array([target]), np.array([1.0]), max_steps=200)
    # Enumerate every path of 5 steps; done once the net progress first reaches the target.
    first = np.zeros(6)
    for path in itertools.product(range(3), repeat=5):
        progress = 0
        for step, i in enumerate(path, start=1):
            progress += done[i] - arrived[i]
            if progress >= target:
                first[step] += 1 / 3**5
                break
    assert dist.probabilities[:5] == pytest.approx(first[1:], abs=1e-12)


def test_several_teams_add_their_throughput():
    a = Sample(np.array([0, 1]), np.zeros(2, dtype=np.int64))
    b = Sample(np.array([2, 3]), np.zeros(2, dtype=np.int64))
    got = as_dict(exact.how_many_distribution(model([0], teams=(a, b)), 2))
    want: dict[int, float] = {}
    for x in itertools.product([0, 1], [0, 1], [2, 3], [2, 3]):
        want[sum(x)] = want.get(sum(x), 0.0) + 1 / 16
    assert got == pytest.approx(want)


def test_large_horizons_stay_normalised_and_report_truncation():
    rng = np.random.default_rng(1)
    values = rng.poisson(3, size=180)
    dist = exact.how_many_distribution(model(values), 365)
    assert dist.probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    assert dist.truncated < 1e-9
    mean = dist.offset + np.arange(len(dist.probabilities)) @ dist.probabilities
    assert mean == pytest.approx(365 * values.mean(), rel=1e-9)


def test_weekly_steps_end_on_whole_weeks():
    dates = Calendar().step_dates(AS_OF, 2, unit="week")
    assert [str(d) for d in dates] == ["2026-11-27", "2026-12-04"]


def test_working_day_steps_skip_weekends_and_holidays():
    cal = Calendar(working_days=True, holidays=(date(2026, 11, 23),))
    dates = [str(d) for d in cal.step_dates(date(2026, 11, 20), 3)]  # a Friday
    assert dates == ["2026-11-24", "2026-11-25", "2026-11-26"]
    assert cal.steps_until(date(2026, 11, 20), date(2026, 11, 30)) == 5

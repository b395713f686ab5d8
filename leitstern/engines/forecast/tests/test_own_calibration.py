"""Own-history calibration gives exactly what replaying every past cut one by one gives.

The reference below is the straightforward computation: ``outcomes`` replays each weekly
cut with its own model and trimmed repeated squaring, ``_own_map`` learns the map and
``_rolling_maps`` gives the map each cut had, one ``learn_map`` per cut. The engine must
agree with it to the last bit: same map, same hit rates, same calibrated answers.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from leitstern.engines.forecast import daily_series, how_many, parse_items, when
from leitstern.engines.forecast.backtest import _own_map, _rolling_maps, outcomes
from leitstern.engines.forecast.calibration import (
    _EPS,
    label,
    read_at_least,
    reference_map,
)
from leitstern.engines.forecast.own import CACHE, risky, rolling_levels
from leitstern.engines.forecast.replay import max_error, replay
from leitstern.engines.forecast.scenarios import Scenario

from .helpers import TODAY, make_series, shared_file

LEVELS = (0.5, 0.7, 0.85, 0.9, 0.95)


def reference(series, *, as_of, days, window, confidences):
    """The calibration replayed cut by cut: ``(map, hit_rates, cuts)``, or ``None`` when
    there are too few cuts and the reference map applies."""
    d = round(min(max(days, 7), 365))
    fallback = reference_map(window_days=window, horizon_days=days)
    past = outcomes(
        series.upto(as_of), days=d, scenario=Scenario(as_of=as_of, window=window),
        last_cut=as_of - timedelta(days=d), limit=156,
    )  # fmt: skip
    if len(past) < 52:
        return None
    g = np.array([o.g for o in past])
    maps = _rolling_maps(past, d, fallback)
    hit_rates = {
        "plain": {label(c): float(np.mean(g < c)) for c in confidences},
        "calibrated": {
            label(c): float(np.mean([gi < m.level(c) for gi, (_, m) in zip(g, maps, strict=True)]))
            for c in confidences
        },
    }
    return _own_map(g, fallback, d), hit_rates, len(past)


def assert_same_as_reference(series, *, as_of, days, window=180, confidences=LEVELS):
    CACHE.clear()
    f = how_many(series, days=days, as_of=as_of, window=window, confidences=confidences,
                 today=TODAY)  # fmt: skip
    expected = reference(series, as_of=as_of, days=days, window=window, confidences=confidences)
    if expected is None:
        assert f.calibration.source == "reference"
        return f
    level_map, hit_rates, cuts = expected
    assert f.calibration.source == "own"
    assert f.calibration.map == level_map
    assert f.calibration.hit_rates == hit_rates
    assert f.calibration.cuts == cuts
    for c in confidences:
        assert f.calibrated[label(c)] == read_at_least(f.at_least, f.counts[0], level_map.level(c))
    return f


def history(name):
    return daily_series(parse_items(shared_file(f"{name}.csv"), today=TODAY).items)


@pytest.mark.parametrize("name", ["flask_prs", "kafka_jira", "numpy_prs", "pytest_prs"])
@pytest.mark.shared_data
def test_it_calibrates_real_histories_exactly_as_the_cut_by_cut_replay(name):
    series = history(name)
    for as_of, days, window in [
        (series.end, 30, 180),
        (series.end - timedelta(days=100), 14, 90),
        (series.end - timedelta(days=10), 90, 365),
    ]:
        f = assert_same_as_reference(series, as_of=as_of, days=days, window=window)
        assert f.calibration.source == "own"


@pytest.mark.shared_data
def test_it_calibrates_when_forecasts_exactly_as_the_cut_by_cut_replay():
    series = history("numpy_prs")
    as_of = date(2026, 8, 20)
    CACHE.clear()
    w = when(series, items=150, as_of=as_of, confidences=LEVELS, today=TODAY)
    median = float(w.plain["50"].days)
    level_map, hit_rates, cuts = reference(
        series, as_of=as_of, days=median, window=180, confidences=LEVELS
    )
    assert (w.calibration.map, w.calibration.hit_rates, w.calibration.cuts) == (
        level_map, hit_rates, cuts,
    )  # fmt: skip


def large_team(shape: str, *, days: int = 3 * 365) -> np.ndarray:
    """Daily counts of a team finishing about 90 items a day for three years."""
    rng = np.random.default_rng(11)
    if shape == "poisson":
        return rng.poisson(91, days)
    if shape == "bursty":  # negative binomial: the spread of a real team, sd about 40 a day
        return rng.negative_binomial(5, 5 / 95, days)
    return rng.poisson(np.where(np.arange(days) % 7 < 5, 125, 5))  # quiet weekends


@pytest.mark.statistical
@pytest.mark.parametrize("shape", ["poisson", "bursty", "weekdays"])
def test_it_calibrates_large_teams_exactly_as_the_cut_by_cut_replay(shape):
    series = make_series(large_team(shape))
    f = assert_same_as_reference(series, as_of=series.end, days=30)
    assert f.calibration.source == "own" and f.calibration.cuts > 100
    CACHE.clear()
    w = when(series, items=5000, as_of=series.end, confidences=LEVELS, today=TODAY)
    median = float(w.plain["50"].days)
    expected = reference(series, as_of=series.end, days=median, window=180, confidences=LEVELS)
    assert (w.calibration.map, w.calibration.hit_rates, w.calibration.cuts) == expected


@pytest.mark.statistical
def test_the_fast_replay_stays_within_its_error_bound_for_a_large_team():
    series = make_series(large_team("bursty"))
    as_of = series.end
    for days in (30, 220):
        scenario = Scenario(as_of=as_of, window=180)
        last = as_of - timedelta(days=days)
        past = outcomes(series, days=days, scenario=scenario, last_cut=last, limit=156)
        fast = replay(series, days=days, scenario=scenario, last_cut=last, limit=156)
        assert fast is not None and fast.cuts == tuple(o.cut for o in past)
        gap = np.abs(fast.g - np.array([o.g for o in past])).max()
        assert gap < max_error(days) / 10


@pytest.mark.shared_data
def test_the_fast_replay_stays_within_its_error_bound_on_real_histories():
    series = history("kafka_jira")
    as_of = date(2026, 8, 20)
    for days in (7, 30, 365):
        scenario = Scenario(as_of=as_of, window=180)
        last = as_of - timedelta(days=days)
        past = outcomes(series.upto(as_of), days=days, scenario=scenario, last_cut=last,
                        limit=156)  # fmt: skip
        fast = replay(series.upto(as_of), days=days, scenario=scenario, last_cut=last, limit=156)
        assert fast is not None and fast.cuts == tuple(o.cut for o in past)
        gap = np.abs(fast.g - np.array([o.g for o in past])).max()
        assert gap < max_error(days) / 10  # the bound is loose, never tight


@pytest.mark.shared_data
def test_rolling_levels_are_the_levels_of_the_rolling_maps_to_the_last_bit():
    series = history("pytest_prs")
    as_of, days = date(2026, 8, 20), 30
    past = outcomes(series.upto(as_of), days=days, scenario=Scenario(as_of=as_of, window=180),
                    last_cut=as_of - timedelta(days=days), limit=156)  # fmt: skip
    fallback = reference_map(window_days=180, horizon_days=days)
    maps = _rolling_maps(past, days, fallback)
    levels = rolling_levels([o.cut for o in past], np.array([o.g for o in past]), days=days,
                            fallback=fallback, confidences=LEVELS)  # fmt: skip
    expected = np.array([[m.level(c) for c in LEVELS] for _, m in maps])
    assert np.array_equal(levels, expected)
    assert any(source == "own" for source, _ in maps)


def test_it_flags_past_forecasts_next_to_a_point_where_an_answer_could_flip():
    margin = max_error(30)
    step = 0.1234565 - _EPS  # learn_map rounds 0.1234565 to six decimals
    g = np.array([0.85, 0.85 + margin / 2, step, 0.3, 0.2, 0.6])
    levels = np.tile([0.5, 0.92], (len(g), 1))
    levels[3, 1] = 0.3
    flagged = risky(g, levels, (0.5, 0.85), margin)
    assert flagged.tolist() == [True, True, True, True, False, False]


def test_the_cache_answers_repeated_forecasts_and_hands_out_copies():
    series = make_series(np.random.default_rng(3).poisson(3, 900))
    CACHE.clear()
    first = how_many(series, days=30, today=TODAY)
    first.calibration.hit_rates["plain"]["85"] = -1.0
    again = how_many(series, days=30, today=TODAY)
    assert again.calibration.source == "own"
    assert again.calibration.hit_rates["plain"]["85"] >= 0.0
    assert again.calibration.map == first.calibration.map
    counts = series.done.copy()
    counts[-400:-300] = 0  # a quiet spell: the past forecasts change
    changed = make_series(counts)
    other = how_many(changed, days=30, today=TODAY)
    assert other.calibration != again.calibration
    level_map, hit_rates, _ = reference(changed, as_of=changed.end, days=30, window=180,
                                        confidences=(0.5, 0.7, 0.85, 0.95))  # fmt: skip
    assert (other.calibration.map, other.calibration.hit_rates) == (level_map, hit_rates)


fast = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.statistical
@fast
@given(
    st.integers(0, 2**32 - 1),
    st.floats(0.3, 6.0),
    st.floats(0.0, 0.3),
    st.integers(420, 800),
    st.sampled_from([7, 14, 30, 60]),
    st.sampled_from([30, 90, 180]),
)
def test_it_calibrates_generated_histories_exactly_as_the_cut_by_cut_replay(
    seed, rate, bursts, length, days, window
):
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rate, length) + rng.binomial(1, bursts, length) * rng.poisson(8, length)
    series = make_series(counts)
    assert_same_as_reference(series, as_of=series.end, days=days, window=window)


@pytest.mark.statistical
@fast
@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=21),
    st.integers(0, 6),
    st.sampled_from([7, 30]),
)
def test_it_calibrates_repetitive_histories_exactly_as_the_cut_by_cut_replay(pattern, shift, days):
    # Repeating patterns give exact ties and round probabilities (0.5, 0.25, ...): the
    # values where a slightly different g would flip an answer.
    assume(3 * sum(v > 0 for v in pattern) >= len(pattern))  # enough days with completions
    counts = np.resize(np.array(pattern), 600 + shift)
    series = make_series(counts)
    assert_same_as_reference(series, as_of=series.end, days=days, window=30,
                             confidences=(0.25, 0.5, 0.75, 0.85))  # fmt: skip

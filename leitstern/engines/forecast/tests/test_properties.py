"""Invariants that hold for every history (hypothesis)."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leitstern.engines.forecast import ForecastInputError, how_many, when
from leitstern.engines.forecast.calibration import GRID, learn_map

from .helpers import TODAY, make_series

AS_OF = date(2026, 11, 20)
LEVELS = (0.1, 0.3, 0.5, 0.7, 0.85, 0.9, 0.95, 0.99)

histories = st.lists(st.integers(0, 12), min_size=1, max_size=60)
fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _series(counts):
    return make_series(counts, end=AS_OF)


@fast
@given(histories, st.integers(1, 120))
def test_how_many_falls_as_confidence_rises(counts, days):
    if not any(counts):
        return
    f = how_many(_series(counts), days=days, confidences=LEVELS, today=TODAY, calibration="none")
    values = [f.plain[k] for k in f.plain]
    assert values == sorted(values, reverse=True)


@fast
@given(histories, st.integers(1, 60), st.integers(1, 60))
def test_how_many_grows_with_the_horizon(counts, a, b):
    if not any(counts):
        return
    short, long = sorted((a, b))
    f = how_many(_series(counts), days=short, today=TODAY, calibration="none")
    g = how_many(_series(counts), days=long, today=TODAY, calibration="none")
    assert all(f.plain[k] <= g.plain[k] for k in f.plain)


@fast
@given(histories, st.integers(1, 80), st.integers(1, 80))
def test_when_grows_with_the_items_and_with_confidence(counts, a, b):
    if not any(counts):
        return
    few, many = sorted((a, b))
    f = when(_series(counts), items=few, confidences=LEVELS, today=TODAY, calibration="none")
    g = when(_series(counts), items=many, confidences=LEVELS, today=TODAY, calibration="none")
    days_f = [f.plain[k].days for k in f.plain]
    assert days_f == sorted(days_f)
    assert all(f.plain[k].days <= g.plain[k].days for k in f.plain)


@fast
@given(histories, st.integers(1, 90))
def test_calibrated_is_never_narrower_than_plain_at_upper_levels(counts, days):
    if not any(counts):
        return
    series = _series(counts)
    for mode in ("reference", "widen", "auto"):
        f = how_many(series, days=days, today=TODAY, calibration=mode, confidences=LEVELS)
        assert all(f.calibrated[k] <= f.plain[k] for k in f.plain if float(k) >= 70)
        w = when(series, items=days, today=TODAY, calibration=mode, confidences=LEVELS)
        assert all(
            w.calibrated[k] is None or w.calibrated[k].days >= w.plain[k].days
            for k in w.plain
            if float(k) >= 70
        )


@fast
@given(st.integers(1, 400), st.integers(1, 365))
def test_all_zero_histories_are_refused(length, days):
    try:
        how_many(_series([0] * length), days=days, today=TODAY)
    except ForecastInputError as err:
        assert err.code == "no_completions"
    else:
        raise AssertionError("an all-zero history must not give an answer")


@fast
@given(st.integers(1, 30), st.integers(1, 200))
def test_a_single_day_history_is_deterministic(count, items):
    f = when(_series([count]), items=items, today=TODAY, calibration="none")
    expected = -(-items // count)
    assert {v.days for v in f.plain.values()} == {expected}


@fast
@given(st.lists(st.floats(0, 1), min_size=5, max_size=300))
def test_learned_maps_are_monotone_and_widen_upper_levels(g):
    m = learn_map(np.array(g))
    assert list(m.read) == sorted(m.read)
    assert all(r >= c for c, r in zip(GRID, m.read, strict=True) if c >= 0.7)

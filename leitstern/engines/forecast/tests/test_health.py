"""Stale histories and shifts in throughput: warned about, with a suggestion, and quiet
where nothing changed."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from leitstern.engines.forecast import daily_series, how_many, parse_items, when
from leitstern.engines.forecast.health import pettitt, shift_warning, stale_warning

from .helpers import TODAY, make_series, shared_file

NAMES = ("flask_prs", "kafka_jira", "numpy_prs", "pytest_prs")


def history(name):
    return daily_series(parse_items(shared_file(f"{name}.csv"), today=TODAY).items)


def test_pettitt_finds_the_split_its_definition_gives():
    rng = np.random.default_rng(4)
    x = rng.poisson(3, 30).astype(float)
    k, p = pettitt(x)
    # U_k = sum over i < k <= j of sign(x_i - x_j), straight from the definition.
    u = [sum(np.sign(x[i] - x[j]) for i in range(m) for j in range(m, 30)) for m in range(1, 30)]
    assert k == 1 + int(np.argmax(np.abs(u)))
    assert p == pytest.approx(min(1.0, 2 * np.exp(-6 * max(np.abs(u)) ** 2 / (30**3 + 30**2))))


def test_a_clear_drop_in_throughput_is_found_with_a_window_after_it():
    rng = np.random.default_rng(1)
    done = np.r_[rng.poisson(3, 110), rng.poisson(1, 70)]
    found = shift_warning(done, first=date(2026, 1, 1))
    assert found is not None and found.code == "throughput_shift"
    since = date.fromisoformat(found.params["since"])
    assert abs((since - date(2026, 1, 1)).days - 110) <= 14
    assert found.params["suggested_window_start"] == found.params["since"]
    assert found.params["before"] > 2 * found.params["after"]


def test_forecasts_carry_the_shift_warning_and_name_the_team():
    rng = np.random.default_rng(2)
    shifted = make_series(np.r_[rng.poisson(1, 500), rng.poisson(4, 80)])
    steady = make_series(rng.poisson(2, 580))
    f = how_many([steady, shifted], days=30, today=TODAY)
    assert [(w.code, w.params["team"]) for w in f.warnings] == [("throughput_shift", 2)]
    alone = when(shifted, items=50, today=TODAY)
    assert "throughput_shift" in [w.code for w in alone.warnings]


@pytest.mark.parametrize("seed", range(5))
def test_steady_throughput_raises_no_alarm(seed):
    rng = np.random.default_rng(seed)
    for done in (
        rng.poisson(3, 180),
        rng.poisson(0.3, 180),
        rng.negative_binomial(0.5, 0.5 / 3.5, 180),  # bursty
        rng.poisson(np.where(np.arange(180) % 7 < 5, 4, 0.2)),  # quiet weekends
    ):
        assert shift_warning(done, first=date(2026, 1, 1)) is None


@pytest.mark.statistical
def test_alarms_on_generated_steady_histories_are_rare():
    rng = np.random.default_rng(9)
    alarms = sum(
        shift_warning(rng.negative_binomial(1, 1 / 3, 180), first=date(2026, 1, 1)) is not None
        for _ in range(500)
    )
    assert alarms <= 5  # at most 1%


@pytest.mark.statistical
@pytest.mark.shared_data
def test_on_real_histories_it_speaks_about_real_changes_only():
    # At every weekly cut of the shared histories, the 180-day window as it is and with its
    # weeks shuffled (same weeks, no change by construction).
    rng = np.random.default_rng(0)
    fired = shuffled = total = 0
    for name in NAMES:
        s = history(name)
        for k in range(0, len(s.done) - 180, 7):
            window = s.done[k : k + 180]
            if np.count_nonzero(window) < 10:
                continue
            total += 1
            fired += shift_warning(window, first=s.start + timedelta(days=k)) is not None
            weeks = window[5:].reshape(-1, 7)
            mixed = weeks[rng.permutation(len(weeks))].ravel()
            shuffled += shift_warning(mixed, first=s.start) is not None
    assert shuffled / total < 0.01
    assert 0.02 < fired / total < 0.15  # real histories do change, now and then


def test_a_history_that_stopped_long_ago_is_stale_with_the_last_completion_suggested():
    rng = np.random.default_rng(3)
    series = make_series(rng.poisson(2, 400), end=date(2026, 9, 1))
    f = how_many(series, days=30, as_of=date(2026, 10, 31), today=TODAY)
    stale = [w for w in f.warnings if w.code == "stale_history"]
    assert len(stale) == 1 and stale[0].params["days"] >= 60
    last = series.start + timedelta(days=int(np.flatnonzero(series.done)[-1]))
    assert stale[0].params["suggested_as_of"] == last.isoformat()
    assert "throughput_shift" not in [w.code for w in f.warnings]  # said once, not twice
    fresh = how_many(series, days=30, as_of=last, today=TODAY)
    assert "stale_history" not in [w.code for w in fresh.warnings]


def test_a_sparse_team_is_not_stale_after_a_quiet_month():
    # A team that finishes something on one day in twenty: 40 quiet days are ordinary.
    counts = np.zeros(400, dtype=np.int64)
    counts[::20] = 1
    series = make_series(counts, end=date(2026, 9, 1))
    last = series.start + timedelta(days=int(np.flatnonzero(counts)[-1]))
    assert stale_warning(series, as_of=last + timedelta(days=40)) is None
    assert stale_warning(series, as_of=last + timedelta(days=200)) is not None


@pytest.mark.shared_data
def test_a_real_export_read_months_later_is_stale():
    series = history("numpy_prs")  # ends 2026-08-21
    found = stale_warning(series, as_of=date(2026, 11, 20))
    assert found is not None and found.params["suggested_as_of"] == "2026-08-21"
    assert stale_warning(series, as_of=date(2026, 8, 21)) is None

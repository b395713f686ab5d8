"""Backtests and calibration on the shared open-source histories."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from leitstern.engines.forecast import ForecastInputError, backtest, daily_series, parse_items
from leitstern.engines.forecast.backtest import outcomes
from leitstern.engines.forecast.calibration import learn_map, reference_map
from leitstern.engines.forecast.scenarios import Scenario

from .helpers import TODAY, make_series, shared_file

NAMES = ("flask_prs", "kafka_jira", "numpy_prs", "pytest_prs")


def history(name):
    return daily_series(parse_items(shared_file(f"{name}.csv"), today=TODAY).items)


@pytest.mark.statistical
@pytest.mark.shared_data
def test_calibrated_forecasts_hold_on_histories_they_were_not_learned_on():
    g = {}
    for name in NAMES:
        series = history(name)
        found = outcomes(
            series, days=30, scenario=Scenario(as_of=series.end, window=180),
            last_cut=series.end - timedelta(days=30), step=14,
        )  # fmt: skip
        g[name] = np.array([o.g for o in found])
    plain, calibrated = [], []
    for held in NAMES:
        train = [g[n] for n in NAMES if n != held]
        weights = np.concatenate([np.full(len(x), 1 / len(x)) for x in train])
        level_map = learn_map(np.concatenate(train), weights=weights)
        plain.append([np.mean(g[held] < c) for c in (0.85, 0.95)])
        calibrated.append([np.mean(g[held] < level_map.level(c)) for c in (0.85, 0.95)])
    plain_85, plain_95 = np.mean(plain, axis=0)
    cal_85, cal_95 = np.mean(calibrated, axis=0)
    assert plain_85 < 0.80 and plain_95 < 0.90  # the plain model is over-confident
    assert abs(cal_85 - 0.85) < 0.04 and abs(cal_95 - 0.95) < 0.03


@pytest.mark.statistical
@pytest.mark.shared_data
def test_backtest_reports_hit_rates_and_scores_on_a_real_history():
    series = history("numpy_prs")
    b = backtest(series, days=30, as_of=date(2026, 8, 20), today=TODAY)
    assert len(b.cuts) > 500
    assert set(b.hit_rates) == {"plain", "calibrated"}
    assert b.hit_rates["plain"]["85"] < 0.82
    assert abs(b.hit_rates["calibrated"]["85"] - 0.85) < 0.05
    assert abs(b.hit_rates["calibrated"]["95"] - 0.95) < 0.04
    assert b.crps["calibrated"] <= b.crps["plain"] * 1.02
    cut = b.cuts[-1]
    assert cut.cut <= date(2026, 8, 20) - timedelta(days=30)
    assert (cut.actual >= cut.plain["85"]) == (cut.g < 0.85)
    assert b.as_dict()["hit_rates"]["plain"]["85"] == b.hit_rates["plain"]["85"]


def test_a_backtest_needs_enough_cuts():
    series = make_series(np.full(200, 2), end=date(2026, 11, 20))
    with pytest.raises(ForecastInputError) as err:
        backtest(series, today=TODAY)
    assert err.value.code == "too_few_cuts"


def test_a_backtest_uses_only_cuts_whose_outcome_is_known():
    series = make_series(np.random.default_rng(0).poisson(2, 900), end=date(2026, 11, 20))
    b = backtest(series, days=30, today=TODAY)
    assert b.cuts[-1].cut == date(2026, 11, 20) - timedelta(days=30)  # as-of: yesterday
    assert all(b.cuts[i].cut < b.cuts[i + 1].cut for i in range(len(b.cuts) - 1))


def test_reference_maps_widen_the_upper_levels():
    m = reference_map(window_days=180, horizon_days=30)
    assert m.level(0.85) > 0.9 and m.level(0.95) > 0.97
    assert m.inverse(m.level(0.85)) == pytest.approx(0.85)


def test_calibration_never_makes_an_answer_bolder():
    # Past forecasts that came true too often at every level: a learned map would read
    # lower levels (bolder answers); it reads the plain level instead, from 50% down too.
    g = np.random.default_rng(1).uniform(0, 0.6, 400)
    m = learn_map(g)
    for c in (0.05, 0.2, 0.35, 0.45):
        assert m.level(c) == pytest.approx(c)
    for c in (0.5, 0.7, 0.85, 0.95):
        assert m.level(c) >= c


def test_a_small_past_is_read_further_out_than_its_share():
    from leitstern.engines.forecast.calibration import targets

    g = np.linspace(0.001, 0.999, 40)
    many, few = learn_map(g), learn_map(g, effective=10)
    assert few.level(0.85) > many.level(0.85)
    assert targets(10)[list(targets(None)).index(0.95)] == 1.0  # 0.95 * 11 / 10 > 1

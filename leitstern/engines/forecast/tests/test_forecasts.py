"""The three questions: conventions, scenarios, errors and never looking past the as-of date."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from leitstern.engines.forecast import (
    ForecastInputError,
    chance,
    daily_series,
    how_many,
    parse_items,
    when,
)

from .helpers import TODAY, make_series, shared_file

AS_OF = date(2026, 11, 20)


def steady(days=180, seed=0):
    return make_series(np.random.default_rng(seed).poisson(2.0, size=days), end=AS_OF)


def test_how_many_at_85_is_smaller_than_at_50():
    f = how_many(steady(), days=30, today=TODAY)
    assert f.plain["85"] < f.plain["50"]
    assert f.at_least[f.counts == f.plain["85"]][0] >= 0.85
    assert f.at_least[f.counts == f.plain["85"] + 1][0] < 0.85


def test_when_at_85_is_later_than_at_50():
    f = when(steady(), items=50, today=TODAY)
    assert f.plain["85"].date > f.plain["50"].date
    step = int(np.flatnonzero(f.days == f.plain["85"].days)[0])
    assert f.cumulative[step] >= 0.85 > f.cumulative[step - 1]
    assert f.plain["85"].date == AS_OF + timedelta(days=f.plain["85"].days)


def test_chance_reads_the_cumulative_curve():
    series = steady()
    f = when(series, items=50, today=TODAY)
    by = f.plain["70"].date
    c = chance(series, items=50, by=by, today=TODAY)
    assert c.probability >= 0.70
    assert c.probability == pytest.approx(f.cumulative[f.plain["70"].days - 1])


def test_day_one_is_the_day_after_the_as_of_date_and_the_default_is_yesterday():
    f = how_many(steady(), days=1, today=TODAY)
    assert f.scenario.as_of == TODAY - timedelta(days=1)
    assert f.end == TODAY
    assert f.window.end == f.scenario.as_of and f.window.days == 180


@pytest.mark.shared_data
def test_a_forecast_never_reads_data_after_the_as_of_date():
    path = shared_file("pytest_prs.csv")
    items = parse_items(path, today=TODAY).items
    as_of = date(2024, 6, 30)
    full = daily_series(items)
    cut = daily_series([i for i in items if i.done <= as_of])
    a = how_many(full, days=30, as_of=as_of, today=TODAY)
    b = how_many(cut, days=30, as_of=as_of, today=TODAY)
    assert a.calibration.source == "own"
    assert (a.plain, a.calibrated) == (b.plain, b.calibrated)
    assert a.calibration.map == b.calibration.map
    w1 = when(full, items=40, as_of=as_of, today=TODAY)
    w2 = when(cut, items=40, as_of=as_of, today=TODAY)
    assert (w1.plain, w1.calibrated) == (w2.plain, w2.calibrated)


def test_the_window_can_be_a_date_range():
    f = how_many(steady(), days=10, window=None, window_start=date(2026, 10, 1), today=TODAY)
    assert f.window.start == date(2026, 10, 1) and f.window.days == 51


def test_working_days_leave_weekends_out_of_history_and_future():
    # Work only on weekdays, two items each; weekend days have nothing.
    days = [AS_OF - timedelta(days=i) for i in range(179, -1, -1)]
    counts = [0 if d.weekday() >= 5 else 2 for d in days]
    series = make_series(counts, end=AS_OF)
    f = how_many(series, days=14, working_days=True, today=TODAY, calibration="none")
    assert f.plain == dict.fromkeys(("50", "70", "85", "95"), 20)  # 10 working days x 2
    g = how_many(series, days=14, today=TODAY, calibration="none")
    assert g.plain["50"] == 20 and g.plain["95"] < 20  # calendar days mix in empty days


def test_weekly_sampling_uses_whole_weeks():
    f = how_many(steady(), days=30, unit="week", today=TODAY)
    assert f.steps == 4
    assert [w.code for w in f.warnings] == ["horizon_rounded"]
    assert f.window.samples == 25


def test_a_throughput_adjustment_lowers_the_forecast():
    base = how_many(steady(), days=60, today=TODAY, calibration="none")
    fewer = how_many(
        steady(), days=60, adjustments=[(AS_OF + timedelta(days=31), 0.5)], today=TODAY,
        calibration="none",
    )  # fmt: skip
    assert fewer.plain["50"] < base.plain["50"]
    mean = lambda f: float(f.counts @ f.probabilities)  # noqa: E731
    assert mean(fewer) == pytest.approx(mean(base) * 0.75, rel=1e-6)


def test_two_teams_finish_sooner_than_one():
    one = when(steady(seed=1), items=100, today=TODAY)
    two = when([steady(seed=1), steady(seed=2)], items=100, today=TODAY)
    assert two.plain["85"].days < one.plain["85"].days
    assert len(two.windows) == 2


def test_splitting_items_delays_the_date():
    base = when(steady(), items=40, today=TODAY, calibration="none")
    split = when(steady(), items=40, split=(1.5, 2.0), today=TODAY, calibration="none")
    assert split.plain["50"].days > base.plain["50"].days


def test_backlog_growth_delays_the_date_and_needs_creation_dates():
    done = np.random.default_rng(0).poisson(2.0, size=180)
    arrived = np.random.default_rng(1).poisson(0.5, size=180)
    series = make_series(done, end=AS_OF, arrived=arrived)
    base = when(series, items=40, today=TODAY, calibration="none")
    grow = when(series, items=40, growth=True, today=TODAY, calibration="none")
    assert grow.plain["50"].days > base.plain["50"].days
    with pytest.raises(ForecastInputError) as err:
        when(steady(), items=40, growth=True, today=TODAY)
    assert err.value.code == "invalid_option"
    with pytest.raises(ForecastInputError) as err:
        when(series, items=40, growth=True, split=(1, 2), today=TODAY)
    assert err.value.code == "exact_unsupported"


def test_a_growing_backlog_is_flagged():
    series = make_series([1, 0] * 90, end=AS_OF, arrived=[1, 1] * 90)
    f = when(series, items=5, growth=True, max_days=200, today=TODAY, calibration="none")
    codes = {w.code for w in f.warnings}
    assert {"backlog_not_shrinking", "not_finished_within_horizon"} <= codes
    assert f.plain["95"] is None


def test_few_days_with_completions_warn():
    counts = np.zeros(180, dtype=np.int64)
    counts[-5:] = 3
    f = how_many(make_series(counts, end=AS_OF), days=30, today=TODAY)
    assert [w.code for w in f.warnings] == ["few_completion_days"]


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda s: how_many(s, days=0, today=TODAY), "invalid_days"),
        (lambda s: when(s, items=0, today=TODAY), "invalid_items"),
        (lambda s: when(s, items=-3, today=TODAY), "invalid_items"),
        (lambda s: when(s, items=10, done=10, today=TODAY), "target_met"),
        (lambda s: how_many(s, days=5, as_of=date(2027, 1, 1), today=TODAY), "future_date"),
        (lambda s: how_many(s, days=5, confidences=[1.2], today=TODAY), "invalid_confidence"),
        (lambda s: how_many(s, days=5, engine="magic", today=TODAY), "invalid_option"),
        (lambda s: chance(s, items=5, by=date(2026, 1, 1), today=TODAY), "invalid_option"),
        (lambda s: how_many(s, days=5, as_of=date(2026, 1, 1), today=TODAY), "no_completions"),
    ],
)
def test_impossible_questions_raise_a_coded_error(call, code):
    series = make_series(np.r_[np.zeros(100), np.full(200, 2)].astype(int), end=AS_OF)
    with pytest.raises(ForecastInputError) as err:
        call(series)
    assert err.value.code == code
    assert err.value.message


def test_an_all_zero_window_is_an_error_not_a_zero():
    with pytest.raises(ForecastInputError) as err:
        how_many(make_series(np.zeros(200, dtype=int), end=AS_OF), days=5, today=TODAY)
    assert err.value.code == "no_completions"


def test_a_single_day_history_works():
    f = how_many(make_series([3], end=AS_OF), days=10, today=TODAY)
    assert f.plain == dict.fromkeys(("50", "70", "85", "95"), 30)
    w = when(make_series([3], end=AS_OF), items=10, today=TODAY)
    assert w.plain["50"].days == 4


def test_results_serialise_to_the_documented_json():
    f = when(steady(), items=30, today=TODAY)
    d = f.as_dict()
    assert set(d["plain"]) == {"50", "70", "85", "95"}
    assert set(d["plain"]["85"]) == {"days", "date"}
    assert {"start", "end", "days", "days_with_completions"} <= set(d["window"])
    assert isinstance(d["warnings"], list)
    h = how_many(steady(), days=30, today=TODAY).as_dict()
    assert isinstance(h["calibrated"]["95"], int)

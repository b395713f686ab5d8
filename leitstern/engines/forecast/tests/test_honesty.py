"""Every answer says how far its calibration can be trusted, in the result, the JSON and the
command line."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from leitstern.engines.forecast import how_many, when
from leitstern.engines.forecast.cli import main

from .helpers import TODAY, make_series, shared_file


def steady():
    return make_series(np.random.default_rng(5).poisson(3, 900))


def test_a_month_ahead_the_calibration_is_checked_with_its_held_out_hit_rates():
    f = how_many(steady(), days=30, today=TODAY)
    assert f.honesty.checked and f.honesty.limits == ()
    assert f.honesty.horizon_days == 30
    assert 0.83 <= f.honesty.hit_rates["85"] <= 0.87
    assert 0.93 <= f.honesty.hit_rates["95"] <= 0.97
    assert f.as_dict()["honesty"]["checked"] is True


def test_half_a_year_ahead_the_answer_says_it_is_rough():
    f = how_many(steady(), days=180, today=TODAY)
    assert not f.honesty.checked
    (limit,) = f.honesty.limits
    assert limit.code == "horizon_unchecked"
    assert limit.params["hit_95"] < 93 and limit.params["checked_days"] == 180
    beyond = how_many(steady(), days=400, today=TODAY)
    assert [w.code for w in beyond.honesty.limits] == ["horizon_beyond_checks"]


def test_a_when_forecast_is_judged_at_its_median_horizon():
    series = steady()
    near = when(series, items=60, today=TODAY)  # about 20 days
    far = when(series, items=600, today=TODAY)  # about 200 days
    assert near.honesty.checked
    assert not far.honesty.checked and far.honesty.horizon_days > 180


def test_too_few_days_with_completions_make_a_guess():
    counts = np.zeros(400, dtype=np.int64)
    counts[-180::30] = 3
    f = how_many(make_series(counts), days=30, today=TODAY)
    assert "little_data" in [w.code for w in f.honesty.limits]
    assert not f.honesty.checked


def test_weekly_sampling_and_plain_levels_are_not_called_checked():
    weekly = how_many(steady(), days=28, unit="week", today=TODAY)
    assert [w.code for w in weekly.honesty.limits] == ["calibration_unchecked"]
    plain = how_many(steady(), days=30, calibration="none", today=TODAY)
    (limit,) = plain.honesty.limits
    assert limit.code == "plain_levels" and limit.params["hit_85"] < 80
    weekly_plain = how_many(steady(), days=28, unit="week", calibration="none", today=TODAY)
    assert [w.code for w in weekly_plain.honesty.limits] == ["plain_unchecked"]


@pytest.mark.shared_data
def test_the_command_line_marks_a_rough_answer(capsys):
    path = shared_file("numpy_prs.csv")
    assert main(["how-many", str(path), "--days", "200", "--as-of", "2026-08-20"]) == 0
    out = capsys.readouterr().out
    assert "rough" in out and "Rough: Checked 365 days ahead" in out
    assert main(["how-many", str(path), "--days", "30", "--as-of", "2026-08-20"]) == 0
    out = capsys.readouterr().out
    assert "Checked: on real histories" in out and "Rough:" not in out
    assert main(["when", str(path), "--items", "900", "--as-of", "2026-08-20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["honesty"]["checked"] is False
    assert data["honesty"]["limits"][0]["code"] == "horizon_unchecked"
    assert date.fromisoformat(data["calibrated"]["95"]["date"]) > date(2027, 1, 1)

"""Scenarios and alternatives side by side."""

from __future__ import annotations

import numpy as np
import pytest

from leitstern.engines.cases import Case, Range, compare, simulate

from .helpers import monthly_benefit, one_off


def build(extra: float = 0.0) -> Case:
    return Case(
        horizon_months=2,
        discount_rate=0.0,
        costs=(one_off("team", Range(800, 1_500)), one_off("extra", extra)),
        benefits=(monthly_benefit("value", Range(500, 3_000), start=2),),
    )


def buy() -> Case:
    return Case(
        horizon_months=2,
        discount_rate=0.0,
        costs=(one_off("licence", Range(1_000, 1_200)),),
        benefits=(monthly_benefit("value", Range(500, 3_000), start=2),),
    )


def test_inputs_with_the_same_key_share_their_draws():
    # Conservative = base plus a certain extra cost: the difference is that cost, exactly.
    result = compare(
        {"base": build(), "conservative": build(extra=250)},
        trials=5_000,
        rng=np.random.default_rng(1),
    )
    diff = result.difference("base", "conservative")
    assert diff.probability_first_better == 1.0
    assert diff.summary.mean == pytest.approx(250)
    assert diff.summary.sd == pytest.approx(0.0, abs=1e-9)
    reverse = result.difference("conservative", "base")
    assert reverse.probability_first_better == 0.0
    assert reverse.probability_equal == 0.0
    assert len(result.differences) == 2


def test_build_versus_buy_compares_trial_by_trial():
    n = 40_000
    result = compare({"build": build(), "buy": buy()}, trials=n, rng=np.random.default_rng(2))
    diff = result.difference("build", "buy")
    a, b = result.results["build"].npv_samples, result.results["buy"].npv_samples
    assert diff.probability_first_better == pytest.approx(np.mean(a > b))
    assert 0.0 < diff.probability_first_better < 1.0
    assert diff.probability_equal == 0.0
    assert diff.summary.mean == pytest.approx(a.mean() - b.mean())
    # The shared benefit cancels: the difference only carries the two cost ranges.
    expected_sd = np.hypot((1_500 - 800) / 3.29, (1_200 - 1_000) / 3.29)
    assert diff.summary.sd == pytest.approx(expected_sd, rel=0.1)
    assert diff.summary.sd < 0.5 * result.results["build"].npv.sd


def test_compared_results_equal_separate_runs_of_each_case_in_distribution():
    n = 50_000
    together = compare({"build": build(), "buy": buy()}, trials=n, rng=np.random.default_rng(3))
    alone = simulate(buy(), trials=n, rng=np.random.default_rng(4), sensitivity=False)
    se = np.hypot(together.results["buy"].npv.se, alone.npv.se)
    assert abs(together.results["buy"].npv.mean - alone.npv.mean) < 4 * se


def test_comparison_serialises():
    result = compare({"a": build(), "b": buy()}, trials=500, rng=np.random.default_rng(0))
    data = result.as_dict()
    assert set(data["results"]) == {"a", "b"}
    assert {(d["first"], d["second"]) for d in data["differences"]} == {("a", "b"), ("b", "a")}


def test_trials_where_both_cases_end_alike_are_ties():
    # A pilot shared by both cases fails in about half the trials: both stop the same way.
    from leitstern.engines.cases import Phase

    def case(extra):
        return Case(
            horizon_months=6,
            discount_rate=0.0,
            phases=(
                Phase(key="pilot", name="Pilot", start_month=1, end_month=2),
                Phase(key="run", name="Run", start_month=3, end_month=6, probability=0.5),
            ),
            costs=(one_off("setup", 100, phase="pilot"), one_off("go", extra, 3, phase="run")),
            benefits=(monthly_benefit("value", Range(50, 150), start=3, end=6, phase="run"),),
        )

    n = 20_000
    result = compare({"lean": case(10), "rich": case(60)}, trials=n, rng=np.random.default_rng(5))
    diff = result.difference("lean", "rich")
    assert abs(diff.probability_equal - 0.5) < 4 * np.sqrt(0.25 / n)
    assert diff.probability_first_better == pytest.approx(1 - diff.probability_equal)

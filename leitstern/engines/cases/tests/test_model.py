"""What the model does with phases, step-ups, growth, ramps, events and actuals."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from leitstern.engines.cases import (
    Actual,
    Amount,
    BenefitLine,
    Case,
    Correlation,
    CostLine,
    Event,
    Phase,
    Range,
    Staff,
    StepUp,
    ThreePoint,
    Usage,
    deterministic,
    simulate,
)

from .helpers import one_off, ramp_average, two_phases


def gated_case(p: float, if_missed: str = "stop") -> Case:
    """Pilot months 1-6 costs 10 a month; production (months 7-24) costs 20 and brings 50.
    A company-wide cost of 1 a month has no phase."""
    return Case(
        horizon_months=24,
        discount_rate=0.0,
        phases=two_phases(p, if_missed),
        costs=(
            CostLine(
                key="pilot_team",
                name="Pilot",
                category="people",
                driver=Staff(fte=1, monthly_cost=10),
                phase="pilot",
                until="production",
            ),
            CostLine(
                key="run",
                name="Run",
                category="infrastructure",
                driver=Amount(amount=20),
                phase="production",
            ),
            CostLine(key="overhead", name="Overhead", category="other", driver=Amount(amount=1)),
        ),
        benefits=(
            BenefitLine(key="value", name="Value", driver=Amount(amount=50), phase="production"),
        ),
    )


def test_a_failed_pilot_stops_the_costs_that_follow_and_brings_no_benefit():
    det = deterministic(gated_case(0.0))
    assert det.phases_reached == ("pilot",)
    assert det.monthly_cost[:6].tolist() == [11.0] * 6
    assert det.monthly_cost[6:].sum() == 0.0  # the pilot team and the overhead stop too
    assert det.monthly_benefit.sum() == 0.0
    assert det.npv == -66.0


def test_a_reached_phase_runs_every_line():
    det = deterministic(gated_case(1.0))
    assert det.monthly_cost[6:].tolist() == [31.0] * 18
    assert det.monthly_benefit[6:].tolist() == [50.0] * 18
    assert det.npv == pytest.approx(-66 + 18 * (50 - 31))


def test_each_trial_either_reaches_the_phase_or_stops():
    result = simulate(gated_case(0.3), trials=20_000, rng=np.random.default_rng(7))
    outcomes = set(np.round(result.npv_samples, 6).tolist())
    assert outcomes == {-66.0, -66.0 + 18 * 19.0}
    reached = np.mean(result.npv_samples > 0)
    assert abs(reached - 0.3) < 4 * np.sqrt(0.3 * 0.7 / 20_000)
    assert result.phases[1].probability == pytest.approx(reached)
    # The deterministic view takes the likelier outcome: production is not reached.
    assert result.deterministic.npv == -66.0
    # Tornado and EVPI know the gate as an input of its own.
    (gate,) = result.sensitivity
    assert gate.key == "phases.production"
    assert (gate.low, gate.high) == (0.0, 1.0)
    assert gate.swing == pytest.approx(18 * 19.0 + 0.0)


def test_a_skipped_phase_leaves_running_lines_alone():
    det = deterministic(gated_case(0.0, if_missed="skip"))
    # The production lines never start, but the overhead and pilot team run on.
    assert det.monthly_cost[6:].tolist() == [11.0] * 18
    assert det.monthly_benefit.sum() == 0.0


def test_a_step_up_applies_from_its_phase_and_only_when_reached():
    def case(p):
        return Case(
            horizon_months=12,
            discount_rate=0.0,
            phases=(
                Phase(key="pilot", name="Pilot", start_month=1, end_month=4),
                Phase(
                    key="prod",
                    name="Production",
                    start_month=5,
                    end_month=12,
                    probability=p,
                    if_missed="skip",
                ),
            ),
            costs=(
                CostLine(
                    key="mon",
                    name="Monitoring",
                    category="evaluation",
                    driver=Amount(amount=100),
                    phase="pilot",
                    step_ups=(StepUp(phase="prod", factor=3),),
                ),
            ),
        )

    assert deterministic(case(1.0)).monthly_cost.tolist() == [100] * 4 + [300] * 8
    assert deterministic(case(0.0)).monthly_cost.tolist() == [100] * 12


def test_usage_volume_grows_monthly_from_the_line_start():
    case = Case(
        horizon_months=6,
        discount_rate=0.0,
        costs=(
            CostLine(
                key="tok",
                name="Tokens",
                category="inference",
                start_month=3,
                driver=Usage(volume=1_000, unit_price=0.5, growth=0.1),
            ),
        ),
    )
    expected = [0, 0] + [500 * 1.1**k for k in range(4)]
    np.testing.assert_allclose(deterministic(case).monthly_cost, expected, rtol=1e-12)


@pytest.mark.parametrize(("lag", "ramp"), [(0, 0), (2, 0), (0, 3), (1.5, 2.5), (4, 1)])
def test_benefits_ramp_up_after_their_lag_as_month_averages(lag, ramp):
    case = Case(
        horizon_months=12,
        discount_rate=0.0,
        benefits=(
            BenefitLine(
                key="b",
                name="B",
                driver=Amount(amount=120),
                start_month=3,
                lag_months=lag,
                ramp_months=ramp,
            ),
        ),
    )
    expected = [0, 0] + [120 * ramp_average(m, 3, lag, ramp) for m in range(3, 13)]
    np.testing.assert_allclose(deterministic(case).monthly_benefit, expected, atol=1e-3)


def test_lines_sharing_an_event_happen_together():
    case = Case(
        horizon_months=2,
        discount_rate=0.0,
        events=(Event(key="audit", name="Audit needed", probability=0.4),),
        costs=(one_off("a", 100, event="audit"), one_off("b", 50, month=2, event="audit")),
    )
    result = simulate(case, trials=10_000, rng=np.random.default_rng(1))
    assert set(result.npv_samples.tolist()) == {0.0, -150.0}
    assert result.deterministic.npv == 0.0  # less likely than not
    assert result.costs.by_line["a"] == pytest.approx(40, abs=4 * 100 * 0.49 / 100)


def test_actual_months_are_fixed_and_replace_the_plan():
    planned = gated_case(0.5)
    recorded = replace(
        planned,
        actuals=(
            Actual(month=1, cost=15, benefit=0, cost_by_category={"people": 12, "other": 3}),
            Actual(month=2, cost=9, benefit=2),
        ),
    )
    det = deterministic(recorded)
    assert det.monthly_cost[:3].tolist() == [15.0, 9.0, 11.0]
    assert det.monthly_benefit[:2].tolist() == [0.0, 2.0]
    result = simulate(recorded, trials=2_000, rng=np.random.default_rng(0))
    assert result.decision_baseline == pytest.approx(2 - 24)
    assert result.mean_monthly_cost[:2].tolist() == [15.0, 9.0]
    assert result.costs.by_category["people"] == pytest.approx(
        12 + 4 * 10 + 10 * 0.5 * 18, rel=0.05
    )
    assert result.benefits.by_category["recorded"] == 2.0


def test_a_phase_under_way_in_the_actuals_is_reached_for_sure():
    case = gated_case(0.2)
    later = replace(case, actuals=(Actual(month=7, cost=31, benefit=50),), correlations=())
    result = simulate(later, trials=1_000, rng=np.random.default_rng(0))
    assert result.phases[1].probability == 1.0
    assert result.npv.sd == pytest.approx(0.0, abs=1e-9)
    assert result.sensitivity == ()


def test_a_correlation_with_a_gate_fixed_by_actuals_drops_out():
    case = replace(
        gated_case(0.5),
        costs=(
            CostLine(
                key="x",
                name="X",
                category="other",
                driver=Amount(amount=Range(1, 3)),
                phase="production",
            ),
        ),
        correlations=(Correlation("phases.production", "x.amount", 0.8),),
        actuals=(Actual(month=8, cost=1),),
    )
    result = simulate(case, trials=1_000, rng=np.random.default_rng(0))
    assert [s.key for s in result.sensitivity] == ["x.amount"]


def test_cost_breakdown_shows_the_people_share():
    case = Case(
        horizon_months=10,
        discount_rate=0.05,
        costs=(
            CostLine(
                key="team", name="Team", category="people", driver=Staff(fte=2, monthly_cost=1_000)
            ),
            CostLine(
                key="help",
                name="Help desk",
                category="support",
                driver=Staff(fte=1, monthly_cost=500),
            ),
            CostLine(
                key="cloud", name="Cloud", category="infrastructure", driver=Amount(amount=500)
            ),
        ),
    )
    result = simulate(case, trials=500, rng=np.random.default_rng(0))
    costs = result.costs
    assert costs.total == pytest.approx(30_000)
    assert costs.shares["people"] == pytest.approx(20 / 30)
    assert costs.shares["support"] == pytest.approx(5 / 30)
    assert costs.people_share == pytest.approx(25 / 30)  # support staff are people too
    assert sum(costs.shares.values()) == pytest.approx(1.0)
    assert costs.by_line == {"team": 20_000, "help": 5_000, "cloud": 5_000}


def test_the_deterministic_view_uses_medians_and_most_likely_values():
    case = Case(
        horizon_months=1,
        discount_rate=0.0,
        costs=(
            one_off("a", Range(100, 400)),
            one_off("b", ThreePoint(10, 20, 90)),
            one_off("c", Range(10, 30, "normal")),
        ),
    )
    det = deterministic(case)
    # lognormal median sqrt(100 * 400) = 200; most likely 20; normal median 20
    assert det.npv == pytest.approx(-(200 + 20 + 20))


def test_seeded_runs_are_reproducible():
    case = gated_case(0.5)
    case = replace(
        case, costs=(*case.costs, one_off("x", Range(10, 100)), one_off("y", ThreePoint(1, 2, 9)))
    )
    a = simulate(case, trials=5_000, rng=np.random.default_rng(42))
    b = simulate(case, trials=5_000, rng=np.random.default_rng(42))
    c = simulate(case, trials=5_000, rng=np.random.default_rng(43))
    np.testing.assert_array_equal(a.npv_samples, b.npv_samples)
    assert a.as_dict() == b.as_dict()
    assert not np.array_equal(a.npv_samples, c.npv_samples)


def test_adding_a_line_leaves_the_other_inputs_draws_alone():
    base = Case(horizon_months=1, discount_rate=0.0, costs=(one_off("x", Range(10, 100)),))
    more = replace(base, costs=(one_off("w", Range(1, 2)), *base.costs))
    a = simulate(base, trials=3_000, rng=np.random.default_rng(9), sensitivity=False)
    b = simulate(more, trials=3_000, rng=np.random.default_rng(9), sensitivity=False)
    # With x drawn alike, what the second case costs beyond the first is w alone (1 to 2
    # in 90% of trials); with x drawn anew it would swing by tens.
    w = a.npv_samples - b.npv_samples
    assert w.min() > 0.5 and w.max() < 4
    assert 0.04 < np.mean(w < 1) < 0.07

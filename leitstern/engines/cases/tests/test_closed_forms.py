"""A case of single numbers equals NPV, IRR and payback computed by hand, independently."""

from __future__ import annotations

import math

import numpy as np
import pytest

from leitstern.engines.cases import (
    Amount,
    BenefitLine,
    Case,
    CostLine,
    Phase,
    Revenue,
    RiskReduction,
    Savings,
    Staff,
    StepUp,
    Usage,
    deterministic,
    simulate,
)

from .helpers import ramp_average, ref_irr, ref_npv, ref_payback

H = 24
RATE = 0.10


def point_case() -> Case:
    return Case(
        horizon_months=H,
        discount_rate=RATE,
        phases=(
            Phase(key="pilot", name="Pilot", start_month=1, end_month=6),
            Phase(key="production", name="Production", start_month=7, end_month=24),
        ),
        costs=(
            CostLine(
                key="team",
                name="Team",
                category="people",
                driver=Staff(fte=2, monthly_cost=8_000),
                phase="pilot",
                step_ups=(StepUp(phase="production", factor=1.5),),
            ),
            CostLine(
                key="setup",
                name="Setup",
                category="data",
                driver=Amount(amount=30_000),
                phase="pilot",
                recurring=False,
            ),
            CostLine(
                key="tokens",
                name="Tokens",
                category="inference",
                driver=Usage(volume=100, unit_price=2.0, growth=0.05),
                phase="production",
            ),
            CostLine(
                key="licence",
                name="Licence",
                category="infrastructure",
                driver=Amount(amount=1_500),
                start_month=3,
                end_month=20,
            ),
        ),
        benefits=(
            BenefitLine(
                key="revenue",
                name="Revenue",
                driver=Revenue(users=1_000, conversion=0.05, price=40),
                phase="production",
                lag_months=2,
                ramp_months=3,
            ),
            BenefitLine(
                key="savings",
                name="Savings",
                driver=Savings(hours=1_500, rate=50, adoption=0.6),
                phase="production",
            ),
            BenefitLine(
                key="risk",
                name="Risk",
                phase="production",
                driver=RiskReduction(probability=0.1, impact=120_000),
            ),
        ),
    )


def hand_flows() -> tuple[np.ndarray, np.ndarray]:
    """The same case, month by month, written out."""
    cost = np.zeros(H)
    benefit = np.zeros(H)
    for m in range(1, H + 1):
        cost[m - 1] += 2 * 8_000 * (1.5 if m >= 7 else 1.0)
        if m == 1:
            cost[m - 1] += 30_000
        if m >= 7:
            cost[m - 1] += 100 * 2.0 * 1.05 ** (m - 7)
        if 3 <= m <= 20:
            cost[m - 1] += 1_500
        if m >= 7:
            benefit[m - 1] += 1_000 * 0.05 * 40 * ramp_average(m, 7, lag=2, ramp=3)
            benefit[m - 1] += 1_500 * 50 * 0.6
            benefit[m - 1] += 0.1 * 120_000 / 12
    return cost, benefit


def test_point_case_has_the_hand_computed_npv_irr_and_payback():
    cost, benefit = hand_flows()
    net = benefit - cost
    det = deterministic(point_case())
    np.testing.assert_allclose(det.monthly_cost, cost, rtol=1e-9)
    np.testing.assert_allclose(det.monthly_benefit, benefit, rtol=1e-6)
    assert det.npv == pytest.approx(ref_npv(net, RATE), rel=1e-7)
    assert det.pv_cost == pytest.approx(ref_npv(cost, RATE), rel=1e-9)
    assert det.roi == pytest.approx(ref_npv(net, RATE) / ref_npv(cost, RATE), rel=1e-7)
    expected_irr = ref_irr(net)
    assert expected_irr is not None and expected_irr > 0
    assert det.irr == pytest.approx(expected_irr, rel=1e-6)
    assert det.payback_month == ref_payback(net)
    discount = (1 + RATE) ** (-np.arange(1, H + 1) / 12)
    assert det.discounted_payback_month == ref_payback(net * discount)
    assert det.payback_month is not None and 7 < det.payback_month < H


def test_irr_solves_npv_at_zero():
    det = deterministic(point_case())
    assert det.irr is not None
    cost, benefit = hand_flows()
    assert ref_npv(benefit - cost, det.irr) == pytest.approx(0.0, abs=1e-4)


def test_simulating_single_numbers_gives_the_deterministic_answer_in_every_trial():
    case = point_case()
    det = deterministic(case)
    result = simulate(case, trials=2_000, rng=np.random.default_rng(1))
    np.testing.assert_allclose(result.npv_samples, det.npv, rtol=1e-9)
    assert result.npv.sd == pytest.approx(0.0, abs=1e-6)
    assert all(v == pytest.approx(det.npv, rel=1e-9) for v in result.npv.percentiles.values())
    assert set(result.payback_samples.tolist()) == {det.payback_month}
    assert result.probability_of_loss == (1.0 if det.npv < 0 else 0.0)
    np.testing.assert_allclose(result.fan.levels["50"], det.cumulative, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(result.mean_monthly_cost, det.monthly_cost, rtol=1e-9)
    assert result.sensitivity == ()  # nothing is uncertain
    assert result.evpi == 0.0


def test_npv_follows_numpy_financial_with_month_zero_empty():
    flows = np.array([-1000.0, -500.0, 300.0, 400.0, 500.0, 600.0])
    case = Case(
        horizon_months=len(flows),
        discount_rate=0.12,
        costs=tuple(
            CostLine(
                key=f"c{m}",
                name="c",
                category="other",
                driver=Amount(amount=-f),
                recurring=False,
                start_month=m + 1,
            )
            for m, f in enumerate(flows)
            if f < 0
        ),
        benefits=tuple(
            BenefitLine(
                key=f"b{m}", name="b", driver=Amount(amount=f), start_month=m + 1, end_month=m + 1
            )
            for m, f in enumerate(flows)
            if f > 0
        ),
    )
    det = deterministic(case)
    assert det.npv == pytest.approx(ref_npv(flows, 0.12), rel=1e-12)
    assert det.irr == pytest.approx(ref_irr(flows), rel=1e-9)
    assert det.payback_month == ref_payback(flows) == 6


def test_monthly_rate_compounds_to_the_annual_rate():
    case = Case(
        horizon_months=12,
        discount_rate=0.08,
        benefits=(BenefitLine(key="b", name="b", driver=Amount(amount=100), start_month=12),),
    )
    assert deterministic(case).npv == pytest.approx(100 / 1.08, rel=1e-12)


def test_irr_is_none_when_not_unique_or_absent():
    only_costs = Case(
        horizon_months=6,
        discount_rate=0.05,
        costs=(CostLine(key="c", name="c", category="other", driver=Amount(amount=10)),),
    )
    assert deterministic(only_costs).irr is None
    # Cost, gain, cost again: two sign changes, possibly two rates.
    twice = Case(
        horizon_months=3,
        discount_rate=0.05,
        costs=(
            CostLine(
                key="a",
                name="a",
                category="other",
                driver=Amount(amount=100),
                recurring=False,
                start_month=1,
            ),
            CostLine(
                key="c",
                name="c",
                category="other",
                driver=Amount(amount=110),
                recurring=False,
                start_month=3,
            ),
        ),
        benefits=(
            BenefitLine(key="b", name="b", driver=Amount(amount=230), start_month=2, end_month=2),
        ),
    )
    assert deterministic(twice).irr is None


def test_payback_is_none_when_not_within_the_horizon():
    case = Case(
        horizon_months=12,
        discount_rate=0.0,
        costs=(
            CostLine(
                key="c",
                name="c",
                category="other",
                driver=Amount(amount=1_000),
                recurring=False,
                start_month=1,
            ),
        ),
        benefits=(BenefitLine(key="b", name="b", driver=Amount(amount=50)),),
    )
    det = deterministic(case)
    assert det.payback_month is None
    assert det.npv == pytest.approx(-1_000 + 12 * 50)
    result = simulate(case, trials=500, rng=np.random.default_rng(0))
    assert result.payback.within_horizon == 0.0
    assert result.payback.months == {"50": None, "75": None, "90": None}


def test_deterministic_irr_annualises_the_monthly_rate():
    # -100 now, +110 after a month: 10% a month.
    case = Case(
        horizon_months=2,
        discount_rate=0.0,
        costs=(
            CostLine(
                key="c",
                name="c",
                category="other",
                driver=Amount(amount=100),
                recurring=False,
                start_month=1,
            ),
        ),
        benefits=(
            BenefitLine(key="b", name="b", driver=Amount(amount=110), start_month=2, end_month=2),
        ),
    )
    assert deterministic(case).irr == pytest.approx(1.1**12 - 1, rel=1e-9)
    assert math.isclose(ref_irr([-100, 110]), 1.1**12 - 1, rel_tol=1e-9)

"""The app's numbers against closed forms: a case of points equals an NPV, IRR and payback
computed here independently; a sum of normal ranges has the analytic mean and standard
deviation within Monte Carlo error; the chance of reaching a gated phase is its product."""

from __future__ import annotations

import math

import numpy as np
import pytest

from leitstern.cases import services
from leitstern.cases.models import LineKind
from leitstern.cases.tasks import compute_case
from leitstern.cases.tests.factory import make_case

pytestmark = pytest.mark.django_db


def _computed(case):
    assert compute_case.call(case_id=case.pk, revision=case.revision)
    case.refresh_from_db()
    return case.result


def _npv(flows, annual):
    months = np.arange(1, len(flows) + 1)
    return float(np.sum(np.asarray(flows) * (1 + annual) ** (-months / 12)))


def test_points_only_equal_an_independent_npv_irr_and_payback(world):
    case = make_case(world, template="blank", horizon_months=24, discount_rate=0.1, trials=1000)
    services.line_create(
        actor=world.owner, case=case, kind=LineKind.COST, driver="amount", name="Build",
        category="people", values={"amount": {"point": 30_000}}, recurring=False,
    )  # fmt: skip
    services.line_create(
        actor=world.owner, case=case, kind=LineKind.COST, driver="staff", name="Run",
        category="people", values={"fte": {"point": 0.5}, "monthly_cost": {"point": 8_000}},
    )  # fmt: skip
    services.line_create(
        actor=world.owner, case=case, kind=LineKind.BENEFIT, driver="savings", name="Saved",
        category="savings",
        values={"hours": {"point": 200}, "rate": {"point": 40}, "adoption": {"point": 0.75}},
    )  # fmt: skip
    case.refresh_from_db()
    result = _computed(case)
    flows = np.full(24, 200 * 40 * 0.75 - 0.5 * 8_000)
    flows[0] -= 30_000
    expected = _npv(flows, 0.1)
    det = result["deterministic"]
    assert det["npv"] == pytest.approx(expected, rel=1e-9)
    assert result["npv"]["mean"] == pytest.approx(expected, rel=1e-9)
    assert result["npv"]["sd"] == pytest.approx(0, abs=1e-6)
    assert result["probability_of_loss"] == (1.0 if expected < 0 else 0.0)
    # Payback: the first month from which the cumulative cash stays at or above zero.
    cumulative = np.cumsum(flows)
    assert det["payback_month"] == int(np.argmax(cumulative >= 0)) + 1
    # IRR: the annual rate at which the NPV is zero (one sign change: unique).
    assert _npv(flows, det["irr"]) == pytest.approx(0, abs=1e-4)
    pv_cost = _npv(np.r_[30_000 + 4_000, np.full(23, 4_000)], 0.1)
    assert det["roi"] == pytest.approx(expected / pv_cost, rel=1e-9)


def test_a_sum_of_normal_ranges_has_the_analytic_mean_and_spread(world):
    case = make_case(world, template="blank", horizon_months=1, discount_rate=0.0, trials=40_000)
    for name, lower, upper in (("A", 100, 300), ("B", 1_000, 1_400)):
        services.line_create(
            actor=world.owner, case=case, kind=LineKind.COST, driver="amount", name=name,
            category="other", values={"amount": {"lower": lower, "upper": upper,
                                                  "shape": "normal"}},
        )  # fmt: skip
    case.refresh_from_db()
    result = _computed(case)
    z90 = 1.6448536269514722
    sd = math.hypot(200 / (2 * z90), 400 / (2 * z90))
    se = sd / math.sqrt(40_000)
    assert result["npv"]["mean"] == pytest.approx(-(200 + 1_200), abs=4 * se)
    assert result["npv"]["sd"] == pytest.approx(sd, rel=0.03)


def test_the_chance_of_reaching_production_is_the_product_of_its_gates(world):
    case = make_case(world, trials=20_000)
    result = _computed(case)
    reach = {phase["key"]: phase["probability"] for phase in result["phases"]}
    se = math.sqrt(0.4 * 0.6 / 20_000)
    assert reach["pilot"] == pytest.approx(0.8, abs=4 * math.sqrt(0.16 / 20_000))
    assert reach["production"] == pytest.approx(0.8 * 0.5, abs=4 * se)


def test_the_same_seed_gives_the_same_result_and_another_seed_another(world):
    case = make_case(world)
    first = _computed(case)["npv"]
    services.case_update(actor=world.owner, case=case, seed=7)
    services.case_update(actor=world.owner, case=case, seed=2026)
    case.refresh_from_db()
    assert _computed(case)["npv"] == first
    services.case_update(actor=world.owner, case=case, seed=7)
    case.refresh_from_db()
    assert _computed(case)["npv"] != first


def test_most_of_the_ai_templates_cost_is_people(world):
    result = _computed(make_case(world, trials=5_000))
    assert result["costs"]["people_share"] > 0.5

"""Bad input is refused with every problem, each naming its field and a stable code."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from leitstern.engines.cases import (
    Actual,
    Amount,
    BenefitLine,
    Case,
    CaseInputError,
    Correlation,
    CostLine,
    Event,
    Phase,
    Point,
    Range,
    Savings,
    Staff,
    StepUp,
    ThreePoint,
    Usage,
    compare,
    describe_estimate,
    deterministic,
    simulate,
    validate_case,
)

from .helpers import two_phases

BASE = Case(
    horizon_months=24,
    discount_rate=0.08,
    phases=two_phases(0.6),
    costs=(
        CostLine(
            key="ml",
            name="ML engineers",
            category="people",
            driver=Staff(fte=Range(1, 2), monthly_cost=Range(7_000, 12_000)),
            phase="pilot",
            until="production",
        ),
    ),
    benefits=(
        BenefitLine(
            key="savings",
            name="Savings",
            phase="production",
            driver=Savings(hours=Range(100, 900), rate=50, adoption=Range(0.2, 0.6)),
        ),
    ),
)


def problems(case: object) -> dict[str, str]:
    with pytest.raises(CaseInputError) as info:
        validate_case(case)  # type: ignore[arg-type]  # the wrong type on purpose
    return {p.field: p.code for p in info.value.problems}


def with_cost(**changes) -> Case:
    line = BASE.costs[0]
    return replace(BASE, costs=(replace(line, **changes),))


def with_benefit_driver(driver) -> Case:
    line = BASE.benefits[0]
    return replace(BASE, benefits=(replace(line, driver=driver),))


def test_the_base_case_is_valid():
    validate_case(BASE)


def test_upper_below_lower_names_the_upper_bound():
    case = with_cost(driver=Staff(fte=Range(2, 1), monthly_cost=9_000))
    assert problems(case) == {"costs[0].fte.upper": "upper_below_lower"}


def test_probabilities_outside_zero_to_one_are_refused():
    case = with_benefit_driver(Savings(hours=100, rate=50, adoption=Range(0.2, 1.3)))
    assert problems(case) == {"benefits[0].adoption.upper": "not_a_probability"}
    phases = (BASE.phases[0], replace(BASE.phases[1], probability=1.5))
    assert problems(replace(BASE, phases=phases)) == {"phases[1].probability": "not_a_probability"}
    events = (Event(key="audit", name="Audit", probability=-0.1),)
    assert problems(replace(BASE, events=events)) == {"events[0].probability": "not_a_probability"}


def test_negative_fte_is_refused():
    case = with_cost(driver=Staff(fte=-1, monthly_cost=9_000))
    with pytest.raises(CaseInputError) as info:
        validate_case(case)
    error = info.value
    assert (error.field, error.code) == ("costs[0].fte", "negative")
    assert error.params["line"] == "ml"
    assert "cannot be negative" in error.message
    assert error.as_dict() == {
        "errors": [
            {
                "field": "costs[0].fte",
                "code": "negative",
                "reason": "ML engineers: FTE cannot be negative.",
                "params": {"value": -1.0, "line": "ml"},
            }
        ]
    }


def test_a_phase_ending_before_it_starts_is_refused():
    phases = (
        BASE.phases[0],
        Phase(key="production", name="Production", start_month=12, end_month=8),
    )
    assert problems(replace(BASE, phases=phases)) == {
        "phases[1].end_month": "phase_ends_before_start"
    }


@pytest.mark.parametrize("horizon", [0, -3, 601, 2.5, "36", True, None])
def test_a_horizon_of_zero_or_nonsense_is_refused(horizon):
    assert problems(replace(BASE, horizon_months=horizon)) == {"horizon_months": "invalid_horizon"}


def test_every_problem_is_reported_at_once():
    case = Case(
        horizon_months=12,
        discount_rate=2.0,
        phases=(Phase(key="p", name="P", start_month=3, end_month=20, probability=2),),
        costs=(
            CostLine(key="a", name="A", category="magic", driver=Staff(fte=-1, monthly_cost=1)),
            CostLine(key="a", name="B", category="people", driver=Amount(amount=Range(5, 1))),
        ),
    )
    assert problems(case) == {
        "discount_rate": "invalid_discount_rate",
        "phases[0].probability": "not_a_probability",
        "phases[0].end_month": "phase_outside_horizon",
        "costs[0].fte": "negative",
        "costs[0].category": "invalid_category",
        "costs[1].key": "duplicate_key",
        "costs[1].amount.upper": "upper_below_lower",
    }


@pytest.mark.parametrize(
    ("estimate", "field", "code"),
    [
        (float("nan"), "costs[0].fte", "invalid_number"),
        ("2", "costs[0].fte", "invalid_estimate"),
        (Point(float("inf")), "costs[0].fte", "invalid_number"),
        (Range(0, 2, "lognormal"), "costs[0].fte.lower", "lognormal_needs_positive"),
        (Range(1, 2, "weibull"), "costs[0].fte.shape", "invalid_shape"),
        (ThreePoint(1, 3, 2), "costs[0].fte.high", "three_point_order"),
        (ThreePoint(2, 1, 3), "costs[0].fte.likely", "three_point_order"),
        (ThreePoint(1, 2, 3, "beta"), "costs[0].fte.shape", "invalid_shape"),
        (Range(1, 2e6), "costs[0].fte.upper", "out_of_range"),
    ],
)
def test_bad_estimates_name_their_part(estimate, field, code):
    case = with_cost(driver=Staff(fte=estimate, monthly_cost=9_000))
    assert problems(case) == {field: code}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"phase": "scale"}, "costs[0].phase", "unknown_phase"),
        ({"until": "later"}, "costs[0].until", "unknown_phase"),
        ({"event": "audit"}, "costs[0].event", "unknown_event"),
        ({"start_month": 0}, "costs[0].start_month", "invalid_month"),
        ({"end_month": 30}, "costs[0].end_month", "invalid_month"),
        (
            {"phase": "production", "until": None, "start_month": 3},
            "costs[0].start_month",
            "line_before_phase",
        ),
        (
            {"start_month": 10, "end_month": 8, "until": None},
            "costs[0].end_month",
            "line_ends_before_start",
        ),
        ({"recurring": False}, "costs[0].recurring", "one_off_driver"),
        (
            {
                "driver": Amount(amount=5),
                "recurring": False,
                "step_ups": (StepUp(phase="production", factor=2),),
            },
            "costs[0].step_ups",
            "one_off_step_up",
        ),
        (
            {"step_ups": (StepUp(phase="pilot", factor=2),)},
            "costs[0].step_ups[0].phase",
            "step_up_outside_line",
        ),
        (
            {
                "step_ups": (
                    StepUp(phase="production", factor=2),
                    StepUp(phase="production", factor=3),
                )
            },
            "costs[0].step_ups[1].phase",
            "duplicate_step_up",
        ),
        (
            {"step_ups": (StepUp(phase="production", factor=-2),)},
            "costs[0].step_ups[0].factor",
            "negative",
        ),
        ({"key": "ml.x"}, "costs[0].key", "invalid_key"),
        ({"key": ""}, "costs[0].key", "invalid_key"),
        (
            {"driver": Usage(volume=10, unit_price=1, growth=Range(-0.9, 0.1))},
            "costs[0].growth.lower",
            "out_of_range",
        ),
        ({"driver": Savings(hours=1, rate=1, adoption=1)}, "costs[0].driver", "invalid_driver"),
    ],
)
def test_line_problems_name_their_field(changes, field, code):
    assert problems(with_cost(**changes)) == {field: code}


def test_benefit_lag_and_ramp_cannot_be_negative():
    line = replace(BASE.benefits[0], lag_months=-1, ramp_months=Range(-2, 3))
    case = replace(BASE, benefits=(line,))
    assert problems(case) == {
        "benefits[0].lag_months": "negative",
        "benefits[0].ramp_months.lower": "negative",
    }


def test_phases_must_be_in_order_with_known_if_missed():
    phases = (
        Phase(key="b", name="B", start_month=5, end_month=10),
        Phase(key="a", name="A", start_month=1, end_month=4, if_missed="maybe"),
    )
    case = Case(horizon_months=12, discount_rate=0.0, phases=phases)
    assert problems(case) == {
        "phases[1].if_missed": "invalid_if_missed",
        "phases[1].start_month": "phase_order",
    }


def test_correlations_must_name_uncertain_inputs_and_hold_together():
    def corr(*items):
        return problems(replace(BASE, correlations=items))

    assert corr(Correlation("ml.nope", "ml.fte", 0.5)) == {"correlations[0].first": "unknown_input"}
    assert corr(Correlation("savings.rate", "ml.fte", 0.5)) == {
        "correlations[0].first": "not_uncertain"
    }
    assert corr(Correlation("ml.fte", "ml.fte", 0.5)) == {"correlations[0]": "self_correlation"}
    assert corr(Correlation("ml.fte", "ml.monthly_cost", 1.5)) == {
        "correlations[0].rank": "out_of_range"
    }
    assert corr(
        Correlation("ml.fte", "ml.monthly_cost", 0.5),
        Correlation("ml.monthly_cost", "ml.fte", 0.2),
    ) == {"correlations[1]": "duplicate_correlation"}
    impossible = corr(
        Correlation("ml.fte", "ml.monthly_cost", 0.9),
        Correlation("ml.fte", "savings.hours", 0.9),
        Correlation("ml.monthly_cost", "savings.hours", -0.9),
    )
    assert impossible == {"correlations": "correlation_not_psd"}
    # A phase gate is an input too.
    validate_case(
        replace(BASE, correlations=(Correlation("phases.production", "savings.adoption", 0.5),))
    )


def test_actuals_are_checked():
    actuals = (
        Actual(month=1, cost=100, benefit=0),
        Actual(month=1, cost=-5, benefit=0),
        Actual(month=30, cost=1),
        Actual(month=2, cost=100, cost_by_category={"people": 60, "data": 30}),
        Actual(month=3, cost=10, cost_by_category={"magic": 10}),
    )
    assert problems(replace(BASE, actuals=actuals)) == {
        "actuals[1].month": "duplicate_actual",
        "actuals[1].cost": "negative",
        "actuals[2].month": "invalid_month",
        "actuals[3].cost_by_category": "actual_categories",
        "actuals[4].cost_by_category.magic": "invalid_category",
    }


def test_not_a_case_and_wrong_parts_are_refused():
    assert problems("a case") == {"case": "invalid_case"}
    assert problems(replace(BASE, costs=(BASE.benefits[0],))) == {"costs[0]": "invalid_case"}
    assert problems(replace(BASE, phases="pilot")) == {"phases": "invalid_case"}


def test_every_entry_point_validates_the_same_way():
    bad = with_cost(driver=Staff(fte=-1, monthly_cost=9_000))
    for call in (deterministic, simulate, lambda c: compare({"a": c, "b": BASE})):
        with pytest.raises(CaseInputError) as info:
            call(bad)
        assert info.value.code == "negative"
    with pytest.raises(CaseInputError) as info:
        compare({"build": bad, "buy": BASE})
    assert info.value.field == "cases[build].costs[0].fte"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"trials": 10}, "trials"),
        ({"trials": 10**9}, "trials"),
        ({"trials": 1000.0}, "trials"),
        ({"rng": 42}, "rng"),
        ({"bins": 1}, "bins"),
        ({"sensitivity": "yes"}, "sensitivity"),
        ({"workers": 0}, "workers"),
    ],
)
def test_options_are_checked(options, field):
    with pytest.raises(CaseInputError) as info:
        simulate(BASE, **options)
    assert (info.value.field, info.value.code) == (field, "invalid_option")


def test_compare_needs_two_to_six_cases():
    with pytest.raises(CaseInputError) as info:
        compare({"only": BASE})
    assert info.value.field == "cases"
    with pytest.raises(CaseInputError):
        compare([BASE, BASE])  # type: ignore[arg-type]  # the wrong type on purpose


def test_describe_estimate_refuses_a_bad_estimate():
    with pytest.raises(CaseInputError) as info:
        describe_estimate(Range(3, 1))
    assert info.value.code == "upper_below_lower"


def test_a_valid_case_is_computed_after_validation():
    result = simulate(BASE, trials=1_000, rng=np.random.default_rng(0))
    assert result.trials == 1_000


def test_names_and_notes_have_limits():
    assert problems(with_cost(name="x" * 301, note="y" * 2_001)) == {
        "costs[0].name": "invalid_name",
        "costs[0].note": "invalid_name",
    }
    validate_case(with_cost(note="y" * 2_000))

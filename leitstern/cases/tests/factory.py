"""Plain builders for business-case tests, through the services, and the samples the access
walk and the API fuzzing need for the cases' routes and operations."""

from __future__ import annotations

from itertools import count

from leitstern.cases import actuals, services, uncertainty
from leitstern.cases.models import (
    BusinessCase,
    CaseActual,
    CaseCorrelation,
    CaseEvent,
    CaseLine,
    CasePhase,
    LineKind,
)

_n = count(1)

# Few trials keep tests quick; the engine's own tests hold its statistics to account.
TEST_TRIALS = 2_000


def make_case(world, template: str = "ai-initiative", **data) -> BusinessCase:
    data.setdefault("name", f"Case {next(_n)}")
    data.setdefault("trials", TEST_TRIALS)
    return services.case_create(
        actor=world.owner, workspace=world.workspace, template=template, **data
    )


def make_line(case: BusinessCase, actor, **data) -> CaseLine:
    data.setdefault("kind", LineKind.COST)
    data.setdefault("driver", "amount")
    data.setdefault("name", f"Licence {next(_n)}")
    data.setdefault("category", "infrastructure")
    data.setdefault("values", {"amount": {"lower": 100, "upper": 400}})
    return services.line_create(actor=actor, case=case, **data)


def make_actual(case: BusinessCase, actor, month: int = 1) -> CaseActual:
    return actuals.actual_record(actor=actor, case=case, month=month, cost=1000, benefit=0)


def make_event(case: BusinessCase, actor, **data) -> CaseEvent:
    data.setdefault("name", f"Audit {next(_n)}")
    data.setdefault("probability", 0.3)
    return uncertainty.event_create(actor=actor, case=case, **data)


def computed_case(world) -> BusinessCase:
    from leitstern.cases.tasks import compute_case

    case = make_case(world)
    compute_case.call(case_id=case.pk, revision=case.revision)
    case.refresh_from_db()
    return case


def case_with_verdict(world) -> BusinessCase:
    """A computed case whose linked hypothesis has a measured verdict on offer."""
    from leitstern.discovery.tests.factory import closed_experiment

    verdict = closed_experiment(world).verdicts.get()
    case = make_case(world, hypothesis=verdict.hypothesis)
    from leitstern.cases.tasks import compute_case

    compute_case.call(case_id=case.pk, revision=case.revision)
    case.refresh_from_db()
    return case


def _case(world) -> dict:
    return {"pk": make_case(world).pk}


def _line(world) -> CaseLine:
    return make_case(world).lines.first()


def _phase(world) -> CasePhase:
    return make_case(world).phases.first()


def _correlation(world) -> CaseCorrelation:
    return make_case(world).correlations.first()  # the AI template correlates two inputs


# --- samples for the access walk (core/tests/test_access.py) -------------------------------

ROUTE_SAMPLES = {
    "cases:case_compare": lambda w, u: {},
    **{
        f"cases:{name}": lambda w, u: _case(w)
        for name in [
            "case",
            "case_edit",
            "case_delete",
            "case_compute",
            "case_scenarios",
            "case_print",
            "case_csv",
            "case_markdown",
            "phase_new",
            "actual_new",
            "event_new",
            "correlation_new",
            "case_verdict",
        ]
    },
    "cases:line_new": lambda w, u: {
        "pk": make_case(w).pk,
        "kind": "cost",
        "driver": "staff",
    },
    **{f"cases:{name}": lambda w, u: {"pk": _line(w).pk} for name in ["line_edit", "line_delete"]},
    "cases:phase_edit": lambda w, u: {"pk": _phase(w).pk},
    **{
        f"cases:{name}": lambda w, u: {"pk": make_event(make_case(w), w.owner).pk}
        for name in ["event_edit", "event_delete"]
    },
    **{
        f"cases:{name}": lambda w, u: {"pk": _correlation(w).pk}
        for name in ["correlation_edit", "correlation_delete"]
    },
    "cases:actual_delete": lambda w, u: {"pk": make_actual(make_case(w), w.owner).pk},
}


def prepare_access_world(world) -> None:
    """A case already there, so every sample case has another one to be compared with."""
    make_case(world, name="Buy a licence")


API_PATH_SAMPLES = {
    # With a verdict on offer, so the verdict operations answer as they do in use.
    "case_id": lambda w: case_with_verdict(w).pk,
    "line_id": lambda w: _line(w).pk,
    "phase_id": lambda w: _phase(w).pk,
    "event_id": lambda w: make_event(make_case(w), w.owner).pk,
    "correlation_id": lambda w: _correlation(w).pk,
}

API_BODIES = {
    "leitstern_cases_api_case_create": lambda: {"name": f"Case {next(_n)}", "trials": 2000},
    "leitstern_cases_api_case_update": lambda: {"question": "Build or buy?"},
    "leitstern_cases_api_line_create": lambda: {
        "kind": "cost",
        "driver": "amount",
        "name": f"Licence {next(_n)}",
        "category": "infrastructure",
        "values": {"amount": {"lower": 100, "upper": 400}},
    },
    "leitstern_cases_api_line_update": lambda: {"note": "List price 2026"},
    "leitstern_cases_api_phase_update": lambda: {"probability": 0.7},
    "leitstern_cases_api_uncertainty_event_create": lambda: {
        "name": f"Audit {next(_n)}",
        "probability": 0.25,
    },
    "leitstern_cases_api_uncertainty_event_update": lambda: {"probability": 0.4},
    "leitstern_cases_api_uncertainty_correlation_create": lambda: {
        "first": "ml_engineers.fte",
        "second": "ml_engineers.monthly_cost",
        "rank": 0.3,
    },
    "leitstern_cases_api_uncertainty_correlation_update": lambda: {"rank": 0.4},
    "leitstern_cases_api_actual_record": lambda: {"month": 2, "cost": 1200, "benefit": 0},
    "leitstern_cases_api_verdicts_verdict_decide": lambda: {"decision": "dismiss"},
    "leitstern_cases_api_compare_case_comparison_start": lambda: {},
    "leitstern_cases_api_compare_case_scenarios": lambda: {},
}

FUZZ_IDS = {
    "case_id": lambda workspace: BusinessCase.objects.filter(workspace=workspace),
    "line_id": lambda workspace: CaseLine.objects.filter(case__workspace=workspace),
    "phase_id": lambda workspace: CasePhase.objects.filter(case__workspace=workspace),
    "event_id": lambda workspace: CaseEvent.objects.filter(case__workspace=workspace),
    "correlation_id": lambda workspace: CaseCorrelation.objects.filter(case__workspace=workspace),
}

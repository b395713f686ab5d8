"""Plain builders for business-case tests, through the services, and the samples the access
walk and the API fuzzing need for the cases' routes and operations."""

from __future__ import annotations

from itertools import count

from leitstern.cases import services
from leitstern.cases.models import BusinessCase, CaseActual, CaseLine, CasePhase, LineKind

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
    return services.actual_record(actor=actor, case=case, month=month, cost=1000, benefit=0)


def computed_case(world) -> BusinessCase:
    from leitstern.cases.tasks import compute_case

    case = make_case(world)
    compute_case.call(case_id=case.pk, revision=case.revision)
    case.refresh_from_db()
    return case


def _case(world) -> dict:
    return {"pk": make_case(world).pk}


def _line(world) -> CaseLine:
    return make_case(world).lines.first()


def _phase(world) -> CasePhase:
    return make_case(world).phases.first()


# --- samples for the access walk (core/tests/test_access.py) -------------------------------

ROUTE_SAMPLES = {
    **{
        f"cases:{name}": lambda w, u: _case(w)
        for name in [
            "case",
            "case_edit",
            "case_delete",
            "case_compute",
            "case_print",
            "case_csv",
            "case_markdown",
            "phase_new",
            "actual_new",
        ]
    },
    "cases:line_new": lambda w, u: {
        "pk": make_case(w).pk,
        "kind": "cost",
        "driver": "staff",
    },
    **{f"cases:{name}": lambda w, u: {"pk": _line(w).pk} for name in ["line_edit", "line_delete"]},
    "cases:phase_edit": lambda w, u: {"pk": _phase(w).pk},
    "cases:actual_delete": lambda w, u: {"pk": make_actual(make_case(w), w.owner).pk},
}

API_PATH_SAMPLES = {
    "case_id": lambda w: computed_case(w).pk,
    "line_id": lambda w: _line(w).pk,
    "phase_id": lambda w: _phase(w).pk,
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
    "leitstern_cases_api_actual_record": lambda: {"month": 2, "cost": 1200, "benefit": 0},
}

FUZZ_IDS = {
    "case_id": lambda workspace: BusinessCase.objects.filter(workspace=workspace),
    "line_id": lambda workspace: CaseLine.objects.filter(case__workspace=workspace),
    "phase_id": lambda workspace: CasePhase.objects.filter(case__workspace=workspace),
}

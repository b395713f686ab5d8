"""Plain builders for discovery tests (and the access walk's samples), through the
services."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

from leitstern.discovery import services
from leitstern.discovery.models import (
    EvidenceLink,
    Experiment,
    Hypothesis,
    Opportunity,
    Outcome,
    ScoringSession,
    Solution,
)
from leitstern.research import services as research_services
from leitstern.research.tests.factory import make_insight, make_interview, make_quote
from leitstern.strategy.tests.factory import make_okr

_n = count(1)


def make_outcome(world, **data) -> Outcome:
    """A desired outcome of the world's product: a key result of a running cycle."""
    data.setdefault("key_result", make_okr(world))
    return services.outcome_create(actor=world.owner, product=world.product, **data)


def make_opportunity(world, outcome: Outcome | None = None, title: str = "", **data) -> Opportunity:
    return services.opportunity_create(
        actor=world.owner,
        product=world.product,
        outcome=outcome,
        title=title or f"Shoppers cannot tell whether delivery holds ({next(_n)})",
        **data,
    )


def make_solution(
    world, opportunity: Opportunity | None = None, title: str = "", **data
) -> Solution:
    opportunity = opportunity or make_opportunity(world)
    return services.solution_create(
        actor=world.owner,
        opportunity=opportunity,
        title=title or f"Delivery promise on the product page ({next(_n)})",
        **data,
    )


def make_hypothesis(world, solution: Solution | None = None, **data) -> Hypothesis:
    """A hypothesis with a complete decision rule: a rate from 10% to 11.5%."""
    data.setdefault("statement", f"A delivery promise raises checkout conversion ({next(_n)})")
    data.setdefault("baseline", 10.0)
    data.setdefault("target", 11.5)
    data.setdefault("minimum_effect", 15.0)
    data.setdefault("effect_scale", "relative")
    return services.hypothesis_create(
        actor=world.owner, product=world.product, solution=solution, **data
    )


def make_experiment(world, hypothesis: Hypothesis | None = None, **data) -> Experiment:
    hypothesis = hypothesis or make_hypothesis(world)
    data.setdefault("title", f"Delivery promise A/B test ({next(_n)})")
    return services.experiment_create(
        actor=world.owner, product=world.product, hypotheses=[hypothesis], **data
    )


def make_results(world, experiment: Experiment | None = None, **counts) -> Experiment:
    """An experiment with counts entered (so it runs): a clear win by default."""
    experiment = experiment or make_experiment(world)
    values = {"conversions_a": 700, "visitors_a": 7000, "conversions_b": 850, "visitors_b": 7010}
    values.update(counts)
    return services.experiment_update(actor=world.owner, experiment=experiment, **values)


def make_session(world, solutions=None) -> ScoringSession:
    solutions = solutions or [make_solution(world)]
    return services.session_create(
        actor=world.owner,
        product=world.product,
        title=f"Q3 scoring ({next(_n)})",
        method="rice",
        solutions=solutions,
    )


def closed_experiment(world) -> Experiment:
    experiment = make_results(world)
    return services.experiment_close(
        actor=world.owner,
        experiment=experiment,
        believed="A promise helps.",
        observed="More shoppers paid.",
        learned="Certainty sells.",
        next_step="Ship it.",
    )


def make_feedback_quote(world, text: str = "", **details):
    """A quote of second-hand feedback (relayed by support) in the world's workspace."""
    from django.utils import timezone

    conversation = research_services.feedback_submit(
        actor=world.editor,
        workspace=world.workspace,
        title=f"Support ticket {next(_n)}",
        date=timezone.localdate(),
        relayed_by="support",
        **details,
    )
    return make_quote(conversation, world.editor, None, text or f"Where is my parcel? ({next(_n)})")


def make_cited(world, opportunity: Opportunity | None = None, *, propose: bool = False):
    """An opportunity citing evidence: an insight on a direct interview quote (editors), or
    with ``propose`` a contributor's proposed second-hand quote."""
    opportunity = opportunity or make_opportunity(world)
    if propose:
        return services.evidence_link(
            actor=world.contributor,
            opportunity=opportunity,
            quote=make_feedback_quote(world),
            propose=True,
        )
    _participant, _conversation, quote = make_interview(world)
    insight = make_insight(world.workspace, world.editor, quotes=[quote])
    return services.evidence_link(actor=world.owner, opportunity=opportunity, insight=insight)


# --- samples for the access walk (core/tests/test_access.py) ----------------------------

Sample = Callable[[object, object], dict]

ROUTE_SAMPLES: dict[str, Sample] = {
    **{
        f"discovery:{name}": lambda w, u: {"product_id": w.product.pk}
        for name in [
            "product",
            "settings_edit",
            "outcome_new",
            "unplaced",
            "opportunity_new",
            "hypothesis_new",
            "assumptions",
            "experiments",
            "experiment_new",
            "priorities",
            "backlog",
            "session_new",
        ]
    },
    **{
        f"discovery:{name}": lambda w, u: {"pk": make_outcome(w).pk}
        for name in ["outcome", "outcome_edit", "outcome_delete"]
    },
    **{
        f"discovery:{name}": lambda w, u: {"pk": make_opportunity(w).pk}
        for name in [
            "opportunity",
            "opportunity_edit",
            "opportunity_stage",
            "opportunity_merge",
            "opportunity_delete",
            "solution_new",
            "opportunity_score_edit",
        ]
    },
    "discovery:evidence_add": lambda w, u: {"pk": make_opportunity(w).pk},
    "discovery:evidence_decide": lambda w, u: {"pk": make_cited(w, propose=True).pk},
    "discovery:evidence_remove": lambda w, u: {"pk": make_cited(w).pk},
    "discovery:opportunity_decide": lambda w, u: {
        "pk": services.opportunity_propose(
            actor=w.contributor, product=w.product, title=f"Proposed need {next(_n)}"
        ).pk
    },
    **{
        f"discovery:{name}": lambda w, u: {"pk": make_solution(w).pk}
        for name in [
            "solution",
            "solution_edit",
            "solution_merge",
            "solution_delete",
            "solution_score_edit",
        ]
    },
    **{
        f"discovery:{name}": lambda w, u: {"pk": make_hypothesis(w).pk}
        for name in ["hypothesis", "hypothesis_edit", "hypothesis_delete"]
    },
    **{
        f"discovery:{name}": lambda w, u: {"pk": make_experiment(w).pk}
        for name in [
            "experiment",
            "experiment_edit",
            "results_edit",
            "experiment_start",
            "experiment_delete",
        ]
    },
    "discovery:experiment_close": lambda w, u: {"pk": make_results(w).pk},
    **{
        f"discovery:{name}": lambda w, u: {"pk": make_session(w).pk}
        for name in ["session", "session_edit", "session_close"]
    },
}

API_PATH_SAMPLES: dict[str, Callable[[object], object]] = {
    "outcome_id": lambda w: make_outcome(w).pk,
    "opportunity_id": lambda w: make_opportunity(w).pk,
    "solution_id": lambda w: make_solution(w).pk,
    "hypothesis_id": lambda w: make_hypothesis(w).pk,
    "experiment_id": lambda w: make_results(w).pk,
    "evidence_link_id": lambda w: make_cited(w, propose=True).pk,
    "proposal_id": lambda w: (
        services.opportunity_propose(
            actor=w.contributor, product=w.product, title=f"Proposed need {next(_n)}"
        ).pk
    ),
}


# What the access walk's bodies name by id, built once in its world (prepare_access_world).
_ACCESS_IDS: dict[str, int] = {}


def prepare_access_world(world) -> None:
    """A key result and a hypothesis in the access walk's world, for the bodies that name
    them."""
    _ACCESS_IDS["key_result"] = make_okr(world).pk
    _ACCESS_IDS["hypothesis"] = make_hypothesis(world).pk
    _ACCESS_IDS["feedback_quote"] = make_feedback_quote(world).pk


def _api_bodies() -> dict[str, Callable[[], dict]]:
    """A valid body per operation id, so access (not validation) decides the answer."""
    op = "leitstern_discovery_api_"
    return {
        op + "outcome_create": lambda: {"key_result_id": _ACCESS_IDS["key_result"]},
        op + "outcome_update": lambda: {"description": f"Why {next(_n)}"},
        op + "opportunity_create": lambda: {"title": f"Shoppers doubt delivery {next(_n)}"},
        op + "opportunity_update": lambda: {"description": f"Heard often {next(_n)}"},
        op + "opportunity_decide": lambda: {"accept": True},
        op + "evidence_add": lambda: {"quote_id": _ACCESS_IDS["feedback_quote"]},
        op + "evidence_decide": lambda: {"accept": True},
        op + "solution_create": lambda: {"title": f"Delivery promise {next(_n)}"},
        op + "solution_update": lambda: {"description": f"Shown early {next(_n)}"},
        op + "hypothesis_create": lambda: {
            "statement": f"A promise lifts conversion {next(_n)}",
            "baseline": 10,
            "target": 11.5,
        },
        op + "hypothesis_update": lambda: {"audience": f"Mobile shoppers {next(_n)}"},
        op + "experiment_create": lambda: {
            "title": f"A/B test {next(_n)}",
            "hypothesis_ids": [_ACCESS_IDS["hypothesis"]],
        },
        op + "experiment_update": lambda: {"description": f"Set-up {next(_n)}"},
        op + "experiment_results": lambda: {
            "conversions_a": 100,
            "visitors_a": 1000,
            "conversions_b": 120,
            "visitors_b": 1000,
        },
        op + "experiment_close": lambda: {
            "believed": "A promise helps.",
            "observed": "More paid.",
            "learned": "Certainty sells.",
            "next_step": "Ship it.",
        },
        op + "solution_score": lambda: {"reach": 1000, "impact": 2, "effort": 3},
        op + "opportunity_score": lambda: {"reach": 1000, "impact": 2, "effort": 3},
        op + "sample_size": lambda: {"baseline": 10, "target": 11.5},
    }


API_BODIES = _api_bodies()


# Real ids of a workspace by API path parameter, for the API fuzzing (api/tests/test_fuzz.py).
FUZZ_IDS = {
    "outcome_id": lambda workspace: Outcome.objects.filter(product__workspace=workspace),
    "opportunity_id": lambda workspace: Opportunity.objects.filter(product__workspace=workspace),
    "solution_id": lambda workspace: Solution.objects.filter(product__workspace=workspace),
    "hypothesis_id": lambda workspace: Hypothesis.objects.filter(product__workspace=workspace),
    "experiment_id": lambda workspace: Experiment.objects.filter(product__workspace=workspace),
    "evidence_link_id": lambda workspace: EvidenceLink.objects.filter(
        opportunity__product__workspace=workspace
    ),
    "proposal_id": lambda workspace: Opportunity.objects.filter(
        product__workspace=workspace, review="proposed"
    ),
}

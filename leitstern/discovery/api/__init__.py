"""The discovery API: outcomes and their trees, opportunities (proposed by contributors,
decided by editors) and the research evidence they cite, solutions, hypotheses with the
sample size they need, experiments with results and verdicts, scores and the ranked list,
and the sample-size calculator. Every write goes through the same services as the pages.
One module per topic, each with its own router; ``router`` holds them in the order the
docs list them, and operation ids name the app, not the topic module
(``leitstern.api.api.LeitsternAPI.get_openapi_operation_id``)."""

from __future__ import annotations

from ninja import Router

from leitstern.discovery.api import (
    evidence,
    experiments,
    hypotheses,
    opportunities,
    outcomes,
    scores,
    solutions,
)

router = Router(tags=["discovery"])
for _topic in (outcomes, opportunities, evidence, solutions, hypotheses, experiments, scores):
    router.add_router("", _topic.router)

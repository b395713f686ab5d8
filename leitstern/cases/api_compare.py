"""The API of cases side by side: the same access lookups and checks as the comparison page
(2 to 6 different cases of the workspace, in one currency; bad choices answer 422 by field,
a case that is missing or elsewhere 404). The case in the path comes first; the others are
named in ``case`` (repeated), or, when none is named, they are the workspace's other cases
in the same currency (by name, at most five).

Reading never simulates: ``GET …/comparison`` answers the kept numbers with ``state``
``done``, or ``queued``/``running`` with the trials done so far, ``failed``, or ``missing``
(not asked for with these assumptions); while not done, the numbers of an earlier run of the
same cases come with ``stale: true``. ``POST …/comparison`` starts the joint run in the
background (202) and answers the same structure."""

from __future__ import annotations

from typing import Any

from ninja import Field, Query, Router, Schema, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, In, Slug
from leitstern.cases import comparison, scenarios, services
from leitstern.cases.access import get_case_for
from leitstern.cases.models import BusinessCase
from leitstern.core.http import WorkspaceRequest
from leitstern.workspaces.models import Need

router = Router(tags=["cases"])
W = "/workspaces/{slug}"


class CompareQuery(Schema):
    case: list[Id] = Field(
        [],
        max_length=comparison.MAX_COMPARED - 1,
        description="The ids of 1 to 5 other cases in the same currency, in the order to show "
        "them; none: the workspace's other cases in that currency.",
    )


class OptionOut(Schema):
    case_id: int
    name: str
    npv: dict[str, Any]
    roi: dict[str, Any] | None
    probability_of_loss: float
    payback_median_month: int | None


class PairOut(Schema):
    first_id: int
    second_id: int
    probability_first_better: float
    probability_equal: float
    difference: dict[str, Any]


class CaseComparisonOut(Schema):
    state: str = Field(description="done, queued, running, failed or missing")
    done: int = Field(description="Trials simulated so far by the run of these assumptions.")
    stale: bool = Field(description="The numbers belong to earlier assumptions of the cases.")
    trials: int
    currency: str
    options: list[OptionOut]
    pairs: list[PairOut]


class CompareIn(In):
    case: list[Id] = Field(
        [],
        max_length=comparison.MAX_COMPARED - 1,
        description="The ids of 1 to 5 other cases in the same currency, in the order to show "
        "them; none: the workspace's other cases in that currency.",
    )


def _cases(request: WorkspaceRequest, case_id: int, others: list[int]) -> list[BusinessCase]:
    first = get_case_for(request.member, case_id)
    ids = [first.pk, *(others or comparison.others_of(first))]
    return comparison.cases_for(request.member, ids)


def _answer(request: WorkspaceRequest, cases: list[BusinessCase]) -> dict[str, Any]:
    found = comparison.outcome(request.workspace, cases)
    compared = found.compared
    return {
        "state": found.state,
        "done": found.done,
        "stale": found.stale,
        "trials": compared.trials if compared else found.trials,
        "currency": cases[0].currency,
        "options": [
            {
                "case_id": o.case.pk,
                "name": o.case.name,
                "npv": o.npv,
                "roi": o.roi,
                "probability_of_loss": o.probability_of_loss,
                "payback_median_month": o.payback_median,
            }
            for o in (compared.options if compared else [])
        ],
        "pairs": [
            {
                "first_id": p.first.pk,
                "second_id": p.second.pk,
                "probability_first_better": p.probability_first_better,
                "probability_equal": p.probability_equal,
                "difference": p.difference,
            }
            for p in (compared.pairs if compared else [])
        ],
    }


@router.get(W + "/cases/{case_id}/comparison", response=CaseComparisonOut)
@operation(need=Need.VIEW)
def case_comparison(request: WorkspaceRequest, slug: Slug, case_id: Id, query: Query[CompareQuery]):
    """The kept comparison of the cases (simulated together: inputs with the same key share
    their draws): each one's NPV and ROI summary, chance of a loss and median payback month,
    and for every ordered pair the chance that the first has the higher NPV and the
    distribution of the difference (mean, sd, percentiles). ``state`` says whether the
    numbers are done; no options and pairs until a run of these cases is done."""
    return _answer(request, _cases(request, case_id, query.case))


@router.post(W + "/cases/{case_id}/comparison", response={202: CaseComparisonOut})
@operation(need=Need.VIEW)
def case_comparison_start(request: WorkspaceRequest, slug: Slug, case_id: Id, payload: CompareIn):
    """Run the comparison of the cases in the background (nothing new when it is done or
    runs already); read it with ``GET`` until ``state`` is ``done``."""
    cases = _cases(request, case_id, payload.case)
    services.comparison_start(workspace=request.workspace, cases=cases)
    return Status(202, _answer(request, cases))


class ScenariosOut(Schema):
    conservative_id: int
    optimistic_id: int
    comparison: CaseComparisonOut


@router.post(W + "/cases/{case_id}/scenarios", response={201: ScenariosOut})
@operation(need=Need.EDIT)
def case_scenarios(request: WorkspaceRequest, slug: Slug, case_id: Id):
    """Make a conservative and an optimistic copy of the case (every uncertain estimate moved
    to the unfavourable or the favourable half of its range; points, chances and
    correlations unchanged) and start the comparison of the three in the background. A case
    that is a scenario itself, or has its scenarios already, answers 422."""
    case = get_case_for(request.member, case_id, need=Need.EDIT)
    conservative, optimistic = scenarios.scenarios_make(actor=request.user, case=case)
    three = [case, conservative, optimistic]
    services.comparison_start(workspace=request.workspace, cases=three)
    return Status(
        201,
        {
            "conservative_id": conservative.pk,
            "optimistic_id": optimistic.pk,
            "comparison": _answer(request, three),
        },
    )

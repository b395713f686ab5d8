"""The API of cases side by side: the same access lookups and checks as the comparison page
(2 to 6 different cases of the workspace, in one currency; bad choices answer 422 by field,
a case that is missing or elsewhere 404). The case in the path comes first; the others are
named in ``case`` (repeated), or, when none is named, they are the workspace's other cases
in the same currency (by name, at most five)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Query, Router, Schema

from leitstern.api.operations import operation
from leitstern.api.types import Id, Slug
from leitstern.cases import comparison
from leitstern.cases.access import get_case_for
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
    trials: int
    currency: str
    options: list[OptionOut]
    pairs: list[PairOut]


@router.get(W + "/cases/{case_id}/comparison", response=CaseComparisonOut)
@operation(need=Need.VIEW)
def case_comparison(request: WorkspaceRequest, slug: Slug, case_id: Id, query: Query[CompareQuery]):
    """Simulate the cases together (inputs with the same key share their draws) and answer
    each one's NPV and ROI summary, chance of a loss and median payback month, and for every
    ordered pair the chance that the first has the higher NPV and the distribution of the
    difference (mean, sd, percentiles)."""
    first = get_case_for(request.member, case_id)
    others = query.case or comparison.others_of(first)
    compared = comparison.compare(comparison.cases_for(request.member, [first.pk, *others]))
    return {
        "trials": compared.trials,
        "currency": compared.currency,
        "options": [
            {
                "case_id": o.case.pk,
                "name": o.case.name,
                "npv": o.npv,
                "roi": o.roi,
                "probability_of_loss": o.probability_of_loss,
                "payback_median_month": o.payback_median,
            }
            for o in compared.options
        ],
        "pairs": [
            {
                "first_id": p.first.pk,
                "second_id": p.second.pk,
                "probability_first_better": p.probability_first_better,
                "probability_equal": p.probability_equal,
                "difference": p.difference,
            }
            for p in compared.pairs
        ],
    }

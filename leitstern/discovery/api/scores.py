"""Scores of the discovery API: open solutions or opportunities ranked by the product's scoring
method, with the formula filled in and where the confidence comes from; and setting a
solution's or an opportunity's score."""

from __future__ import annotations

from ninja import Router

from leitstern.api.operations import operation
from leitstern.api.types import Id, Slug
from leitstern.core.http import WorkspaceRequest
from leitstern.discovery import access, prioritisation, selectors, services
from leitstern.discovery.api.common import W, product_for
from leitstern.discovery.models import Score, ScoringMethod, Solution
from leitstern.discovery.schemas import RankedOut, ScoreIn
from leitstern.discovery.templatetags.discovery_tags import formula
from leitstern.workspaces.models import Need

router = Router()


def _ranked_out(row: selectors.Ranked) -> dict:
    return {
        "kind": row.kind,
        "id": row.item.pk,
        "title": str(row.item),
        "method": row.result.method,
        "score": row.value,
        "formula": formula(row.result),
        "missing": list(row.result.missing),
        "confidence": row.confidence.value,
        "confidence_from_evidence": row.confidence.from_evidence,
        "confidence_basis": str(row.confidence.basis),
        "confidence_overridden": row.confidence.overridden,
    }


@router.get(
    W + "/products/{product_id}/priorities",
    response=list[RankedOut],
)
@operation(need=Need.VIEW)
def priorities(
    request: WorkspaceRequest,
    slug: Slug,
    product_id: Id,
    method: str | None = None,
    kind: str = "solution",
):
    """Open solutions (or ``kind=opportunity``) best first by ``method`` (default: the
    product's), each with its formula filled in and where its confidence comes from."""
    product = product_for(request.member, product_id)
    if method not in ScoringMethod.values:
        method = selectors.settings_for(product).scoring_method
    kind = "opportunity" if kind == "opportunity" else "solution"
    return [_ranked_out(row) for row in selectors.ranked(product, method, kind=kind)]


def _score(request, member, item, payload: ScoreIn) -> dict:
    data = payload.model_dump(exclude_unset=True)
    note = data.pop("note", "")
    services.score_set(actor=request.user, item=item, note=note, **data)
    method = selectors.settings_for(item.product).scoring_method
    kind = "solution" if isinstance(item, Solution) else "opportunity"
    (row,) = [
        r for r in selectors.ranked(item.product, method, kind=kind) if r.item.pk == item.pk
    ] or [_unranked(item, kind, method)]
    return _ranked_out(row)


def _unranked(item, kind: str, method: str) -> selectors.Ranked:
    """An item the ranked list leaves out (shipped, dropped, settled), scored the same way."""
    score = Score.objects.filter(**{kind: item}).first()
    evidence = (
        selectors.solution_evidence([item])[item.pk]
        if kind == "solution"
        else selectors.opportunity_evidence([item.pk])[item.pk]
    )
    confidence = prioritisation.confidence(evidence, score.confidence if score else None)
    inputs = {name: getattr(score, name, None) for name in prioritisation.BOUNDS}
    return selectors.Ranked(
        kind, item, score, confidence, prioritisation.score(method, inputs, confidence.value)
    )


@router.put(W + "/solutions/{solution_id}/score", response=RankedOut)
@operation(need=Need.EDIT)
def solution_score(request: WorkspaceRequest, slug: Slug, solution_id: Id, payload: ScoreIn):
    member = request.member
    return _score(
        request, member, access.get_solution_for(member, solution_id, need=Need.EDIT), payload
    )


@router.put(W + "/opportunities/{opportunity_id}/score", response=RankedOut)
@operation(need=Need.EDIT)
def opportunity_score(request: WorkspaceRequest, slug: Slug, opportunity_id: Id, payload: ScoreIn):
    member = request.member
    opportunity = access.get_opportunity_for(member, opportunity_id, need=Need.EDIT)
    return _score(request, member, opportunity, payload)

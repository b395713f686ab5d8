"""Outcomes of the discovery API: a product's desired outcomes (list, add, read, edit with
If-Match, delete) and an outcome's whole tree of opportunities, solutions and hypotheses."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Slug
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.discovery import access, selectors, services
from leitstern.discovery.api.common import W, key_result_for, metric_for, patch_data, product_for
from leitstern.discovery.models import Outcome
from leitstern.discovery.schemas import OutcomeIn, OutcomeOut, OutcomePatch, TreeOut
from leitstern.workspaces.models import Need

router = Router()


@router.get(W + "/products/{product_id}/outcomes", response=list[OutcomeOut])
@operation(need=Need.VIEW)
def outcome_list(request: WorkspaceRequest, slug: Slug, product_id: Id):
    member = request.member
    return Outcome.objects.filter(product=product_for(member, product_id))


@router.post(
    W + "/products/{product_id}/outcomes",
    response={201: OutcomeOut},
)
@operation(need=Need.EDIT)
def outcome_create(request: WorkspaceRequest, slug: Slug, product_id: Id, payload: OutcomeIn):
    member = request.member
    product = product_for(member, product_id, "edit")
    outcome = services.outcome_create(
        actor=request.user,
        product=product,
        title=payload.title,
        description=payload.description,
        key_result=key_result_for(member, payload.key_result_id),
        metric=metric_for(member, payload.metric_id),
    )
    return Status(201, outcome)


@router.get(W + "/outcomes/{outcome_id}", response=OutcomeOut)
@operation(need=Need.VIEW)
def outcome_detail(request: WorkspaceRequest, slug: Slug, outcome_id: Id, response: HttpResponse):
    outcome = access.get_outcome_for(request.member, outcome_id)
    tag(response, outcome.version)
    return outcome


@router.patch(
    W + "/outcomes/{outcome_id}",
    response={200: OutcomeOut, 409: conflict_schema(OutcomeOut)},
)
@operation(need=Need.EDIT)
def outcome_update(
    request: WorkspaceRequest,
    slug: Slug,
    outcome_id: Id,
    payload: OutcomePatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    outcome = access.get_outcome_for(member, outcome_id, need=Need.EDIT)
    data, note, body_version, _x = patch_data(payload, {})
    version = expected_version(if_match, body_version)
    if "key_result_id" in data:
        data["key_result"] = key_result_for(member, data.pop("key_result_id"))
    if "metric_id" in data:
        data["metric"] = metric_for(member, data.pop("metric_id"))
    try:
        services.outcome_update(
            actor=request.user, outcome=outcome, version=version, note=note, **data
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(
            conflict,
            conflict.instance,
            names={"key_result": "key_result_id", "metric": "metric_id"},
        )
    tag(response, outcome.version)
    return outcome


@router.delete(W + "/outcomes/{outcome_id}", response={204: None})
@operation(need=Need.EDIT)
def outcome_delete(request: WorkspaceRequest, slug: Slug, outcome_id: Id):
    outcome = access.get_outcome_for(request.member, outcome_id, need=Need.EDIT)
    services.outcome_delete(actor=request.user, obj=outcome)
    return Status(204, None)


def _tree_nodes(nodes) -> list[dict]:
    out = []
    for node in nodes:
        obj = node.obj
        state = {"opportunity": "stage"}.get(node.kind, "status")
        out.append(
            {
                "kind": node.kind,
                "id": obj.pk,
                "title": str(obj) if node.kind == "hypothesis" else obj.title,
                "state": getattr(obj, state),
                "verdict": node.verdict.outcome if node.verdict else None,
                "children": _tree_nodes(node.children),
            }
        )
    return out


@router.get(W + "/outcomes/{outcome_id}/tree", response=TreeOut)
@operation(need=Need.VIEW)
def outcome_tree(request: WorkspaceRequest, slug: Slug, outcome_id: Id):
    """The whole tree: opportunities nested as the team nested them, with their solutions
    and each solution's hypotheses (status and latest verdict)."""
    outcome = access.get_outcome_for(request.member, outcome_id)
    tree = selectors.tree(outcome.product, outcome)
    return {
        "outcome": outcome,
        "opportunities": tree.counts["opportunities"],
        "solutions": tree.counts["solutions"],
        "hypotheses": tree.counts["hypotheses"],
        "nodes": _tree_nodes(tree.roots),
    }

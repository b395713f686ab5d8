"""Solutions of the discovery API: a product's solutions, a new one under an opportunity, read,
edit with If-Match (moving it to another opportunity of the product), delete."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Slug
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.discovery import access, services
from leitstern.discovery.api.common import W, in_product, patch_data, product_for, related_for
from leitstern.discovery.models import Opportunity, Solution
from leitstern.discovery.schemas import SolutionIn, SolutionOut, SolutionPatch
from leitstern.workspaces.models import Need

router = Router()


@router.get(W + "/products/{product_id}/solutions", response=list[SolutionOut])
@operation(need=Need.VIEW)
def solution_list(request: WorkspaceRequest, slug: Slug, product_id: Id):
    product = product_for(request.member, product_id)
    return Solution.objects.filter(product=product).order_by("created_at", "id")


@router.post(
    W + "/opportunities/{opportunity_id}/solutions",
    response={201: SolutionOut},
)
@operation(need=Need.EDIT)
def solution_create(request: WorkspaceRequest, slug: Slug, opportunity_id: Id, payload: SolutionIn):
    member = request.member
    opportunity = access.get_opportunity_for(member, opportunity_id, need=Need.EDIT)
    solution = services.solution_create(
        actor=request.user, opportunity=opportunity, **payload.model_dump()
    )
    return Status(201, solution)


@router.get(W + "/solutions/{solution_id}", response=SolutionOut)
@operation(need=Need.VIEW)
def solution_detail(request: WorkspaceRequest, slug: Slug, solution_id: Id, response: HttpResponse):
    solution = access.get_solution_for(request.member, solution_id)
    tag(response, solution.version)
    return solution


@router.patch(
    W + "/solutions/{solution_id}",
    response={200: SolutionOut, 409: conflict_schema(SolutionOut)},
)
@operation(need=Need.EDIT)
def solution_update(
    request: WorkspaceRequest,
    slug: Slug,
    solution_id: Id,
    payload: SolutionPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    solution = access.get_solution_for(member, solution_id, need=Need.EDIT)
    data, note, body_version, _x = patch_data(payload, {})
    version = expected_version(if_match, body_version)
    if "opportunity_id" in data:
        data["opportunity"] = in_product(
            related_for(
                member, Opportunity, data.pop("opportunity_id"),
                "opportunity_id",
            ),
            solution.product,
            "opportunity_id",
        )  # fmt: skip
    try:
        services.solution_update(
            actor=request.user, solution=solution, version=version, note=note, **data
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, conflict.instance, names={"opportunity": "opportunity_id"})
    tag(response, solution.version)
    return solution


@router.delete(W + "/solutions/{solution_id}", response={204: None})
@operation(need=Need.EDIT)
def solution_delete(request: WorkspaceRequest, slug: Slug, solution_id: Id):
    solution = access.get_solution_for(request.member, solution_id, need=Need.EDIT)
    services.solution_delete(actor=request.user, obj=solution)
    return Status(204, None)

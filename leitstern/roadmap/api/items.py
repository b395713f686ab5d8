"""Roadmaps and their items in the roadmap API: the workspace's roadmaps; a roadmap's items
(list, add), an item (read with its links, edit the fields sent with If-Match, move with
why, remove, restore), its history and comments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Limit, Offset, Slug, sent
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.discovery.access import get_hypothesis_for, get_opportunity_for
from leitstern.roadmap import services
from leitstern.roadmap.access import get_item_for, get_roadmap_for
from leitstern.roadmap.api.common import API_NAMES, W, all_related_for, member_user, related_for
from leitstern.roadmap.models import Horizon, ItemChange, Roadmap, RoadmapItem
from leitstern.roadmap.schemas import (
    HorizonName,
    RoadmapChangeOut,
    RoadmapCommentIn,
    RoadmapItemDetailOut,
    RoadmapItemIn,
    RoadmapItemOut,
    RoadmapItemPatch,
    RoadmapMoveIn,
    RoadmapOut,
    WhyIn,
)
from leitstern.strategy.access import get_key_result_for, get_objective_for
from leitstern.teams.access import get_team_for
from leitstern.workspaces.models import Need

router = Router()


def _roadmap_out(roadmap: Roadmap) -> dict:
    return {
        "id": roadmap.pk,
        "product_id": roadmap.product_id,
        "name": str(roadmap),
        "wip_limit": roadmap.wip_limit,
        "version": roadmap.version,
    }


@router.get(W + "/roadmaps", response=list[RoadmapOut])
@operation(need=Need.VIEW)
def roadmap_list(
    request: WorkspaceRequest,
    slug: Slug,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """The workspace's roadmaps (one per product, and the portfolio roadmap); paged."""
    roadmaps = (
        Roadmap.objects.filter(workspace=request.workspace)
        .select_related("product", "workspace")
        .order_by("product__name", "id")
    )
    return [_roadmap_out(r) for r in roadmaps[offset : offset + limit]]


@router.get(W + "/roadmaps/{roadmap_id}/items", response=list[RoadmapItemOut])
@operation(need=Need.VIEW)
def item_list(
    request: WorkspaceRequest,
    slug: Slug,
    roadmap_id: Id,
    horizon: HorizonName | None = None,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """The roadmap's current items by horizon and position; paged."""
    roadmap = get_roadmap_for(request.member, roadmap_id)
    items = roadmap.items.current()
    if horizon is not None:
        items = items.filter(horizon=horizon)
    return items.order_by("horizon", "position", "id")[offset : offset + limit]


@router.post(W + "/roadmaps/{roadmap_id}/items", response={201: RoadmapItemOut})
@operation(need=Need.EDIT)
def item_create(request: WorkspaceRequest, slug: Slug, roadmap_id: Id, payload: RoadmapItemIn):
    """Add an item. Parked and not-doing items need a ``why``; more items in Now than the
    roadmap's limit need a ``limit_reason``."""
    roadmap = get_roadmap_for(request.member, roadmap_id, need=Need.EDIT)
    item = services.item_create(
        actor=request.user,
        roadmap=roadmap,
        title=payload.title,
        outcome=payload.outcome,
        horizon=payload.horizon,
        why=payload.why,
        limit_reason=payload.limit_reason,
        revisit_on=payload.revisit_on,
    )
    return Status(201, item)


def _item_out(item_id: int) -> RoadmapItem:
    item = RoadmapItem.objects.prefetch_related(
        "key_results", "objectives", "opportunities", "hypotheses"
    ).get(pk=item_id)
    item.key_result_ids = [kr.pk for kr in item.key_results.all()]  # type: ignore[attr-defined]  # answered by the schema
    item.objective_ids = [o.pk for o in item.objectives.all()]  # type: ignore[attr-defined]  # answered by the schema
    item.opportunity_ids = [o.pk for o in item.opportunities.all()]  # type: ignore[attr-defined]  # answered by the schema
    item.hypothesis_ids = [h.pk for h in item.hypotheses.all()]  # type: ignore[attr-defined]  # answered by the schema
    return item


@router.get(W + "/roadmap-items/{item_id}", response=RoadmapItemDetailOut)
@operation(need=Need.VIEW)
def item_detail(request: WorkspaceRequest, slug: Slug, item_id: Id, response: HttpResponse):
    """An item with its links to key results, objectives, opportunities and hypotheses;
    ``ETag`` names its version."""
    item = get_item_for(request.member, item_id)
    tag(response, item.version)
    return _item_out(item.pk)


@router.patch(
    W + "/roadmap-items/{item_id}",
    response={200: RoadmapItemDetailOut, 409: conflict_schema(RoadmapItemDetailOut)},
)
@operation(need=Need.EDIT)
def item_update(
    request: WorkspaceRequest,
    slug: Slug,
    item_id: Id,
    payload: RoadmapItemPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those (``why`` optional). With If-Match (or
    ``version``), a field someone else changed since that version answers 409 and nothing
    is saved. Moves between horizons go through ``…/move`` (they need a why)."""
    item = get_item_for(request.member, item_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    changes = sent(payload, services.ItemFields)
    given = payload.model_fields_set
    member = request.member
    if "owner_id" in given:
        changes["owner"] = member_user(member, payload.owner_id, "owner_id")
    if "team_id" in given:
        changes["team"] = related_for(member, get_team_for, payload.team_id, "team_id")
    if "key_result_ids" in given:
        changes["key_results"] = all_related_for(
            member, get_key_result_for, payload.key_result_ids, "key_result_ids"
        )
    if "objective_ids" in given:
        changes["objectives"] = all_related_for(
            member, get_objective_for, payload.objective_ids, "objective_ids"
        )
    if "opportunity_ids" in given:
        changes["opportunities"] = all_related_for(
            member, get_opportunity_for, payload.opportunity_ids, "opportunity_ids"
        )
    if "hypothesis_ids" in given:
        changes["hypotheses"] = all_related_for(
            member, get_hypothesis_for, payload.hypothesis_ids, "hypothesis_ids"
        )
    try:
        services.item_update(
            actor=request.user,
            item=item,
            version=version,
            why=payload.why,
            pause_reason=payload.pause_reason,
            **changes,
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, _item_out(item.pk), names=API_NAMES)
    tag(response, item.version)
    return _item_out(item.pk)


@router.post(W + "/roadmap-items/{item_id}/move", response=RoadmapItemOut)
@operation(need=Need.EDIT)
def item_move(request: WorkspaceRequest, slug: Slug, item_id: Id, payload: RoadmapMoveIn):
    """Move an item to another horizon, or to another place in its column: right before
    ``before_id``, at the top, or at the end. A move between horizons needs a ``why``;
    nothing is saved without one."""
    item = get_item_for(request.member, item_id, need=Need.EDIT)
    if item.is_removed:
        raise ValidationError({"item_id": _("This item was removed from the roadmap.")})
    before = None
    if payload.before_id is not None:
        before = related_for(
            request.member,
            lambda member, pk: get_item_for(member, pk, roadmap=item.roadmap),
            payload.before_id,
            "before_id",
        )
    services.item_move(
        actor=request.user,
        item=item,
        horizon=Horizon(payload.horizon),
        why=payload.why,
        before=before,
        at_top=payload.at_top,
        limit_reason=payload.limit_reason,
        revisit_on=payload.revisit_on,
    )
    return RoadmapItem.objects.get(pk=item.pk)


@router.post(W + "/roadmap-items/{item_id}/remove", response=RoadmapItemOut)
@operation(need=Need.EDIT)
def item_remove(request: WorkspaceRequest, slug: Slug, item_id: Id, payload: WhyIn):
    """Take an item off the roadmap (``why`` optional). It stays in the history and in
    every comparison, and can be restored; removing it twice is refused (422)."""
    item = get_item_for(request.member, item_id, need=Need.EDIT)
    services.item_remove(actor=request.user, item=item, why=payload.why)
    return RoadmapItem.objects.get(pk=item.pk)


@router.post(W + "/roadmap-items/{item_id}/restore", response=RoadmapItemOut)
@operation(need=Need.EDIT)
def item_restore(request: WorkspaceRequest, slug: Slug, item_id: Id, payload: WhyIn):
    """Put a removed item back at the end of its column (into a full Now it comes back as
    Next); an item on the roadmap stays as it is."""
    item = get_item_for(request.member, item_id, need=Need.EDIT)
    services.item_restore(actor=request.user, item=item, why=payload.why)
    return RoadmapItem.objects.get(pk=item.pk)


@router.get(W + "/roadmap-items/{item_id}/history", response=list[RoadmapChangeOut])
@operation(need=Need.VIEW)
def item_history(
    request: WorkspaceRequest,
    slug: Slug,
    item_id: Id,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Every change of one item, newest first, with who, when and why; paged."""
    item = get_item_for(request.member, item_id)
    changes = ItemChange.objects.filter(roadmap_id=item.roadmap_id, item=item).order_by("-id")
    return changes[offset : offset + limit]


@router.post(W + "/roadmap-items/{item_id}/comments", response={201: None})
@operation(need=Need.CONTRIBUTE)
def item_comment(request: WorkspaceRequest, slug: Slug, item_id: Id, payload: RoadmapCommentIn):
    """Comment on an item (contributors, such as sales and support, may)."""
    item = get_item_for(request.member, item_id, need=Need.CONTRIBUTE)
    services.comment_add(actor=request.user, item=item, text=payload.text)
    return Status(201, None)

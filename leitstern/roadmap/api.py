"""The roadmap API: roadmaps, their items (read, add, move with why, comment), the history
that says why, snapshots and the decision log. Every write goes through the same services
and access lookups as the pages; contributors may comment, editors change."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, In, Limit, Line, Name, Offset, Slug, Text
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.roadmap import services
from leitstern.roadmap.access import get_item_for, get_roadmap_for
from leitstern.roadmap.models import (
    Horizon,
    ItemChange,
    Roadmap,
    RoadmapItem,
)
from leitstern.workspaces.models import Need

router = Router(tags=["roadmap"])
W = "/workspaces/{slug}"

HorizonName = Literal["now", "next", "later", "parked", "not_doing"]


class RoadmapOut(Schema):
    id: int
    product_id: int | None
    name: str
    wip_limit: int | None
    version: int


class RoadmapItemOut(Schema):
    id: int
    roadmap_id: int
    title: str
    outcome: str
    level: str
    horizon: str
    status: str
    confidence: int | None
    size: str
    owner_id: int | None
    team_id: int | None
    visibility: str
    tags: str
    window_start: dt.date | None
    window_end: dt.date | None
    hard_date: dt.date | None
    reason: str
    revisit_on: dt.date | None
    position: float
    version: int


class RoadmapItemIn(In):
    title: Name(200)
    outcome: Text = ""
    horizon: HorizonName = "next"
    why: Text = ""
    limit_reason: Text = ""
    revisit_on: dt.date | None = None


class RoadmapMoveIn(In):
    horizon: HorizonName
    why: Text = ""
    limit_reason: Text = ""
    revisit_on: dt.date | None = None


class RoadmapCommentIn(In):
    text: Text


class RoadmapChangeOut(Schema):
    id: int
    item_id: int | None
    at: dt.datetime
    actor_id: int | None
    kind: str
    why: str
    title: str
    horizon: str
    status: str
    confidence: int | None


class RoadmapSnapshotOut(Schema):
    id: int
    name: str
    note: str
    taken_at: dt.datetime


class RoadmapSnapshotIn(In):
    name: Line(120)
    note: Text = ""


class RoadmapDecisionOut(Schema):
    id: int
    title: str
    context: str
    options: str
    decided_by_id: int | None
    decided_on: dt.date
    revisit_on: dt.date | None
    item_ids: list[int]


def _roadmap_out(roadmap: Roadmap) -> dict:
    return {
        "id": roadmap.pk,
        "product_id": roadmap.product_id,
        "name": str(roadmap),
        "wip_limit": roadmap.wip_limit,
        "version": roadmap.version,
    }


# --- roadmaps and items ------------------------------------------------------------------


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


@router.get(W + "/roadmap-items/{item_id}", response=RoadmapItemOut)
@operation(need=Need.VIEW)
def item_detail(request: WorkspaceRequest, slug: Slug, item_id: Id):
    return get_item_for(request.member, item_id)


@router.post(W + "/roadmap-items/{item_id}/move", response=RoadmapItemOut)
@operation(need=Need.EDIT)
def item_move(request: WorkspaceRequest, slug: Slug, item_id: Id, payload: RoadmapMoveIn):
    """Move an item to another horizon (to the end of it). A move between horizons needs a
    ``why``; nothing is saved without one."""
    item = get_item_for(request.member, item_id, need=Need.EDIT)
    if item.is_removed:
        raise ValidationError({"item_id": _("This item was removed from the roadmap.")})
    services.item_move(
        actor=request.user,
        item=item,
        horizon=Horizon(payload.horizon),
        why=payload.why,
        limit_reason=payload.limit_reason,
        revisit_on=payload.revisit_on,
    )
    return RoadmapItem.objects.get(pk=item.pk)


@router.post(W + "/roadmap-items/{item_id}/comments", response={201: None})
@operation(need=Need.CONTRIBUTE)
def item_comment(request: WorkspaceRequest, slug: Slug, item_id: Id, payload: RoadmapCommentIn):
    """Comment on an item (contributors, such as sales and support, may)."""
    item = get_item_for(request.member, item_id, need=Need.CONTRIBUTE)
    services.comment_add(actor=request.user, item=item, text=payload.text)
    return Status(201, None)


# --- the living document -------------------------------------------------------------------


@router.get(W + "/roadmaps/{roadmap_id}/history", response=list[RoadmapChangeOut])
@operation(need=Need.VIEW)
def history(
    request: WorkspaceRequest,
    slug: Slug,
    roadmap_id: Id,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Every change of the roadmap, newest first, with who, when and why; paged."""
    roadmap = get_roadmap_for(request.member, roadmap_id)
    changes = ItemChange.objects.filter(roadmap=roadmap).order_by("-id")
    return changes[offset : offset + limit]


@router.get(W + "/roadmaps/{roadmap_id}/snapshots", response=list[RoadmapSnapshotOut])
@operation(need=Need.VIEW)
def snapshot_list(
    request: WorkspaceRequest,
    slug: Slug,
    roadmap_id: Id,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Named snapshots, newest first; paged."""
    roadmap = get_roadmap_for(request.member, roadmap_id)
    return roadmap.snapshots.order_by("-taken_at", "-id")[offset : offset + limit]


@router.post(W + "/roadmaps/{roadmap_id}/snapshots", response={201: RoadmapSnapshotOut})
@operation(need=Need.EDIT)
def snapshot_take(
    request: WorkspaceRequest, slug: Slug, roadmap_id: Id, payload: RoadmapSnapshotIn
):
    """Take a named snapshot of the roadmap as it is now ("Q3 review")."""
    roadmap = get_roadmap_for(request.member, roadmap_id, need=Need.EDIT)
    snapshot = services.snapshot_take(
        actor=request.user, roadmap=roadmap, name=payload.name, note=payload.note
    )
    return Status(201, snapshot)


@router.get(W + "/roadmaps/{roadmap_id}/decisions", response=list[RoadmapDecisionOut])
@operation(need=Need.VIEW)
def decision_list(
    request: WorkspaceRequest,
    slug: Slug,
    roadmap_id: Id,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """The roadmap's decision log, newest decision first; paged."""
    roadmap = get_roadmap_for(request.member, roadmap_id)
    decisions = roadmap.decisions.prefetch_related("items").order_by("-decided_on", "-id")
    return [
        {
            "id": d.pk,
            "title": d.title,
            "context": d.context,
            "options": d.options,
            "decided_by_id": d.decided_by_id,
            "decided_on": d.decided_on,
            "revisit_on": d.revisit_on,
            "item_ids": [item.pk for item in d.items.all()],
        }
        for d in decisions[offset : offset + limit]
    ]

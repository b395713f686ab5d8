"""The living document in the roadmap API: a roadmap's history (every change with who, when and
why), "what changed" between two days or snapshots (as an audience sees it, if asked), and
named snapshots."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Day, Id, Limit, Offset, Slug
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.roadmap import services
from leitstern.roadmap.access import get_audience_for, get_roadmap_for, get_snapshot_for
from leitstern.roadmap.api.common import W, related_for
from leitstern.roadmap.models import ItemChange, Roadmap
from leitstern.roadmap.schemas import (
    ComparisonOut,
    RoadmapChangeOut,
    RoadmapSnapshotIn,
    RoadmapSnapshotOut,
)
from leitstern.roadmap.selectors import history as story
from leitstern.workspaces.models import Membership, Need

router = Router()


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


def _point(
    roadmap: Roadmap, member: Membership, day, snapshot_id: int | None, field: str
) -> story.Point | None:
    if snapshot_id is not None:
        snapshot = related_for(
            member,
            lambda m, pk: get_snapshot_for(m, pk, roadmap=roadmap),
            snapshot_id,
            field,
        )
        return story.point_for_snapshot(snapshot)
    if day is not None:
        return story.point_for_day(roadmap, day)
    return None


def _state(state: story.State | None) -> dict | None:
    return None if state is None else state._asdict()


def _moment(point: story.Point) -> dict:
    return {
        "change_id": point.change_id,
        "at": point.at,
        "snapshot_id": point.snapshot.pk if point.snapshot else None,
    }


@router.get(W + "/roadmaps/{roadmap_id}/compare", response=ComparisonOut)
@operation(need=Need.VIEW)
def compare(
    request: WorkspaceRequest,
    slug: Slug,
    roadmap_id: Id,
    since: Day | None = None,
    until: Day | None = None,
    since_snapshot: Id | None = None,
    until_snapshot: Id | None = None,
    audience_id: Id | None = None,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """What changed between two moments, each a day (its end) or a snapshot: every item
    added, removed, moved, reworded, with a changed confidence, status or schedule, with
    the last reason given. Without a start: the latest snapshot (or 30 days ago); without
    an end: now. With ``audience_id``, as that audience's view shows it. ``counts`` count
    every item; ``items`` is paged."""
    roadmap = get_roadmap_for(request.member, roadmap_id)
    member = request.member
    after = _point(roadmap, member, until, until_snapshot, "until_snapshot")
    before = _point(roadmap, member, since, since_snapshot, "since_snapshot")
    if after is None:
        after = story.point_now(roadmap)
    if before is None:
        latest = roadmap.snapshots.order_by("-taken_at", "-id").first()
        before = (
            story.point_for_snapshot(latest)
            if latest is not None
            else story.point_for_day(roadmap, timezone.localdate() - timedelta(days=30))
        )
    audience = None
    if audience_id is not None:
        audience = related_for(member, get_audience_for, audience_id, "audience_id")
    comparison = story.compare(roadmap, before=before, after=after, audience=audience)
    page = comparison.page(offset, limit)
    comparison.fill(page)
    return {
        "before": _moment(comparison.before),
        "after": _moment(comparison.after),
        "counts": comparison.counts,
        "items": [
            {
                "item_id": entry.item_id,
                "categories": entry.categories,
                "before": _state(entry.before),
                "after": _state(entry.after),
                "why": entry.why,
                "who": entry.who,
            }
            for entry in page
        ],
    }


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

"""The decision log and consolidation periods in the roadmap API: decisions (list, log, read,
edit with If-Match) and pauses in which nothing new ships (list, plan, read, edit with
If-Match, delete)."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Limit, Offset, Slug, sent
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.roadmap import services
from leitstern.roadmap.access import get_decision_for, get_item_for, get_pause_for, get_roadmap_for
from leitstern.roadmap.api.common import API_NAMES, W, all_related_for, member_user
from leitstern.roadmap.models import Decision, Roadmap, RoadmapItem
from leitstern.roadmap.schemas import (
    RoadmapDecisionIn,
    RoadmapDecisionOut,
    RoadmapDecisionPatch,
    RoadmapPauseIn,
    RoadmapPauseOut,
    RoadmapPausePatch,
)
from leitstern.workspaces.models import Membership, Need

router = Router()


# --- the decision log -----------------------------------------------------------------------


def _decision_out(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "title": decision.title,
        "context": decision.context,
        "options": decision.options,
        "decided_by_id": decision.decided_by_id,
        "decided_on": decision.decided_on,
        "revisit_on": decision.revisit_on,
        "item_ids": sorted(item.pk for item in decision.items.all()),
        "version": decision.version,
    }


def _items_of(member: Membership, roadmap: Roadmap, ids: list[int]) -> list[RoadmapItem]:
    return all_related_for(
        member, lambda m, pk: get_item_for(m, pk, roadmap=roadmap), ids, "item_ids"
    )


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
    return [_decision_out(d) for d in decisions[offset : offset + limit]]


@router.post(W + "/roadmaps/{roadmap_id}/decisions", response={201: RoadmapDecisionOut})
@operation(need=Need.EDIT)
def decision_create(
    request: WorkspaceRequest, slug: Slug, roadmap_id: Id, payload: RoadmapDecisionIn
):
    """Log a decision: what, its context, the options weighed (one per line), who decided
    (whoever logs it unless named), when, a revisit date (a reminder goes out then), and
    the items it concerns."""
    roadmap = get_roadmap_for(request.member, roadmap_id, need=Need.EDIT)
    member = request.member
    decision = services.decision_create(
        actor=request.user,
        roadmap=roadmap,
        title=payload.title,
        context=payload.context,
        options=payload.options,
        decided_by=member_user(member, payload.decided_by_id, "decided_by_id"),
        decided_on=payload.decided_on,
        revisit_on=payload.revisit_on,
        items=_items_of(member, roadmap, payload.item_ids),
    )
    return Status(201, _decision_out(decision))


@router.get(W + "/roadmap-decisions/{decision_id}", response=RoadmapDecisionOut)
@operation(need=Need.VIEW)
def decision_detail(request: WorkspaceRequest, slug: Slug, decision_id: Id, response: HttpResponse):
    decision = get_decision_for(request.member, decision_id)
    tag(response, decision.version)
    return _decision_out(decision)


@router.patch(
    W + "/roadmap-decisions/{decision_id}",
    response={200: RoadmapDecisionOut, 409: conflict_schema(RoadmapDecisionOut)},
)
@operation(need=Need.EDIT)
def decision_update(
    request: WorkspaceRequest,
    slug: Slug,
    decision_id: Id,
    payload: RoadmapDecisionPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those; a new revisit date gets its own reminder.
    With If-Match (or ``version``), a field someone else changed since answers 409."""
    decision = get_decision_for(request.member, decision_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    changes = sent(payload, services.DecisionChanges)
    given = payload.model_fields_set
    if "decided_by_id" in given:
        changes["decided_by"] = member_user(request.member, payload.decided_by_id, "decided_by_id")
    if "item_ids" in given:
        changes["items"] = _items_of(request.member, decision.roadmap, payload.item_ids)
    try:
        services.decision_update(
            actor=request.user, decision=decision, version=version, note=payload.note, **changes
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(
            conflict, _decision_out(Decision.objects.get(pk=decision.pk)), names=API_NAMES
        )
    tag(response, decision.version)
    return _decision_out(Decision.objects.get(pk=decision.pk))


# --- consolidation periods -----------------------------------------------------------------


@router.get(W + "/roadmaps/{roadmap_id}/pauses", response=list[RoadmapPauseOut])
@operation(need=Need.VIEW)
def pause_list(
    request: WorkspaceRequest,
    slug: Slug,
    roadmap_id: Id,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Consolidation periods and feature pauses, by start; paged."""
    roadmap = get_roadmap_for(request.member, roadmap_id)
    return roadmap.pauses.order_by("starts_on", "id")[offset : offset + limit]


@router.post(W + "/roadmaps/{roadmap_id}/pauses", response={201: RoadmapPauseOut})
@operation(need=Need.EDIT)
def pause_create(request: WorkspaceRequest, slug: Slug, roadmap_id: Id, payload: RoadmapPauseIn):
    """A time range in which nothing new ships; items scheduled into it afterwards need a
    reason. It ends on or after its start."""
    roadmap = get_roadmap_for(request.member, roadmap_id, need=Need.EDIT)
    pause = services.pause_create(
        actor=request.user,
        roadmap=roadmap,
        title=payload.title,
        kind=payload.kind,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        purpose=payload.purpose,
    )
    return Status(201, pause)


@router.get(W + "/roadmap-pauses/{pause_id}", response=RoadmapPauseOut)
@operation(need=Need.VIEW)
def pause_detail(request: WorkspaceRequest, slug: Slug, pause_id: Id, response: HttpResponse):
    pause = get_pause_for(request.member, pause_id)
    tag(response, pause.version)
    return pause


@router.patch(
    W + "/roadmap-pauses/{pause_id}",
    response={200: RoadmapPauseOut, 409: conflict_schema(RoadmapPauseOut)},
)
@operation(need=Need.EDIT)
def pause_update(
    request: WorkspaceRequest,
    slug: Slug,
    pause_id: Id,
    payload: RoadmapPausePatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those; 409 on a field someone else changed since
    the version named."""
    pause = get_pause_for(request.member, pause_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    try:
        services.pause_update(
            actor=request.user,
            pause=pause,
            version=version,
            **sent(payload, services.PauseChanges),
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, type(pause).objects.get(pk=pause.pk))
    tag(response, pause.version)
    return pause


@router.delete(W + "/roadmap-pauses/{pause_id}", response={204: None})
@operation(need=Need.EDIT)
def pause_delete(request: WorkspaceRequest, slug: Slug, pause_id: Id):
    """End a consolidation period's plan; items scheduled in it stay as they are."""
    pause = get_pause_for(request.member, pause_id, need=Need.EDIT)
    services.pause_delete(actor=request.user, pause=pause)
    return Status(204, None)

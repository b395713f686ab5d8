"""The roadmap API: roadmaps and their items (read, add, edit, move with why, remove,
restore, comment), the history that says why, "what changed" between two dates or
snapshots, snapshots, consolidation periods, the decision log, audience views and their
share links. Every write goes through the same services and access lookups as the pages;
contributors read and comment, editors change. Edits of versioned objects take If-Match
(or ``version``) and answer 409 when someone else changed a field sent meanwhile."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Day, Id, Limit, Offset, Slug, sent
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.discovery.access import get_hypothesis_for, get_opportunity_for
from leitstern.roadmap import services
from leitstern.roadmap.access import (
    get_audience_for,
    get_decision_for,
    get_item_for,
    get_link_for,
    get_pause_for,
    get_roadmap_for,
    get_snapshot_for,
)
from leitstern.roadmap.models import (
    Audience,
    AudienceLink,
    Decision,
    Horizon,
    ItemChange,
    Roadmap,
    RoadmapItem,
)
from leitstern.roadmap.schemas import (
    AudienceIn,
    AudienceOut,
    AudiencePatch,
    ComparisonOut,
    HorizonName,
    RoadmapChangeOut,
    RoadmapCommentIn,
    RoadmapDecisionIn,
    RoadmapDecisionOut,
    RoadmapDecisionPatch,
    RoadmapItemDetailOut,
    RoadmapItemIn,
    RoadmapItemOut,
    RoadmapItemPatch,
    RoadmapMoveIn,
    RoadmapOut,
    RoadmapPauseIn,
    RoadmapPauseOut,
    RoadmapPausePatch,
    RoadmapSnapshotIn,
    RoadmapSnapshotOut,
    ShareLinkCreatedOut,
    ShareLinkIn,
    ShareLinkOut,
    WhyIn,
)
from leitstern.roadmap.selectors import history as story
from leitstern.strategy.access import get_key_result_for, get_objective_for
from leitstern.teams.access import get_team_for
from leitstern.workspaces.models import Membership, Need

router = Router(tags=["roadmap"])
W = "/workspaces/{slug}"

# The API names related objects by id.
API_NAMES = {
    "owner": "owner_id",
    "team": "team_id",
    "key_results": "key_result_ids",
    "objectives": "objective_ids",
    "opportunities": "opportunity_ids",
    "hypotheses": "hypothesis_ids",
    "decided_by": "decided_by_id",
    "items": "item_ids",
    "roadmaps": "roadmap_ids",
}


def _member_user(member: Membership, user_id: int | None, field: str):
    """A member of the workspace by user id (422 naming ``field`` for anyone else)."""
    if user_id is None:
        return None
    found = Membership.objects.filter(workspace=member.workspace, user_id=user_id).first()
    if found is None:
        raise ValidationError({field: _("Choose a member of this workspace.")})
    return found.user


def _related(member: Membership, lookup, pk: int | None, field: str):
    """An object of the workspace by an id sent in a body; 422 naming ``field`` for an id
    that is missing or elsewhere (a body's id is input, not an address)."""
    if pk is None:
        return None
    try:
        return lookup(member, pk)
    except Http404:
        raise ValidationError(
            {field: _("No such object in this workspace: %(id)s.") % {"id": pk}}
        ) from None


def _all_related(member: Membership, lookup, ids: list[int], field: str) -> list:
    return [_related(member, lookup, pk, field) for pk in dict.fromkeys(ids)]


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
        changes["owner"] = _member_user(member, payload.owner_id, "owner_id")
    if "team_id" in given:
        changes["team"] = _related(member, get_team_for, payload.team_id, "team_id")
    if "key_result_ids" in given:
        changes["key_results"] = _all_related(
            member, get_key_result_for, payload.key_result_ids, "key_result_ids"
        )
    if "objective_ids" in given:
        changes["objectives"] = _all_related(
            member, get_objective_for, payload.objective_ids, "objective_ids"
        )
    if "opportunity_ids" in given:
        changes["opportunities"] = _all_related(
            member, get_opportunity_for, payload.opportunity_ids, "opportunity_ids"
        )
    if "hypothesis_ids" in given:
        changes["hypotheses"] = _all_related(
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
        before = _related(
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


def _point(
    roadmap: Roadmap, member: Membership, day, snapshot_id: int | None, field: str
) -> story.Point | None:
    if snapshot_id is not None:
        snapshot = _related(
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
        audience = _related(member, get_audience_for, audience_id, "audience_id")
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
    return _all_related(member, lambda m, pk: get_item_for(m, pk, roadmap=roadmap), ids, "item_ids")


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
        decided_by=_member_user(member, payload.decided_by_id, "decided_by_id"),
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
        changes["decided_by"] = _member_user(request.member, payload.decided_by_id, "decided_by_id")
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


# --- audience views and share links --------------------------------------------------------


def _audience_out(audience: Audience) -> dict:
    return {
        "id": audience.pk,
        "name": audience.name,
        "preset": audience.preset,
        "description": audience.description,
        "item_fields": audience.item_fields,
        "horizons": audience.horizons,
        "levels": audience.levels,
        "include_internal": audience.include_internal,
        "roadmap_ids": sorted(r.pk for r in audience.roadmaps.all()),
        "version": audience.version,
    }


def _roadmaps_of(member: Membership, ids: list[int]) -> list[Roadmap]:
    return _all_related(member, get_roadmap_for, ids, "roadmap_ids")


@router.get(W + "/roadmap-audiences", response=list[AudienceOut])
@operation(need=Need.VIEW)
def audience_list(
    request: WorkspaceRequest,
    slug: Slug,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """The workspace's audience views by name; paged."""
    audiences = (
        Audience.objects.filter(workspace=request.workspace)
        .prefetch_related("roadmaps")
        .order_by("name", "id")
    )
    return [_audience_out(a) for a in audiences[offset : offset + limit]]


@router.post(W + "/roadmap-audiences", response={201: AudienceOut})
@operation(need=Need.EDIT)
def audience_create(request: WorkspaceRequest, slug: Slug, payload: AudienceIn):
    """An audience view; fields, horizons, levels and whether internal items show come
    from the preset unless sent. The name is unique in the workspace (422 otherwise)."""
    audience = services.audience_create(
        actor=request.user,
        workspace=request.workspace,
        name=payload.name,
        preset=payload.preset,
        description=payload.description,
        item_fields=payload.item_fields,
        horizons=payload.horizons,
        levels=payload.levels,
        include_internal=payload.include_internal,
        roadmaps=_roadmaps_of(request.member, payload.roadmap_ids),
    )
    return Status(201, _audience_out(audience))


@router.get(W + "/roadmap-audiences/{audience_id}", response=AudienceOut)
@operation(need=Need.VIEW)
def audience_detail(request: WorkspaceRequest, slug: Slug, audience_id: Id, response: HttpResponse):
    audience = get_audience_for(request.member, audience_id)
    tag(response, audience.version)
    return _audience_out(audience)


@router.patch(
    W + "/roadmap-audiences/{audience_id}",
    response={200: AudienceOut, 409: conflict_schema(AudienceOut)},
)
@operation(need=Need.EDIT)
def audience_update(
    request: WorkspaceRequest,
    slug: Slug,
    audience_id: Id,
    payload: AudiencePatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those; 409 on a field someone else changed since
    the version named."""
    audience = get_audience_for(request.member, audience_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    changes = sent(payload, services.AudienceChanges)
    if "roadmap_ids" in payload.model_fields_set:
        changes["roadmaps"] = _roadmaps_of(request.member, payload.roadmap_ids)
    try:
        services.audience_update(actor=request.user, audience=audience, version=version, **changes)
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(
            conflict, _audience_out(Audience.objects.get(pk=audience.pk)), names=API_NAMES
        )
    tag(response, audience.version)
    return _audience_out(Audience.objects.get(pk=audience.pk))


@router.delete(W + "/roadmap-audiences/{audience_id}", response={204: None})
@operation(need=Need.EDIT)
def audience_delete(request: WorkspaceRequest, slug: Slug, audience_id: Id):
    """Delete the view; its share links stop working."""
    audience = get_audience_for(request.member, audience_id, need=Need.EDIT)
    services.audience_delete(actor=request.user, audience=audience)
    return Status(204, None)


@router.get(W + "/roadmap-audiences/{audience_id}/links", response=list[ShareLinkOut])
@operation(need=Need.EDIT)
def link_list(
    request: WorkspaceRequest,
    slug: Slug,
    audience_id: Id,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """The view's share links, newest first (their addresses are never shown again)."""
    audience = get_audience_for(request.member, audience_id, need=Need.EDIT)
    return audience.links.order_by("-created_at", "-id")[offset : offset + limit]


@router.post(W + "/roadmap-audiences/{audience_id}/links", response={201: ShareLinkCreatedOut})
@operation(need=Need.EDIT)
def link_create(request: WorkspaceRequest, slug: Slug, audience_id: Id, payload: ShareLinkIn):
    """A read-only link to the view, opened without signing in, valid ``days`` days. Its
    address (``url``) is in this answer only: just a hash of it is stored."""
    audience = get_audience_for(request.member, audience_id, need=Need.EDIT)
    link, raw = services.link_create(
        actor=request.user, audience=audience, days=payload.days, label=payload.label
    )
    link.url = _share_url(request, raw)  # type: ignore[attr-defined]  # answered once
    return Status(201, link)


def _share_url(request: HttpRequest, raw: str) -> str:
    return request.build_absolute_uri(reverse("roadmap_share:view", args=[raw]))


@router.post(W + "/roadmap-links/{link_id}/revoke", response=ShareLinkOut)
@operation(need=Need.EDIT)
def link_revoke(request: WorkspaceRequest, slug: Slug, link_id: Id):
    """The link stops working at once; revoking it again changes nothing."""
    link = get_link_for(request.member, link_id, need=Need.EDIT)
    services.link_revoke(actor=request.user, link=link)
    return AudienceLink.objects.get(pk=link.pk)

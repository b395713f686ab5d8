"""The forecasts API: finished and open work in bulk (for Jira or CI), forecasts computed and saved,
tracking forecasts. Same services and access rules as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field as PydanticField

from leitstern.api.operations import operation
from leitstern.api.types import Count, Day, Id, In, Limit, Line, Name, Number, Offset, Seed, Slug
from leitstern.api.versions import (
    IF_MATCH,
    VERSION_FIELD,
    conflict_answer,
    conflict_schema,
    expected_version,
    tag,
)
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.forecasts import services
from leitstern.forecasts.access import get_saved_for, get_tracking_for
from leitstern.forecasts.answers import ForecastError, Spec, compute
from leitstern.forecasts.flow import team_flow
from leitstern.forecasts.models import WorkItem
from leitstern.teams.access import get_team_for
from leitstern.teams.models import Team
from leitstern.workspaces.models import Need

router = Router(tags=["forecasts"])
MAX_PUSH = limits.MAX_BULK_ITEMS


class ItemIn(In):
    key: Name(200)
    title: Line(500) = ""
    created: Day | None = None
    started: Day | None = None
    done: Day | None = None  # empty for an item not finished yet


class ItemsIn(In):
    items: list[ItemIn] = Field(..., max_length=MAX_PUSH)


class ItemOut(Schema):
    id: int
    key: str
    title: str
    created: date | None
    started: date | None
    done: date | None


class MergeOut(Schema):
    created: int
    updated: int
    unchanged: int


class KeysIn(In):
    keys: list[Line(200)] = Field(..., max_length=MAX_PUSH)


class DeletedOut(Schema):
    deleted: int


class ForecastIn(In):
    question: Literal["how_many", "when", "chance"]
    items: Count | None = Field(None, ge=1)
    done: Count = 0
    by: Day | None = None
    as_of: Day | None = None
    window: int = Field(180, ge=1, le=3650)
    window_start: Day | None = None
    unit: Literal["day", "week"] = "day"
    working_days: bool = False
    holidays: list[Day] = Field(default_factory=list, max_length=limits.MAX_LIST_ITEMS)
    adjustments: list[tuple[Day, Number]] = Field(
        default_factory=list, max_length=limits.MAX_LIST_ITEMS
    )
    growth: bool = False
    split: tuple[Number, Number] | None = None
    max_days: int = Field(3650, ge=1, le=36500)
    engine: Literal["exact", "montecarlo"] = "exact"
    trials: int = Field(20_000, ge=1000, le=200_000)
    seed: Seed = 1
    calibration: Literal["auto", "own", "reference", "widen", "none"] = "auto"
    confidences: list[int] = Field(
        default_factory=lambda: [50, 70, 85, 95], max_length=limits.MAX_LIST_ITEMS
    )

    def spec(self) -> Spec:
        data = self.model_dump(exclude={"name"})
        data["holidays"] = tuple(data["holidays"])
        data["adjustments"] = tuple(tuple(a) for a in data["adjustments"])
        data["confidences"] = tuple(data["confidences"])
        data["split"] = tuple(data["split"]) if data["split"] else None
        return Spec(**data)


class SaveIn(ForecastIn):
    name: Name(200)


class AnswerOut(Schema):
    question: str
    as_of: date
    sentence: str
    due: date | None
    result: dict[str, Any]


class SavedOut(Schema):
    id: int
    team: int
    name: str
    question: str
    as_of: date
    due: date
    made_at: datetime
    scored: bool
    inputs: dict[str, Any]
    result: dict[str, Any]
    outcome: dict[str, Any]

    @staticmethod
    def resolve_team(obj) -> int:
        return obj.team_id

    @staticmethod
    def resolve_scored(obj) -> bool:
        return obj.is_scored


class TrackingIn(In):
    name: Name(200)
    items: Count = Field(..., ge=1)
    start: Day
    alert_days: int = Field(7, ge=0, le=365)
    window: int = Field(180, ge=1, le=3650)
    calibration: Literal["auto", "own", "reference", "widen", "none"] = "auto"
    growth: bool = False


class PointOut(Schema):
    as_of: date
    done: int
    remaining: int
    p50: date | None
    p85: date | None
    p85_calibrated: date | None


class TrackingOut(Schema):
    id: int
    team: int
    name: str
    items: int
    start: date
    alert_days: int
    options: dict[str, Any]
    points: list[PointOut]

    @staticmethod
    def resolve_team(obj) -> int:
        return obj.team_id

    @staticmethod
    def resolve_points(obj) -> list:
        return list(obj.points.all())


def _answer(team: Team, payload: ForecastIn):
    try:
        return compute(team, payload.spec())
    except ForecastError as error:
        raise HttpError(422, error.message) from None


# --- Items ---------------------------------------------------------------------------------


@router.get("/workspaces/{slug}/teams/{team_id}/items", response=list[ItemOut])
@operation(need=Need.VIEW)
def item_list(
    request: WorkspaceRequest,
    slug: Slug,
    team_id: Id,
    q: Line(200) = "",
    status: Literal["", "finished", "open"] = "",
    done_from: Day | None = None,
    done_to: Day | None = None,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Items, open ones first, then newest finished first; filtered by key/title, status
    (finished or open) and done date; paged."""
    team = get_team_for(request.member, team_id)
    items = WorkItem.objects.filter(team=team).search(
        q=q, status=status, done_from=done_from, done_to=done_to
    )
    return items.order_by(*WorkItem.NEWEST_FIRST)[offset : offset + limit]


@router.post("/workspaces/{slug}/teams/{team_id}/items", response=MergeOut)
@operation(need=Need.EDIT)
def item_push(request: WorkspaceRequest, slug: Slug, team_id: Id, payload: ItemsIn):
    """Add or update up to 10,000 items by key (idempotent: pushing again changes nothing).
    An item without ``done`` is open; pushed again with ``done``, it is finished."""
    team = get_team_for(request.member, team_id)
    items: list[services.ItemData] = [
        {"key": i.key, "title": i.title, "created": i.created, "started": i.started, "done": i.done}
        for i in payload.items
    ]
    counts = services.items_merge(actor=request.user, team=team, items=items)
    return counts.__dict__


@router.post(
    "/workspaces/{slug}/teams/{team_id}/items/delete",
    response=DeletedOut,
)
@operation(need=Need.EDIT)
def item_delete(request: WorkspaceRequest, slug: Slug, team_id: Id, payload: KeysIn):
    """Delete items by key; keys not found are ignored."""
    team = get_team_for(request.member, team_id)
    return {
        "deleted": services.items_delete(actor=request.user, team=team, items=list(payload.keys))
    }


# --- Forecasts -----------------------------------------------------------------------------


@router.post("/workspaces/{slug}/teams/{team_id}/forecast", response=AnswerOut)
@operation(need=Need.VIEW)
def forecast_compute(request: WorkspaceRequest, slug: Slug, team_id: Id, payload: ForecastIn):
    """Compute a forecast without saving it (any member: nothing is written)."""
    answer = _answer(get_team_for(request.member, team_id), payload)
    return {
        "question": answer.question,
        "as_of": answer.as_of,
        "sentence": answer.sentence,
        "due": answer.due,
        "result": answer.result,
    }


@router.get(
    "/workspaces/{slug}/teams/{team_id}/forecasts",
    response=list[SavedOut],
)
@operation(need=Need.VIEW)
def saved_list(
    request: WorkspaceRequest,
    slug: Slug,
    team_id: Id,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Saved forecasts, the latest first; paged."""
    saved = get_team_for(request.member, team_id).saved_forecasts.order_by("-made_at", "-id")
    return saved[offset : offset + limit]


@router.post(
    "/workspaces/{slug}/teams/{team_id}/forecasts",
    response={201: SavedOut},
)
@operation(need=Need.EDIT)
def saved_create(request: WorkspaceRequest, slug: Slug, team_id: Id, payload: SaveIn):
    """Compute and save a forecast; it is scored once its period has passed."""
    team = get_team_for(request.member, team_id)
    answer = _answer(team, payload)
    saved = services.saved_forecast_save(
        actor=request.user, team=team, name=payload.name, answer=answer
    )
    return Status(201, saved)


@router.get("/workspaces/{slug}/forecasts/{forecast_id}", response=SavedOut)
@operation(need=Need.VIEW)
def saved_detail(request: WorkspaceRequest, slug: Slug, forecast_id: Id):
    return get_saved_for(request.member, forecast_id)


# --- Tracking forecasts --------------------------------------------------------------------


@router.get(
    "/workspaces/{slug}/teams/{team_id}/tracking",
    response=list[TrackingOut],
)
@operation(need=Need.VIEW)
def tracking_list(
    request: WorkspaceRequest,
    slug: Slug,
    team_id: Id,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Tracking forecasts by name, each with its daily points; paged."""
    tracking = get_team_for(request.member, team_id).tracking_forecasts.order_by("name", "id")
    return tracking[offset : offset + limit].prefetch_related("points")


@router.post(
    "/workspaces/{slug}/teams/{team_id}/tracking",
    response={201: TrackingOut},
)
@operation(need=Need.EDIT)
def tracking_create(request: WorkspaceRequest, slug: Slug, team_id: Id, payload: TrackingIn):
    team = get_team_for(request.member, team_id)
    tracking = services.tracking_create(
        actor=request.user,
        team=team,
        name=payload.name,
        items=payload.items,
        start=payload.start,
        alert_days=payload.alert_days,
        options={
            "window": payload.window,
            "calibration": payload.calibration,
            "growth": payload.growth,
        },
    )
    return Status(201, tracking)


@router.get("/workspaces/{slug}/tracking/{tracking_id}", response=TrackingOut)
@operation(need=Need.VIEW)
def tracking_detail(request: WorkspaceRequest, slug: Slug, tracking_id: Id):
    return get_tracking_for(request.member, tracking_id)


# --- Flow: aging work in progress, cumulative flow, WIP limit -------------------------------


class AgingItemOut(Schema):
    key: str
    title: str
    started: date
    age: int = Field(..., description="Days in progress as of as_of, both ends counted.")
    passed: str | None = Field(
        ..., description='The highest cycle-time percentile the age is above ("85"), if any.'
    )


class AgingOut(Schema):
    as_of: date
    window_start: date = Field(..., description="Finished items from here on give percentiles.")
    percentiles: dict[str, int] = Field(
        ..., description='Cycle time in days per level ("85": 85% took at most this many).'
    )
    cycle_items: int
    reason: Literal["no_start_dates", "no_finished_items"] | None = Field(
        ..., description="Why percentiles are empty: cycle time needs start dates."
    )
    in_progress: int
    not_started: int = Field(..., description="Open items without a start date.")
    wip_limit: int | None
    over_limit: int
    items: list[AgingItemOut] = Field(..., description="Oldest first; paged.")


class FlowDayOut(Schema):
    day: date
    arrived: int
    started: int
    done: int
    in_progress: int


class CumulativeOut(Schema):
    start: date
    end: date
    wip_limit: int | None
    started_from: Literal["started", "created"]
    days: list[FlowDayOut]


class WipLimitOut(Schema):
    team: int
    limit: int | None
    version: int


class WipLimitIn(In):
    limit: int | None = Field(..., ge=1, le=10_000, description="Empty (null): no limit.")
    version: int | None = VERSION_FIELD


@router.get("/workspaces/{slug}/teams/{team_id}/flow/aging", response=AgingOut)
@operation(need=Need.VIEW)
def flow_aging(
    request: WorkspaceRequest,
    slug: Slug,
    team_id: Id,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Open items in progress as of today, oldest first, with the cycle-time percentiles of
    the team's items finished in the last 180 days and its WIP limit."""
    flow = team_flow(get_team_for(request.member, team_id))
    aging = flow.aging
    return {
        "as_of": aging.as_of,
        "window_start": aging.window_start,
        "percentiles": aging.percentiles,
        "cycle_items": aging.cycle_items,
        "reason": aging.reason,
        "in_progress": aging.in_progress,
        "not_started": aging.not_started,
        "wip_limit": flow.limit,
        "over_limit": flow.over_limit,
        "items": [item.__dict__ for item in aging.items[offset : offset + limit]],
    }


@router.get("/workspaces/{slug}/teams/{team_id}/flow/cumulative", response=CumulativeOut)
@operation(need=Need.VIEW)
def flow_cumulative(
    request: WorkspaceRequest,
    slug: Slug,
    team_id: Id,
    days: Annotated[int, PydanticField(ge=7, le=3650)] = 180,
):
    """Items arrived, started and finished up to each of the last ``days`` days (counting
    everything before, too), with the team's WIP limit."""
    flow = team_flow(get_team_for(request.member, team_id), days=days)
    return {
        "start": flow.start,
        "end": flow.as_of,
        "wip_limit": flow.limit,
        "started_from": flow.started_from,
        "days": [
            {
                "day": d.day,
                "arrived": d.arrived,
                "started": d.started,
                "done": d.done,
                "in_progress": d.in_progress,
            }
            for d in flow.cumulative
        ],
    }


def _wip_limit_out(team: Team) -> dict:
    found = services.wip_limit_of(team)
    return {"team": team.pk, "limit": found.limit, "version": found.version}


@router.get("/workspaces/{slug}/teams/{team_id}/wip-limit", response=WipLimitOut)
@operation(need=Need.VIEW)
def wip_limit_detail(request: WorkspaceRequest, slug: Slug, team_id: Id, response: HttpResponse):
    out = _wip_limit_out(get_team_for(request.member, team_id))
    tag(response, out["version"])
    return out


@router.put(
    "/workspaces/{slug}/teams/{team_id}/wip-limit",
    response={200: WipLimitOut, 409: conflict_schema(WipLimitOut)},
)
@operation(need=Need.EDIT)
def wip_limit_update(
    request: WorkspaceRequest,
    slug: Slug,
    team_id: Id,
    payload: WipLimitIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Set the team's WIP limit (null clears it). With If-Match (or ``version``), a limit
    someone else changed since that version answers 409 and nothing is saved."""
    team = get_team_for(request.member, team_id)
    version = expected_version(if_match, payload.version)
    try:
        services.wip_limit_set(actor=request.user, team=team, limit=payload.limit, version=version)
    except EditConflict as conflict:
        tag(response, conflict.version)
        current = {"team": team.pk, "limit": conflict.instance.limit, "version": conflict.version}
        return conflict_answer(conflict, current)
    out = _wip_limit_out(team)
    tag(response, out["version"])
    return out

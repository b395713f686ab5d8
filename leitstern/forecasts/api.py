"""The forecasts API: finished and open work in bulk (for Jira or CI), forecasts computed and saved,
tracking forecasts. Same services and access rules as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from leitstern.api.operations import operation
from leitstern.api.types import Count, Day, Id, In, Limit, Line, Name, Number, Offset, Seed, Slug
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.forecasts import services
from leitstern.forecasts.access import get_saved_for, get_tracking_for
from leitstern.forecasts.answers import ForecastError, Spec, compute
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
@operation(need=Need.EDIT)
def forecast_compute(request: WorkspaceRequest, slug: Slug, team_id: Id, payload: ForecastIn):
    """Compute a forecast without saving it."""
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

from __future__ import annotations

from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, In, Limit, Name, Offset, Slug, Text, unchanged
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
from leitstern.core.limits import MAX_LIST_ITEMS
from leitstern.core.versioning import EditConflict
from leitstern.teams import selectors, services
from leitstern.teams.access import get_team_for
from leitstern.workspaces.models import Need

router = Router(tags=["teams"])


class TeamIn(In):
    name: Name(120)
    description: Text = ""
    products: list[Id] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, description="Product ids"
    )
    members: list[Id] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, description="User ids of members"
    )


class TeamPatch(In):
    """Only the fields sent change; none of them may be null."""

    name: Name(120) = unchanged()
    description: Text = unchanged()
    products: list[Id] = unchanged(max_length=MAX_LIST_ITEMS, description="Product ids")
    members: list[Id] = unchanged(max_length=MAX_LIST_ITEMS, description="User ids of members")
    version: int | None = VERSION_FIELD


class TeamOut(Schema):
    id: int
    name: str
    description: str
    products: list[int]
    members: list[int]
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_products(obj) -> list[int]:
        return [p.pk for p in obj.products.all()]

    @staticmethod
    def resolve_members(obj) -> list[int]:
        return [u.pk for u in obj.members.all()]


@router.get("/workspaces/{slug}/teams", response=list[TeamOut])
@operation(need=Need.VIEW)
def team_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = limits.PAGE_SIZE, offset: Offset = 0
):
    """Teams by name; paged."""
    teams = selectors.teams_of(request.workspace).order_by("name", "id")
    return teams[offset : offset + limit]


@router.post("/workspaces/{slug}/teams", response={201: TeamOut})
@operation(need=Need.EDIT)
def team_create(request: WorkspaceRequest, slug: Slug, payload: TeamIn):
    team = services.team_create(
        actor=request.user,
        workspace=request.workspace,
        name=payload.name,
        description=payload.description,
        products=payload.products,
        members=payload.members,
    )
    return Status(201, team)


@router.get("/workspaces/{slug}/teams/{team_id}", response=TeamOut)
@operation(need=Need.VIEW)
def team_detail(request: WorkspaceRequest, slug: Slug, team_id: Id, response: HttpResponse):
    team = get_team_for(request.member, team_id)
    tag(response, team.version)
    return team


@router.patch(
    "/workspaces/{slug}/teams/{team_id}",
    response={200: TeamOut, 409: conflict_schema(TeamOut)},
)
@operation(need=Need.EDIT)
def team_update(
    request: WorkspaceRequest,
    slug: Slug,
    team_id: Id,
    payload: TeamPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those. With If-Match (or ``version``), a field
    someone else changed since that version answers 409 and nothing is saved."""
    team = get_team_for(request.member, team_id)
    version = expected_version(if_match, payload.version)
    try:
        # A field left out is None here, which the service reads as "unchanged".
        services.team_update(
            actor=request.user,
            team=team,
            version=version,
            name=payload.name,
            description=payload.description,
            products=payload.products,
            members=payload.members,
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, conflict.instance)
    tag(response, team.version)
    return team

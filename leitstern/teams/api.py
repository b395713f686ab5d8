from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from leitstern.api.access import api_member
from leitstern.api.api import need
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
from leitstern.core.limits import MAX_LIST_ITEMS
from leitstern.core.versioning import EditConflict
from leitstern.teams import services
from leitstern.teams.models import Team
from leitstern.workspaces import access
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


@router.get("/workspaces/{slug}/teams", response=list[TeamOut], openapi_extra=need("view"))
def team_list(
    request: HttpRequest, slug: Slug, limit: Limit() = limits.PAGE_SIZE, offset: Offset = 0
):
    """Teams by name; paged."""
    member = api_member(request, slug, "view")
    teams = member.workspace.teams.order_by("name", "id")[offset : offset + limit]
    return teams.prefetch_related("products", "members")


@router.post("/workspaces/{slug}/teams", response={201: TeamOut}, openapi_extra=need("edit"))
def team_create(request: HttpRequest, slug: Slug, payload: TeamIn):
    member = api_member(request, slug, "edit")
    team = services.team_create(
        actor=request.user,
        workspace=member.workspace,
        name=payload.name,
        description=payload.description,
        products=payload.products,
        members=payload.members,
    )
    return Status(201, team)


@router.get("/workspaces/{slug}/teams/{team_id}", response=TeamOut, openapi_extra=need("view"))
def team_detail(request: HttpRequest, slug: Slug, team_id: Id, response: HttpResponse):
    member = api_member(request, slug, "view")
    team = access.get_object_for(member, Team, team_id)
    tag(response, team.version)
    return team


@router.patch(
    "/workspaces/{slug}/teams/{team_id}",
    response={200: TeamOut, 409: conflict_schema(TeamOut)},
    openapi_extra=need("edit"),
)
def team_update(
    request: HttpRequest,
    slug: Slug,
    team_id: Id,
    payload: TeamPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those. With If-Match (or ``version``), a field
    someone else changed since that version answers 409 and nothing is saved."""
    member = api_member(request, slug, "edit")
    team = access.get_object_for(member, Team, team_id, need=Need.EDIT)
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

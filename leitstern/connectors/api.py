"""The connectors API: connect a tracker to a team, test the connection, sync now, read the
health, revoke the credentials, remove the connector. Same services and rules as the pages;
credentials go in and never come out."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Router, Schema, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, In, Line, Name, Slug
from leitstern.connectors import selectors, services
from leitstern.connectors.access import get_connector_for
from leitstern.connectors.messages import problem_text
from leitstern.connectors.models import Connector, Interval
from leitstern.core.http import WorkspaceRequest
from leitstern.teams.access import get_team_for
from leitstern.workspaces.models import Need

router = Router(tags=["connectors"])


class ConnectorIn(In):
    kind: Literal["jira", "github", "linear", "azure"]
    name: Name(120)
    scope: Line(2000) = Field(
        ...,
        description="Jira: JQL; GitHub: owner/name; Linear: team key; Azure DevOps: project",
    )
    secret: Line(2000) = Field(..., description="The token or password; stored encrypted")
    url: Line(500) = Field("", description="Server address; empty for GitHub.com and Linear")
    labels: Line(500) = ""
    milestone: Line(100) = ""
    github_items: Literal["issues", "pulls"] = "issues"
    jira_done: Literal["resolution", "status"] = "resolution"
    username: Line(200) = ""
    interval: Literal[0, 1, 6, 24] = Interval.SIX_HOURS


class HealthOut(Schema):
    state: str
    progress: int
    last_run_at: datetime | None
    last_success_at: datetime | None
    items: int
    counts: dict[str, Any]
    problem: str
    problem_text: str
    detail: str
    retry_after: datetime | None
    has_credentials: bool
    revoked_at: datetime | None


class ConnectorOut(Schema):
    id: int
    team: int
    kind: str
    name: str
    url: str
    scope: str
    labels: str
    milestone: str
    github_items: str
    jira_done: str
    username: str
    interval: int
    version: int
    health: HealthOut

    @staticmethod
    def resolve_team(obj: Connector) -> int:
        return obj.team_id

    @staticmethod
    def resolve_health(obj: Connector) -> dict[str, Any]:
        return selectors.health(obj).__dict__


class TestOut(Schema):
    ok: bool
    account: str
    items: int | None
    problem: str
    message: str
    detail: str


class SyncIn(In):
    full: bool = Field(False, description="Read everything again (finds deleted items)")


class SyncOut(Schema):
    queued: bool
    connector: ConnectorOut


@router.get("/workspaces/{slug}/teams/{team_id}/connectors", response=list[ConnectorOut])
@operation(need=Need.VIEW)
def connector_list(request: WorkspaceRequest, slug: Slug, team_id: Id):
    """The team's connectors with their health."""
    return selectors.connectors_of(get_team_for(request.member, team_id))


@router.post("/workspaces/{slug}/teams/{team_id}/connectors", response={201: ConnectorOut})
@operation(need=Need.EDIT)
def connector_create(request: WorkspaceRequest, slug: Slug, team_id: Id, payload: ConnectorIn):
    """Connect a tracker to the team; nothing is read until a test or a sync."""
    team = get_team_for(request.member, team_id, need=Need.EDIT)
    connector = services.connector_create(actor=request.user, team=team, **payload.model_dump())
    return Status(201, connector)


@router.get("/workspaces/{slug}/connectors/{connector_id}", response=ConnectorOut)
@operation(need=Need.VIEW)
def connector_status(request: WorkspaceRequest, slug: Slug, connector_id: Id):
    """The connector's settings and health line (never its credentials)."""
    return get_connector_for(request.member, connector_id)


@router.post("/workspaces/{slug}/connectors/{connector_id}/test", response=TestOut)
@operation(need=Need.EDIT)
def connector_test(request: WorkspaceRequest, slug: Slug, connector_id: Id):
    """Reach the tracker with the stored credentials; ``ok`` false with the problem in
    plain words when that fails. Writes nothing."""
    connector = get_connector_for(request.member, connector_id, need=Need.EDIT)
    checked = services.connection_test(connector=connector)
    return {**checked.__dict__, "message": problem_text(checked.problem)}


@router.post("/workspaces/{slug}/connectors/{connector_id}/sync", response=SyncOut)
@operation(need=Need.EDIT)
def connector_sync(request: WorkspaceRequest, slug: Slug, connector_id: Id, payload: SyncIn):
    """Queue a sync now (``queued`` false when one is queued or running already); follow
    its progress on the connector's ``health``."""
    connector = get_connector_for(request.member, connector_id, need=Need.EDIT)
    queued = services.sync_request(actor=request.user, connector=connector, full=payload.full)
    connector.refresh_from_db()
    return {"queued": queued, "connector": connector}


@router.post("/workspaces/{slug}/connectors/{connector_id}/revoke", response=ConnectorOut)
@operation(need=Need.EDIT)
def connector_revoke(request: WorkspaceRequest, slug: Slug, connector_id: Id):
    """Erase the stored credentials; no sync runs until new ones are entered."""
    connector = get_connector_for(request.member, connector_id, need=Need.EDIT)
    return services.connector_revoke(actor=request.user, connector=connector)


@router.delete("/workspaces/{slug}/connectors/{connector_id}", response={204: None})
@operation(need=Need.EDIT)
def connector_delete(request: WorkspaceRequest, slug: Slug, connector_id: Id):
    """Remove the connector; the items it brought in stay in the team's history."""
    connector = get_connector_for(request.member, connector_id, need=Need.EDIT)
    services.connector_delete(actor=request.user, connector=connector)
    return Status(204, None)

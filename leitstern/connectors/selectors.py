"""Reads: a connector's health line and the team page's panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from leitstern.connectors.messages import problem_text
from leitstern.connectors.models import Connector, State
from leitstern.core.http import WorkspaceRequest
from leitstern.teams.models import Team


@dataclass(frozen=True)
class Health:
    """What the health line says: running (with progress), last sync and its counts, the
    problem in plain words, when a rate limit ends."""

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

    @property
    def busy(self) -> bool:
        return self.state in (State.QUEUED, State.RUNNING)

    @property
    def running(self) -> bool:
        return self.state == State.RUNNING


def health(connector: Connector) -> Health:
    return Health(
        state=connector.state,
        progress=connector.progress,
        last_run_at=connector.last_run_at,
        last_success_at=connector.last_success_at,
        items=connector.items,
        counts=dict(connector.last_counts or {}),
        problem=connector.problem,
        problem_text=problem_text(connector.problem),
        detail=connector.problem_detail,
        retry_after=connector.retry_after,
        has_credentials=connector.has_credentials,
        revoked_at=connector.revoked_at,
    )


def connectors_of(team: Team) -> list[Connector]:
    return list(Connector.objects.filter(team=team).order_by("name", "pk"))


def team_panel(request: WorkspaceRequest, team: Team) -> dict[str, Any]:
    """The team page's section: each connector with its health line, and for editors the
    way to connect a tracker."""
    connectors = connectors_of(team)
    return {
        "team": team,
        "connectors": [(c, health(c)) for c in connectors],
    }

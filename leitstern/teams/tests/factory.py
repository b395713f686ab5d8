"""Plain builders for tests of teams and of the modules that use them, through the services."""

from __future__ import annotations

from itertools import count

from leitstern.teams.models import Team
from leitstern.teams.services import team_create

_n = count(1)


def make_team(world, name: str = "", **data) -> Team:
    """A team of the world's workspace, created by its owner (no work history; the
    forecasts factory's ``make_team`` adds one)."""
    return team_create(
        actor=world.owner, workspace=world.workspace, name=name or f"Team {next(_n)}", **data
    )


# --- Samples for the access walk (``core/tests/test_access.py``) -------------------------


def sample_team(world, *, days: int = 60) -> Team:
    """The world's "Sample" team (with finished work from the forecasts factory when it is
    made there), created once per world."""
    team = Team.objects.filter(workspace=world.workspace, name="Sample").first()
    return team or make_team(world, "Sample")


# URL arguments by route name: ``(world, requesting user or None) -> kwargs``.
ROUTE_SAMPLES = {
    "teams:detail": lambda w, u: {"pk": sample_team(w).pk},
    "teams:edit": lambda w, u: {"pk": sample_team(w).pk},
    "teams:delete": lambda w, u: {"pk": make_team(w).pk},
}

# API path parameters by name: ``world -> value``.
API_PATH_SAMPLES = {
    "team_id": lambda w: sample_team(w).pk,
}

# A valid body per operation id, so access (not validation) decides the answer.
API_BODIES = {
    "leitstern_teams_api_team_create": lambda: {"name": f"Squad {next(_n)}"},
    "leitstern_teams_api_team_update": lambda: {"description": f"Builds {next(_n)}"},
}

# Real ids of a workspace by API path parameter, for the API fuzzing (api/tests/test_fuzz.py).
FUZZ_IDS = {
    "team_id": lambda workspace: workspace.teams.all(),
}

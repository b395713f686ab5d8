"""Two people setting a team's first WIP limit at the same moment, through the API.

Each scenario builds its own workspace, runs many tries with threads that have their own
database connections, and returns the problems it saw (empty: none). The PostgreSQL pass
runs them in-process, the SQLite pass on a file in a subprocess (``test_races.py``)."""

from __future__ import annotations

from functools import partial

from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.forecasts.models import WipLimit
from leitstern.teams.services import team_create
from leitstern.testing import make_world, run_together

TRIES = 20
JSON = "application/json"


def _api(world, user) -> tuple[Client, dict]:
    _token, raw = api_token_create(actor=user, workspace=world.workspace, name="race")
    return Client(), {"Authorization": f"Bearer {raw}"}


def _status(response) -> object:
    return response if isinstance(response, BaseException) else response.status_code


def first_limit_from_the_same_version(tries: int = TRIES) -> list[str]:
    """Both set a new team's first limit from version 1 at once: one is saved, the other
    answers 409 with the saved limit; never a 500 on the one-per-team row, never a silent
    overwrite."""
    world = make_world()
    (anna, anna_auth), (ben, ben_auth) = _api(world, world.owner), _api(world, world.editor)
    problems = []
    for n in range(tries):
        team = team_create(actor=world.owner, workspace=world.workspace, name=f"Race {n}")
        url = f"/api/v1/workspaces/{world.workspace.slug}/teams/{team.pk}/wip-limit"
        answers = run_together(
            partial(anna.put, url, {"limit": 5}, JSON, headers={**anna_auth, "If-Match": '"1"'}),
            partial(ben.put, url, {"limit": 8}, JSON, headers={**ben_auth, "If-Match": '"1"'}),
        )
        statuses = [_status(answer) for answer in answers]
        if sorted(statuses, key=str) != [200, 409]:
            problems.append(f"try {n}: answers {statuses}")
            continue
        winner = 5 if statuses[0] == 200 else 8
        stored = WipLimit.objects.get(team=team).limit
        if stored != winner:
            problems.append(f"try {n}: stored {stored}, saved answer was {winner}")
    return problems


def first_limit_without_a_version(tries: int = TRIES) -> list[str]:
    """Both set a new team's first limit at once without a version: both are answered 200
    (the last write wins, as documented for writes without a version) and one row holds
    one of the two limits."""
    world = make_world()
    (anna, anna_auth), (ben, ben_auth) = _api(world, world.owner), _api(world, world.editor)
    problems = []
    for n in range(tries):
        team = team_create(actor=world.owner, workspace=world.workspace, name=f"Race {n}")
        url = f"/api/v1/workspaces/{world.workspace.slug}/teams/{team.pk}/wip-limit"
        answers = run_together(
            partial(anna.put, url, {"limit": 5}, JSON, headers=anna_auth),
            partial(ben.put, url, {"limit": 8}, JSON, headers=ben_auth),
        )
        statuses = [_status(answer) for answer in answers]
        if statuses != [200, 200]:
            problems.append(f"try {n}: answers {statuses}")
        rows = list(WipLimit.objects.filter(team=team).values_list("limit", flat=True))
        if len(rows) != 1 or rows[0] not in (5, 8):
            problems.append(f"try {n}: stored {rows}")
    return problems

"""Plain builders for forecasts tests: a team with a realistic history, uploads, saved and
tracking forecasts, share links."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from leitstern.forecasts.models import SavedForecast, TrackingForecast
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services import items_merge
from leitstern.teams.models import Team
from leitstern.teams.tests import factory as teams_factory


def make_team(
    world, name: str = "Platform", *, days: int = 0, per_day: float = 3.0, seed: int = 7
) -> Team:
    """A team of the world's workspace; with ``days``, that many days of finished items
    up to yesterday (Poisson counts, start and creation dates a few days earlier)."""
    team = teams_factory.make_team(world, name)
    if days:
        add_history(team, days=days, per_day=per_day, seed=seed)
    return team


def history_rows(
    *, days: int, per_day: float, seed: int = 7, end: date | None = None
) -> list[dict]:
    rng = np.random.default_rng(seed)
    end = end or today() - timedelta(days=1)
    rows, n = [], 0
    for offset in range(days, 0, -1):
        day = end - timedelta(days=offset - 1)
        for _ in range(int(rng.poisson(per_day))):
            n += 1
            cycle = int(rng.integers(0, 10))
            rows.append(
                {
                    "key": f"T-{n}",
                    "title": f"Item {n}",
                    "done": day,
                    "started": day - timedelta(days=cycle),
                    "created": day - timedelta(days=cycle + int(rng.integers(0, 20))),
                }
            )
    return rows


def add_history(team: Team, *, days: int, per_day: float = 3.0, seed: int = 7) -> int:
    rows = history_rows(days=days, per_day=per_day, seed=seed)
    items_merge(actor=None, team=team, items=rows, record=False)
    return len(rows)


def csv_of(rows: list[dict]) -> bytes:
    lines = ["Issue key,Summary,Created,Start date,Resolved"]
    for r in rows:
        lines.append(
            f"{r['key']},{r['title']},{r['created'].isoformat()},{r['started'].isoformat()},"
            f"{r['done'].isoformat()}"
        )
    return ("\n".join(lines) + "\n").encode()


# --- Samples for the access tests (one object per call, so deleting routes stay testable) --

_n = iter(range(1, 10**9))


def sample_team(world, *, days: int = 60) -> Team:
    """The world's "Sample" team (``teams`` factory) with some history, created once."""
    team = Team.objects.filter(workspace=world.workspace, name="Sample").first()
    return team or make_team(world, "Sample", days=days)


def prepare_access_world(world) -> None:
    """For the access walk's world: the sample team the teams factory names has history,
    whichever module's sample reaches it first."""
    team = teams_factory.sample_team(world)
    if not team.items.exists():
        add_history(team, days=60)


def sample_new_team(world) -> Team:
    return make_team(world, f"Team {next(_n)}")


def sample_item(world):
    from leitstern.forecasts.models import WorkItem

    team = sample_team(world)
    key = f"S-{next(_n)}"
    items_merge(actor=None, team=team, items=[{"key": key, "done": today() - timedelta(days=2)}])
    return WorkItem.objects.get(team=team, key=key)


def sample_job(world):
    """A previewed upload of the world's "Sample" team."""
    from leitstern.core.imports.flow import import_start
    from leitstern.forecasts.importers import HISTORY

    return import_start(
        actor=world.owner, importer=HISTORY, target=sample_team(world), filename="sample.csv",
        data=b"key,done\nA,2025-01-02\n",
    )  # fmt: skip


def sample_saved(world):
    from leitstern.forecasts.answers import Spec, compute
    from leitstern.forecasts.models import Question
    from leitstern.forecasts.services import saved_forecast_save

    team = sample_team(world)
    answer = compute(team, Spec(question=Question.WHEN, items=20, window=60))
    return saved_forecast_save(
        actor=world.owner, team=team, name=f"Forecast {next(_n)}", answer=answer
    )


def sample_tracking(world):
    from leitstern.forecasts.services import tracking_create

    return tracking_create(
        actor=world.owner, team=sample_team(world), name=f"Release {next(_n)}", items=30,
        start=today() - timedelta(days=20),
    )  # fmt: skip


def sample_share(world):
    from leitstern.forecasts.services import share_create

    return share_create(actor=world.owner, forecast=sample_saved(world))


def _saved_pk(world, user) -> dict:
    return {"pk": sample_saved(world).pk}


def _tracking_pk(world, user) -> dict:
    return {"pk": sample_tracking(world).pk}


def _item(world, user) -> dict:
    item = sample_item(world)
    return {"pk": item.team_id, "item_pk": item.pk}


def _job(world, user) -> dict:
    job = sample_job(world)
    return {"pk": job.target_id, "job": job.pk}


# URL arguments by route name: ``(world, requesting user or None) -> kwargs``.
ROUTE_SAMPLES = {
    **{
        f"forecasts:{name}": lambda w, u: {"pk": sample_team(w).pk}
        for name in [
            "accuracy",
            "items",
            "items_csv",
            "items_delete",
            "upload",
            "forecast",
            "forecast_save",
            "tracking_new",
            "flow",
            "wip_limit_edit",
        ]
    },
    "forecasts:item_delete": _item,
    "forecasts:import": _job,
    "forecasts:import_apply": _job,
    **{f"forecasts:{name}": _saved_pk for name in ["saved", "saved_delete", "saved_share"]},
    **{
        f"forecasts:{name}": _tracking_pk
        for name in ["tracking", "tracking_refresh", "tracking_delete", "tracking_share"]
    },
    "forecasts:share_revoke": lambda w, u: {"pk": sample_share(w)[0].pk},
    "forecast_share:view": lambda w, u: {"token": sample_share(w)[1]},
}

# API path parameters by name: ``world -> value``.
API_PATH_SAMPLES = {
    "forecast_id": lambda w: sample_saved(w).pk,
    "tracking_id": lambda w: sample_tracking(w).pk,
}

# A valid body per operation id, so access (not validation) decides the answer.
API_BODIES = {
    "leitstern_forecasts_api_item_push": lambda: {
        "items": [{"key": "API-1", "title": "Pushed", "done": "2025-01-06"}]
    },
    "leitstern_forecasts_api_item_delete": lambda: {"keys": ["API-404"]},
    "leitstern_forecasts_api_forecast_compute": lambda: {"question": "when", "items": 20},
    "leitstern_forecasts_api_saved_create": lambda: {
        "question": "when",
        "items": 20,
        "name": f"Release {next(_n)}",
    },
    "leitstern_forecasts_api_wip_limit_update": lambda: {"limit": 8},
    "leitstern_forecasts_api_tracking_create": lambda: {
        "name": f"Release {next(_n)}",
        "items": 40,
        "start": "2025-01-01",
    },
}

# Real ids of a workspace by API path parameter, for the API fuzzing (api/tests/test_fuzz.py).
FUZZ_IDS = {
    "forecast_id": lambda workspace: SavedForecast.objects.filter(team__workspace=workspace),
    "tracking_id": lambda workspace: TrackingForecast.objects.filter(team__workspace=workspace),
}

"""Saved forecasts: kept as made, scored against what really happened once due."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.forecasts.answers import Answer
from leitstern.forecasts.models import Question, SavedForecast, WorkItem
from leitstern.forecasts.selectors import today
from leitstern.teams.models import Team

FORECAST_SAVED = kinds.register("forecasts.saved", gettext_lazy("saved a forecast"))
FORECAST_DELETED = kinds.register("forecasts.deleted", gettext_lazy("deleted a forecast"))


@transaction.atomic
def saved_forecast_save(
    *,
    actor: User | None,
    team: Team,
    name: str,
    answer: Answer,
    made_at: datetime | None = None,
) -> SavedForecast:
    """Keep a computed forecast with its inputs and answer, to be scored when due.
    ``made_at`` (default: now) dates a forecast made earlier, such as the demo's."""
    forecast = SavedForecast(  # type: ignore[misc]  # no due day: full_clean says so
        team=team,
        created_by=actor,
        name=name.strip(),
        question=answer.question,
        inputs=answer.spec.as_json(),
        result=answer.result,
        as_of=answer.as_of,
        due=answer.due,
        made_at=made_at or timezone.now(),
    )
    forecast.full_clean()
    forecast.save()
    activity_record(workspace=team.workspace, actor=actor, kind=FORECAST_SAVED, target=forecast)
    return forecast


@transaction.atomic
def saved_forecast_delete(*, actor: User, forecast: SavedForecast) -> None:
    activity_record(
        workspace=forecast.team.workspace, actor=actor, kind=FORECAST_DELETED, target=forecast
    )
    forecast.delete()


def _done_after(team: Team, as_of: date, until: date) -> list[tuple[date, int]]:
    rows = (
        WorkItem.objects.filter(team=team)
        .finished()
        .filter(done__gt=as_of, done__lte=until)
        .values_list("done")
        .annotate(n=Count("id"))
        .order_by("done")
    )
    return list(rows)


def _hits(table: dict, decide) -> dict[str, bool]:
    return {level: decide(value) for level, value in table.items() if value is not None}


@transaction.atomic
def saved_forecast_score(*, forecast: SavedForecast, on: date | None = None) -> bool:
    """Score the forecast if what it asked about is known by ``on`` (default: yesterday, the
    last complete day). Returns whether it was scored."""
    known = on or today() - timedelta(days=1)
    if forecast.is_scored:
        return False
    inputs, result = forecast.inputs, forecast.result
    remaining = (inputs.get("items") or 0) - (inputs.get("done") or 0)
    if forecast.question == Question.HOW_MANY:
        if forecast.due > known:
            return False
        actual = sum(n for _d, n in _done_after(forecast.team, forecast.as_of, forecast.due))
        outcome = {
            "actual": actual,
            "hits": {
                kind: _hits(result.get(kind, {}), lambda v, a=actual: a >= v)
                for kind in ("plain", "calibrated")
            },
        }
    elif forecast.question == Question.WHEN:
        finished, total = None, 0
        for day, n in _done_after(forecast.team, forecast.as_of, known):
            total += n
            if total >= remaining:
                finished = day
                break
        if finished is None and forecast.due > known:
            return False

        def came_true(answer: dict, f=finished) -> bool:
            return f is not None and f <= date.fromisoformat(answer["date"])

        outcome = {
            "actual_date": finished.isoformat() if finished else None,
            "actual_days": (finished - forecast.as_of).days if finished else None,
            "hits": {
                kind: _hits(result.get(kind, {}), came_true) for kind in ("plain", "calibrated")
            },
        }
    else:
        if forecast.due > known:
            return False
        actual = sum(n for _d, n in _done_after(forecast.team, forecast.as_of, forecast.due))
        outcome = {
            "actual": actual,
            "came_true": actual >= remaining,
            "probability": result.get("probability"),
            "calibrated_probability": result.get("calibrated_probability"),
        }
    forecast.outcome = outcome
    forecast.scored_at = timezone.now()
    forecast.save(update_fields=["outcome", "scored_at"])
    return True

"""What a shared forecast says to someone outside the team: the team and the question it
answers, one plain sentence, and the dates or counts with how likely each is. The words
"plain", "calibrated" and "hit rate" stay on the team's pages; a shared link shows only
the calibrated values, which are the ones to plan with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leitstern.forecasts.answers import stored_rows
from leitstern.forecasts.models import Question, SavedForecast


@dataclass(frozen=True)
class SharedRow:
    level: str
    value: date | int | None


@dataclass(frozen=True)
class SharedForecast:
    team: str
    question: str  # the forecast's scope, as a question
    sentence: str
    rows: list[SharedRow]
    kind: str  # "how_many": rows hold counts; otherwise dates
    as_of: date
    window_start: date | None
    window_end: date | None


def _day(value: str | None) -> str:
    return date_format(date.fromisoformat(value), "DATE_FORMAT") if value else ""


def _window(result: dict) -> dict:
    return result.get("window") or (result.get("when") or {}).get("window") or {}


def shared_forecast(forecast: SavedForecast) -> SharedForecast:
    """The stakeholder's view of a saved forecast, in the reader's language."""
    result = forecast.result
    params = result.get("sentence_params", {})
    window = _window(result)
    team = forecast.team.name
    words = {
        "team": team,
        "start": _day(window.get("start")),
        "end": _day(window.get("end")),
        "percent": params.get("percent", ""),
        "count": params.get("count", params.get("items", "")),
        "date": _day(params.get("date")),
    }
    if forecast.question == Question.HOW_MANY:
        question = _("How many items will %(team)s finish by %(date)s?") % words
        sentence = _(
            "If %(team)s keeps the pace it had from %(start)s to %(end)s, it will finish at "
            "least %(count)s items by %(date)s, with a likelihood of %(percent)s%%."
        )
    elif forecast.question == Question.CHANCE:
        question = _("Will %(count)s items be done by %(date)s?") % words
        sentence = _(
            "If %(team)s keeps the pace it had from %(start)s to %(end)s, the %(count)s items "
            "will be done by %(date)s with a likelihood of %(percent)s%%."
        )
    else:
        question = _("When will %(count)s items be done?") % words
        sentence = (
            _(
                "If %(team)s keeps the pace it had from %(start)s to %(end)s, the %(count)s "
                "items will be done by %(date)s, with a likelihood of %(percent)s%%."
            )
            if params.get("date")
            else _(
                "At the pace %(team)s had from %(start)s to %(end)s, the %(count)s items will "
                "not be done within the time looked at."
            )
        )
    rows = [SharedRow(row.level, row.calibrated) for row in stored_rows(result)]
    return SharedForecast(
        team=team,
        question=question,
        sentence=sentence % words,
        rows=rows,
        kind=forecast.question,
        as_of=forecast.as_of,
        window_start=date.fromisoformat(window["start"]) if window.get("start") else None,
        window_end=date.fromisoformat(window["end"]) if window.get("end") else None,
    )

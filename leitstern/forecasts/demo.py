"""Demo data for forecasts: a year of history shaped like real open-source work for each of
the two teams the teams seeder created, saved forecasts made in the past (and scored), one
tracking forecast."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import numpy as np
from django.utils import timezone

from leitstern.core.seeding import DemoContext
from leitstern.forecasts.answers import Spec, compute
from leitstern.forecasts.demo_history import CHECKOUT, STOREFRONT
from leitstern.forecasts.models import Question
from leitstern.forecasts.selectors import team_series, today
from leitstern.forecasts.services import (
    items_merge,
    saved_forecast_save,
    saved_forecast_score,
    tracking_create,
    tracking_refresh,
    wip_limit_set,
)

TITLES = [
    "Pay by invoice for returning customers", "Retry failed card payments", "Show delivery "
    "date on product page", "Faster search suggestions", "Fix rounding in VAT display",
    "Apple Pay in checkout", "Remember last payment method", "Speed up cart page", "Accessible "
    "date picker", "Translate error messages", "Log fraud checks", "Klarna instalments",
    "Image zoom on mobile", "Filter by availability", "Refund status e-mail", "Upgrade payment SDK",
]  # fmt: skip

# The history of each team the teams seeder created, by team name.
HISTORIES = {
    "Checkout squad": {"prefix": "CHK", "counts": CHECKOUT, "seed": 11},
    "Storefront crew": {"prefix": "SF", "counts": STOREFRONT, "seed": 23},
}


def _items(prefix: str, counts: tuple[int, ...], seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    end = today() - timedelta(days=1)
    items, n = [], 0
    for offset, count in enumerate(counts):
        day = end - timedelta(days=len(counts) - 1 - offset)
        for _ in range(count):
            n += 1
            cycle = int(min(60, rng.lognormal(1.4, 0.8)))
            started = day - timedelta(days=cycle)
            items.append(
                {
                    "key": f"{prefix}-{1000 + n}",
                    "title": TITLES[int(rng.integers(len(TITLES)))],
                    "done": day,
                    "started": started,
                    "created": started - timedelta(days=int(rng.integers(0, 45))),
                }
            )
    return items


def _open_items(prefix: str, seed: int) -> list[dict]:
    """Work still open: ten items in progress (a few of them old) and four nobody started."""
    rng = np.random.default_rng(seed)
    items = []
    for n in range(14):
        created = today() - timedelta(days=int(rng.integers(5, 60)))
        age = int(min(40, rng.lognormal(1.6, 0.9)))
        started = max(created, today() - timedelta(days=age)) if n < 10 else None
        items.append(
            {
                "key": f"{prefix}-{5000 + n}",
                "title": TITLES[int(rng.integers(len(TITLES)))],
                "created": created,
                "started": started,
                "done": None,
            }
        )
    return items


def _made_at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time(9, 30)))


def seed(context: DemoContext) -> None:
    editor = context.people["jonas.keller@nordwind.example"]
    yesterday = today() - timedelta(days=1)
    teams = []
    for name, spec in HISTORIES.items():
        team = context.extra["teams"][name]
        finished = _items(spec["prefix"], spec["counts"], spec["seed"])
        items_merge(
            actor=editor, team=team, items=finished + _open_items(spec["prefix"], spec["seed"])
        )
        wip_limit_set(actor=editor, team=team, limit=8)
        teams.append(team)

    # Forecasts made in the past, every four weeks, now scored against what happened.
    for team in teams:
        series = team_series(team)
        for weeks in range(28, 3, -4):
            as_of = yesterday - timedelta(days=7 * weeks)
            answer = compute(
                team,
                Spec(
                    question=Question.HOW_MANY,
                    as_of=as_of,
                    by=as_of + timedelta(days=28),
                    window=90,
                ),
                series=series,
            )
            saved = saved_forecast_save(
                actor=editor,
                team=team,
                name=f"{team.name}: next four weeks from {as_of:%d %b}",
                answer=answer,
                made_at=_made_at(as_of),
            )
            saved_forecast_score(forecast=saved)
        as_of = yesterday - timedelta(days=150)
        answer = compute(
            team, Spec(question=Question.WHEN, as_of=as_of, items=60, window=90), series=series
        )
        saved = saved_forecast_save(
            actor=editor, team=team, name=f"{team.name}: 60 items from {as_of:%d %b}",
            answer=answer, made_at=_made_at(as_of),
        )  # fmt: skip
        saved_forecast_score(forecast=saved)

    # A tracking forecast with a history of daily answers.
    checkout = teams[0]
    start = yesterday - timedelta(days=42)
    tracking = tracking_create(
        actor=editor, team=checkout, name="Release 2.0: one-page checkout", items=150,
        start=start, alert_days=7, options={"window": 90},
    )  # fmt: skip
    series = team_series(checkout)
    day = start + timedelta(days=7)
    while day <= yesterday:
        tracking_refresh(tracking=tracking, as_of=day, series=series, computed_at=_made_at(day))
        day += timedelta(days=7 if day < yesterday - timedelta(days=7) else 1)

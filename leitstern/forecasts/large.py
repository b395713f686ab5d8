"""The large workspace's delivery history (see ``leitstern.core.large``): ``scale.items``
finished items over ``scale.item_years`` years, shared by the teams, plus a few open ones,
imported week by week. The daily counts are counted from the same rows with the services'
own ``deltas``, so they are what the services would have kept; ``verify`` counts them
again from the items."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from itertools import accumulate

from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.activity.large import entry
from leitstern.core.large import LargeContext
from leitstern.forecasts.models import DailyCount, TeamHistory, WorkItem
from leitstern.forecasts.selectors import counts_from_items, kept_counts
from leitstern.forecasts.services import ITEMS_IMPORTED
from leitstern.forecasts.services.daily import COLUMNS, deltas


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def generate(context: LargeContext) -> None:
    rng, scale = context.rng, context.scale
    last = context.today - timedelta(days=1)
    days = [last - timedelta(days=n) for n in range(scale.item_years * 365)][::-1]
    # Weekends are quiet; the cumulative weights make each draw a binary search.
    weights = list(accumulate(0.15 if day.weekday() >= 5 else 1.0 for day in days))
    editors = context.editors()
    for n, team in enumerate(context.teams):
        finished = scale.items // len(context.teams) + (n < scale.items % len(context.teams))
        rows = []
        for i, done in enumerate(sorted(rng.choices(days, cum_weights=weights, k=finished))):
            started = done - timedelta(days=min(int(rng.expovariate(1 / 4)), 60))
            created = started - timedelta(days=rng.randrange(40))
            rows.append(
                (
                    team.pk,
                    f"{team.name[:3].upper()}-{i + 1}",
                    f"Item {i + 1}",
                    created,
                    started,
                    done,
                )
            )
        for i in range(max(1, finished // 250)):  # open items: recent, half of them started
            created = last - timedelta(days=rng.randrange(60))
            started = min(created + timedelta(days=rng.randrange(5)), last) if i % 2 else None
            key = f"{team.name[:3].upper()}-{finished + i + 1}"
            rows.append((team.pk, key, f"Item {finished + i + 1}", created, started, None))
        context.insert(
            WorkItem, ("team_id", "key", "title", "created", "started", "done"), iter(rows)
        )
        counts = deltas(added=(row[3:] for row in rows))
        context.insert(
            DailyCount,
            ("team_id", "day", *COLUMNS),
            ((team.pk, day, *values) for day, values in sorted(counts.items())),
        )
        # One import a week, on Monday morning, of the items finished the week before.
        weekly: dict = {}
        for row in rows:
            day = row[5] or last
            week = min(day - timedelta(days=day.weekday() - 7), context.today)
            weekly[week] = weekly.get(week, 0) + 1
        actor = editors[n % len(editors)]
        for week, count in sorted(weekly.items()):
            context.activity.append(
                entry(
                    kind=ITEMS_IMPORTED,
                    actor_id=actor.pk,
                    target_type="teams.team",
                    target_id=team.pk,
                    label=str(team),
                    at=_at(week, 8),
                    changes={
                        "items": [
                            "",
                            _("%(created)s new, %(updated)s updated")
                            % {"created": count, "updated": 0},
                        ]
                    },
                )
            )
        TeamHistory.objects.create(team=team, version=len(weekly), changed_at=_at(max(weekly), 8))


def verify(context: LargeContext) -> list[str]:
    """Problems found: a team whose kept counts differ from counting its items."""
    return [
        f"daily counts of {team} differ from its items"
        for team in context.teams
        if kept_counts(team) != counts_from_items(team)
    ]

"""Reads for the flow page and its API: aging work in progress, cumulative flow and work in
progress over time, with the team's WIP limit. The counting is the engine's
(``engines.forecast.flow``); this module only fetches the dates it needs: the kept daily
counts, the open items and the (start, done) pairs of the recent finished items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count

from leitstern.engines.forecast.flow import (
    AGING_WINDOW,
    AgingWip,
    FlowDay,
    aging_wip,
    cumulative_flow,
)
from leitstern.forecasts.models import WipLimit, WorkItem
from leitstern.forecasts.selectors import _leave_out_backlog, _wip, kept_counts, today
from leitstern.teams.models import Team

FLOW_DAYS = 180  # cumulative flow and work in progress over the last 180 days by default


@dataclass(frozen=True)
class TeamFlow:
    """What the flow page draws. ``wip``: ``[day, items in progress]`` from ``start``;
    ``started_from``: whether work counts from start dates (``"started"``) or, for a
    history without any, from creation (``"created"``)."""

    as_of: date
    start: date
    limit: int | None
    version: int
    aging: AgingWip
    cumulative: tuple[FlowDay, ...]
    wip: list[list]
    started_from: str
    open_items: int

    @property
    def over_limit(self) -> int:
        """Items in progress beyond the limit now (0 without a limit)."""
        if self.limit is None:
            return 0
        return max(0, self.aging.in_progress - self.limit)


def _daily(points: list[list], start: date, end: date) -> list[list]:
    """``[day, value]`` for every day from ``start`` to ``end``; a day after the last point
    keeps its value (open items stay in progress until today), one before the first is 0."""
    if not points:
        return []
    known = {day: value for day, value in points}
    last, found = 0, []
    first = points[0][0]
    for offset in range((end - start).days + 1):
        day = (start + timedelta(days=offset)).isoformat()
        if day in known:
            last = known[day]
        elif day < first:
            last = 0
        found.append([day, last])
    return found


def team_flow(team: Team, *, days: int = FLOW_DAYS, as_of: date | None = None) -> TeamFlow:
    """The team's flow as of ``as_of`` (default today: open items age until today), over
    the last ``days`` days."""
    as_of = as_of or today()
    start = as_of - timedelta(days=days - 1)
    limit = WipLimit.objects.filter(team=team).values_list("limit", "version").first()
    items = WorkItem.objects.filter(team=team)

    open_items = list(items.open().values_list("key", "title", "started").order_by())
    window_start = as_of - timedelta(days=AGING_WINDOW - 1)
    pairs = (
        items.finished()
        .filter(done__range=(window_start, as_of))
        .values_list("started", "done")
        .annotate(n=Count("id"))
        .order_by()
    )
    finished = [(started, done) for started, done, n in pairs for _ in range(n)]
    aging = aging_wip(open_items, finished, as_of=as_of)

    counts = kept_counts(team, columns=("arrived", "began", "done", "ended"))
    has_starts = items.filter(started__isnull=False).exists()
    began = dict(counts["began"])
    started_from = _leave_out_backlog(team, began, "started" if has_starts else "created")
    cumulative = cumulative_flow(
        arrived=counts["arrived"], started=began, done=counts["done"], start=start, end=as_of
    )
    wip = _daily(_wip(began, counts["ended"]), start, as_of)
    return TeamFlow(
        as_of=as_of,
        start=start,
        limit=limit[0] if limit else None,
        version=limit[1] if limit else 1,
        aging=aging,
        cumulative=cumulative,
        wip=wip,
        started_from=started_from,
        open_items=len(open_items),
    )

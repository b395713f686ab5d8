"""Reads that span models: a team's history as the engine's ``DailySeries``, and the
numbers behind the team page. Counting per day happens in the database; every forecast
number comes from the engine, and only from finished items: open items count as arrivals
and work in progress (from their start date) on the team page, nowhere else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.core.cache import cache
from django.db.models import Count, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from leitstern.engines.forecast import DailySeries, ForecastInputError, Item, cycle_time, health
from leitstern.engines.forecast.history import window_sample
from leitstern.forecasts.charts import team_charts
from leitstern.forecasts.messages import describe
from leitstern.forecasts.models import DailyCount, TeamHistory, WorkItem
from leitstern.teams.models import Team

SCATTER_POINTS = 1500  # the cycle-time scatter shows at most this many recent items
RECENT_DAYS = 180
QUIET_SPELL_DAYS = 14


def today() -> date:
    """Today in the workspace's time zone (``TIME_ZONE``)."""
    return timezone.localdate()


def history_version(team: Team) -> str:
    """A token that changes whenever the team's items change (for cache keys)."""
    found = TeamHistory.objects.filter(team=team).values_list("version", "changed_at").first()
    return f"{found[0]}-{found[1].timestamp()}" if found else "0"


def _counts(*parts: tuple[QuerySet, str]) -> list[dict[date, int]]:
    """Per (queryset, date field): rows per day of the field, all in one query (``UNION ALL``
    of grouped counts)."""
    queries = [
        items.exclude(**{f"{field}__isnull": True})
        .values_list(field)
        .annotate(n=Count("id"), which=Value(i))
        .order_by()
        for i, (items, field) in enumerate(parts)
    ]
    query = queries[0].union(*queries[1:], all=True).order_by() if len(queries) > 1 else queries[0]
    found: list[dict[date, int]] = [{} for _ in parts]
    for day, n, which in query:
        found[which][day] = found[which].get(day, 0) + n
    return found


def _array(counts: dict[date, int], start: date, n: int) -> np.ndarray:
    out = np.zeros(n, dtype=np.int64)
    for day, k in counts.items():
        i = (day - start).days
        if 0 <= i < n:
            out[i] += k
    return out


def team_series(team: Team) -> DailySeries | None:
    """Completions per day and, where creation dates exist, arrivals per day; ``None`` for a
    team without history. One grouped query, whatever the number of items; cached until the
    history changes."""
    key = f"forecasts:series:{team.pk}:{history_version(team)}"
    found = cache.get(key)
    if found is None:
        found = _team_series(team) or "none"
        cache.set(key, found, 60 * 60 * 24)
    return None if found == "none" else found


def _team_series(team: Team) -> DailySeries | None:
    counts = kept_counts(team, columns=("done", "created"))
    return _series(counts["done"], counts["created"])


def kept_counts(
    team: Team, *, columns: tuple[str, ...] = DailyCount.COLUMNS
) -> dict[str, dict[date, int]]:
    """Per column of ``DailyCount``, the team's items per day (days without any left out),
    read from the counts the services keep: about a thousand rows for years of history,
    however many items."""
    rows = DailyCount.objects.filter(team=team).values_list("day", *columns).order_by()
    found: dict[str, dict[date, int]] = {c: {} for c in columns}
    for day, *values in rows:
        for column, n in zip(columns, values, strict=True):
            if n:
                found[column][day] = found[column].get(day, 0) + n
    return found


def counts_from_items(team: Team) -> dict[str, dict[date, int]]:
    """The same numbers as ``kept_counts(team)``, grouped from the items
    themselves: slow for large teams, kept to check the kept counts against."""
    items = WorkItem.objects.filter(team=team)
    finished = items.finished()
    # Work begins when it starts, or when it is created where no start is known.
    begun = items.annotate(begin=Coalesce("started", "created")).filter(begin__isnull=False)
    found = _counts(
        (finished, "done"),
        (finished, "created"),
        (items, "created"),
        (begun, "begin"),
        (begun, "done"),
        (begun.open(), "begin"),
    )
    return dict(zip(DailyCount.COLUMNS, found, strict=True))


def _series(done: dict[date, int], created: dict[date, int]) -> DailySeries | None:
    if not done:
        return None
    start = min(done)
    end = max(max(done), max(created, default=start))
    n = (end - start).days + 1
    return DailySeries(
        start, _array(done, start, n), _array(created, start, n) if created else None
    )


@dataclass(frozen=True)
class Overview:
    """What the team page draws. Lists are JSON-ready for the charts."""

    items: int
    first: date
    last: date
    unit: str
    run: list[list]  # [day, count] per day or week
    histogram: list[list]  # [count per unit, how many units] in the recent window
    scatter: list[list]  # [done, cycle days, key], the SCATTER_POINTS most recent
    percentiles: dict[str, int]
    measured_from: str
    wip: list[list]  # [day, items in progress], open items included
    flow: dict[str, list[list]]  # weekly arrivals (every item) and completions
    warnings: list[dict]
    mean_recent: float
    open_items: int = 0  # open items known, started or not
    wip_from: str = "started"  # work in progress counts from "started" or "created"
    cycle_items: int = 0  # items in the cycle-time window, of which ``scatter`` shows some


def team_overview(team: Team, *, unit: str = "day", as_of: date | None = None) -> Overview | None:
    """The team page's numbers, cached until the history changes."""
    as_of = as_of or today() - timedelta(days=1)
    key = f"forecasts:overview:v4:{team.pk}:{history_version(team)}:{unit}:{as_of.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = _overview(team, unit=unit, as_of=as_of) or "none"
        cache.set(key, found, 60 * 60 * 24)
    return None if found == "none" else found


def _weekly(values: np.ndarray, start: date) -> list[list]:
    """Sum into weeks starting on Mondays; each point is the week's Monday."""
    monday = start - timedelta(days=start.weekday())
    pad = (start - monday).days
    padded = np.r_[np.zeros(pad, dtype=np.int64), values]
    padded = np.r_[padded, np.zeros((-len(padded)) % 7, dtype=np.int64)]
    sums = padded.reshape(-1, 7).sum(axis=1)
    return [[(monday + timedelta(days=7 * i)).isoformat(), int(v)] for i, v in enumerate(sums)]


def _overview(team: Team, *, unit: str, as_of: date) -> Overview | None:
    counts = kept_counts(team)
    done, created, arrived = counts["done"], counts["created"], counts["arrived"]
    began, ended, open_began = counts["began"], counts["ended"], counts["open_began"]
    series = _series(done, created)
    if series is None:
        return None
    done = series.done
    start = series.start
    days = [(start + timedelta(days=i)).isoformat() for i in range(len(done))]
    run = (
        _weekly(done, start)
        if unit == "week"
        else [[d, int(v)] for d, v in zip(days, done, strict=True)]
    )

    recent_first = max(start, as_of - timedelta(days=RECENT_DAYS - 1))
    lo, hi = (recent_first - start).days, (as_of - start).days + 1
    recent = done[max(lo, 0) : max(hi, 0)]
    if unit == "week":
        whole = len(recent) // 7 * 7
        recent_units = recent[len(recent) - whole :].reshape(-1, 7).sum(axis=1)
    else:
        recent_units = recent
    hist = np.bincount(recent_units) if len(recent_units) else np.zeros(1, dtype=np.int64)
    histogram = [[int(k), int(v)] for k, v in enumerate(hist)]

    scatter, percentiles, measured_from, cycle_items = _cycle_times(team, as_of)
    wip_from = _leave_out_backlog(team, began, measured_from)
    wip = _wip(began, ended)
    flow = {"done": _weekly(done, start)}
    if arrived:
        first = min(arrived)
        flow["arrived"] = _weekly(_array(arrived, first, (max(arrived) - first).days + 1), first)
    return Overview(
        items=int(done.sum()),
        first=start,
        last=series.end,
        unit=unit,
        run=run,
        histogram=histogram,
        scatter=scatter,
        percentiles=percentiles,
        measured_from=measured_from,
        wip=wip,
        flow=flow,
        warnings=history_warnings(recent, series=series, first=recent_first, as_of=as_of),
        mean_recent=float(recent.mean()) if len(recent) else 0.0,
        open_items=sum(open_began.values()),
        wip_from=wip_from,
        cycle_items=cycle_items,
    )


def _leave_out_backlog(team: Team, began: dict[date, int], measured_from: str) -> str:
    """Where work in progress counts items from: ``"started"`` when the team's items have
    start dates (the cycle times are measured from them, or an open item has one), else
    ``"created"``. With start dates, an open item without one is backlog nobody started, so
    it is taken out of ``began`` (items begun per day, where every item begins at its start
    or, lacking one, its creation); finished items keep their creation date as the best
    bound of when their work began. One query, over the open items only."""
    open_dates = WorkItem.objects.filter(team=team).open().values_list("created", "started")
    backlog: dict[date, int] = {}
    open_started = False
    for created, started in open_dates.order_by():
        open_started = open_started or started is not None
        if started is None and created is not None:
            backlog[created] = backlog.get(created, 0) + 1
    if measured_from != "started" and not open_started:
        return "created"
    for day, n in backlog.items():
        began[day] -= n
    return "started"


def _cycle_times(team: Team, as_of: date) -> tuple[list[list], dict[str, int], str, int]:
    first = as_of - timedelta(days=RECENT_DAYS - 1)
    window = WorkItem.objects.filter(team=team).finished().filter(done__range=(first, as_of))
    # The engine measures from the start where any item of the window has one, else from
    # creation, and reads only the two dates: items are fetched as (done, start) pairs with
    # how many items share them, a few thousand rows instead of every item.
    for source in ("started", "created"):
        pairs = (
            window.filter(**{f"{source}__isnull": False})
            .values_list("done", source)
            .annotate(n=Count("id"))
            .order_by()
        )
        items = [
            item
            for done, begin, n in pairs
            for item in [Item(key="", done=done, **{source: begin})] * n
        ]
        if items:
            break
    try:
        result = cycle_time(items, as_of=as_of, window=RECENT_DAYS, today=as_of)
    except ForecastInputError:
        return [], {}, "", 0
    source = result.measured_from
    recent = (
        window.filter(**{f"{source}__isnull": False})
        .order_by("-done", "-pk")
        .values_list("done", source, "key")[:SCATTER_POINTS]
    )
    points = [[done.isoformat(), (done - begin).days + 1, key] for done, begin, key in recent]
    # ``result.items``: the items of the window with a date to measure from, as listed above.
    return points[::-1], result.percentiles, source, result.items


def _wip(began_counts: dict[date, int], ended_counts: dict[date, int]) -> list[list]:
    """Items in progress per day, from the items begun per day and those of them finished
    per day; open items never finish, so they stay in progress to the last day shown."""
    if not began_counts:
        return []
    first = min(began_counts)
    last = max(max(began_counts), max(ended_counts, default=first))
    length = (last - first).days + 1
    began = _array(began_counts, first, length)
    finished = _array(ended_counts, first, length)
    # In progress on a day: started on or before it, done on or after it.
    wip = np.cumsum(began) - np.r_[0, np.cumsum(finished)[:-1]]
    return [[(first + timedelta(days=i)).isoformat(), int(v)] for i, v in enumerate(wip)]


def history_warnings(
    recent: np.ndarray, *, series: DailySeries, first: date, as_of: date
) -> list[dict]:
    """Warnings about the recent window (``recent``: completions per day from ``first``):
    little data, a stale history or else a shift in throughput (both judged by the engine,
    ``engines.forecast.health``), quiet spells. Each is ``{"code", "params"}``; the page
    translates them."""
    warnings: list[dict] = []
    active_days = int(np.count_nonzero(recent))
    if active_days < 10:
        warnings.append(
            {"code": "few_completion_days", "params": {"days": active_days, "minimum": 10}}
        )
    found = health.check_history(series, as_of=as_of, first=first)
    if found is not None:
        warnings.append({"code": found.code, "params": found.params})
    longest = run = 0
    for value in recent:
        run = run + 1 if value == 0 else 0
        longest = max(longest, run)
    if longest >= QUIET_SPELL_DAYS:
        warnings.append({"code": "quiet_spell", "params": {"days": longest}})
    return warnings


def window_stats(
    series: DailySeries, *, as_of: date, window: int | None, window_start: date | None
) -> dict | None:
    """The chosen history window, cut by the engine, for the preview next to the run chart."""
    try:
        _sample, win = window_sample(
            series.upto(as_of), as_of=as_of, window=window or 180, window_start=window_start
        )
    except ForecastInputError:
        return None
    return {
        "start": win.start,
        "end": win.end,
        "days": win.days,
        "items": win.items,
        "active_days": win.days_with_completions,
        "mean": win.items / win.days if win.days else 0.0,
    }


def accuracy(team: Team) -> dict:
    """How past forecasts held: hit rates per level (plain and calibrated), their course
    over time, and forecast against actual for each scored forecast."""
    from leitstern.forecasts.models import Question, SavedForecast

    scored = list(
        SavedForecast.objects.filter(team=team)
        .scored()
        .order_by("due", "pk")
        .only("pk", "name", "question", "result", "outcome", "due", "as_of")
    )
    levels: dict[str, dict[str, list[bool]]] = {}
    over_time: dict[str, list[list]] = {}
    for forecast in scored:
        for kind, hits in forecast.outcome.get("hits", {}).items():
            for level, hit in hits.items():
                levels.setdefault(level, {"plain": [], "calibrated": []})[kind].append(hit)
                seen = levels[level][kind]
                over_time.setdefault(f"{kind}:{level}", []).append(
                    [forecast.due.isoformat(), round(100 * sum(seen) / len(seen), 1)]
                )
    table = [
        {
            "level": level,
            "count": len(kinds["plain"]),
            "plain": round(100 * sum(kinds["plain"]) / len(kinds["plain"]), 1)
            if kinds["plain"]
            else None,
            "calibrated": round(100 * sum(kinds["calibrated"]) / len(kinds["calibrated"]), 1)
            if kinds["calibrated"]
            else None,
        }
        for level, kinds in sorted(levels.items(), key=lambda kv: float(kv[0]))
    ]
    how_many = [
        {
            "due": f.due.isoformat(),
            "name": f.name,
            "actual": f.outcome.get("actual"),
            "p50": f.result.get("plain", {}).get("50"),
            "p85": f.result.get("plain", {}).get("85"),
            "p85c": f.result.get("calibrated", {}).get("85"),
        }
        for f in scored
        if f.question == Question.HOW_MANY
    ]
    when = [
        {
            "due": f.due.isoformat(),
            "name": f.name,
            "actual": f.outcome.get("actual_days"),
            "p50": (f.result.get("plain", {}).get("50") or {}).get("days"),
            "p85": (f.result.get("plain", {}).get("85") or {}).get("days"),
            "p85c": (f.result.get("calibrated", {}).get("85") or {}).get("days"),
        }
        for f in scored
        if f.question == Question.WHEN
    ]
    return {
        "scored": scored,
        "table": table,
        "over_time": over_time,
        "how_many": how_many,
        "when": when,
    }


def team_panel(request: HttpRequest, team: Team) -> dict:
    """The team's throughput, cycle time, work in progress and flow (daily, or weekly with
    ``?unit=week``) with the history's warnings, and its saved and tracking forecasts: the
    forecasts' section of the team's page (a contribution to ``teams.team``)."""
    unit = "week" if request.GET.get("unit") == "week" else "day"
    overview = team_overview(team, unit=unit)
    charts = None
    warnings: list[str] = []
    if overview:
        charts = team_charts(overview)
        warnings = [describe(w["code"], w["params"]) for w in overview.warnings]
    return {
        "team": team,
        "overview": overview,
        "charts": charts,
        "warnings": warnings,
        "unit": unit,
        "saved": team.saved_forecasts.all()[:5],
        "tracking": team.tracking_forecasts.all(),
    }

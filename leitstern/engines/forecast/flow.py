"""Flow of work: how old the open items are against the team's own cycle times (aging work
in progress) and how many items arrived, started and finished over time (cumulative flow).

Plain Python on dates and counts, no Django: the web app reads the team's items and hands
them over as tuples. Days count both ends, as in ``cycletime``: an item started and
finished on the same day took 1 day, an item started today is 1 day old."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

AGING_LEVELS = (50, 70, 85, 95)
AGING_WINDOW = 180  # finished items of the last 180 days give the percentiles


@dataclass(frozen=True)
class AgingItem:
    """One open item in progress: its age in days and the highest percentile of the team's
    cycle times it has passed ("85": older than 85% of finished items took), if any."""

    key: str
    title: str
    started: date
    age: int
    passed: str | None


@dataclass(frozen=True)
class AgingWip:
    """Open items in progress, oldest first, with the cycle-time percentiles of the items
    finished in the ``window_start``–``as_of`` window.

    ``percentiles`` is empty when no finished item of the window has a start date: cycle
    time needs one, and ``reason`` then says why (``"no_start_dates"``, or
    ``"no_finished_items"`` when nothing was finished in the window). ``not_started``
    counts open items without a start date (backlog); they have no age."""

    as_of: date
    window_start: date
    items: tuple[AgingItem, ...]
    not_started: int
    percentiles: dict[str, int]
    cycle_items: int
    reason: str | None

    @property
    def in_progress(self) -> int:
        return len(self.items)


def percentile(durations: Sequence[int], level: int) -> int:
    """The smallest duration that at least ``level`` % of ``durations`` do not exceed: the
    ⌈level·n/100⌉-th smallest, read the way ``cycletime`` reads its percentiles."""
    if not durations:
        raise ValueError("no durations")
    if not 0 < level <= 100:
        raise ValueError(f"level {level} outside (0, 100]")
    ordered = sorted(durations)
    rank = -(-level * len(ordered) // 100)  # ceil without floating point
    return ordered[rank - 1]


def aging_wip(
    open_items: Iterable[tuple[str, str, date | None]],
    finished: Iterable[tuple[date | None, date]],
    *,
    as_of: date,
    window: int = AGING_WINDOW,
    levels: Sequence[int] = AGING_LEVELS,
) -> AgingWip:
    """Aging work in progress as of ``as_of``.

    ``open_items``: ``(key, title, started)`` of every open item (``started`` ``None`` or
    after ``as_of``: not started yet). ``finished``: ``(started, done)`` of finished items;
    only those done in the ``window`` days up to ``as_of`` with a start date count towards
    the percentiles. An item's age is ``as_of − started + 1`` days."""
    if window < 1:
        raise ValueError("window must be at least 1 day")
    first = as_of - timedelta(days=window - 1)
    done_in_window = [(s, d) for s, d in finished if first <= d <= as_of]
    durations = [(d - s).days + 1 for s, d in done_in_window if s is not None and s <= d]
    percentiles = (
        {str(level): percentile(durations, level) for level in levels} if durations else {}
    )
    reason = None
    if not durations:
        reason = "no_start_dates" if done_in_window else "no_finished_items"
    thresholds = sorted(percentiles.items(), key=lambda kv: int(kv[0]), reverse=True)
    items, not_started = [], 0
    for key, title, started in open_items:
        if started is None or started > as_of:
            not_started += 1
            continue
        age = (as_of - started).days + 1
        passed = next((level for level, days in thresholds if age > days), None)
        items.append(AgingItem(key=key, title=title, started=started, age=age, passed=passed))
    items.sort(key=lambda item: (-item.age, item.key))
    return AgingWip(
        as_of=as_of,
        window_start=first,
        items=tuple(items),
        not_started=not_started,
        percentiles=percentiles,
        cycle_items=len(durations),
        reason=reason,
    )


@dataclass(frozen=True)
class FlowDay:
    """Items that had arrived, started and finished by the end of ``day`` (since the
    history began), and those started but not finished (``in_progress``)."""

    day: date
    arrived: int
    started: int
    done: int

    @property
    def in_progress(self) -> int:
        return self.started - self.done


def cumulative_flow(
    *,
    arrived: Mapping[date, int],
    started: Mapping[date, int],
    done: Mapping[date, int],
    start: date,
    end: date,
    step: int = 1,
) -> tuple[FlowDay, ...]:
    """Cumulative arrivals, starts and completions per day from ``start`` to ``end``
    (every ``step`` days, and always ``end``). Each count includes everything before
    ``start``, so the lines sit at their true heights; the vertical distance between
    "started" and "done" is the work in progress, between "arrived" and "started" the
    waiting backlog."""
    if end < start:
        raise ValueError("end before start")
    if step < 1:
        raise ValueError("step must be at least 1")

    def before(counts: Mapping[date, int]) -> int:
        return sum(n for day, n in counts.items() if day < start)

    totals = [before(arrived), before(started), before(done)]
    days: list[FlowDay] = []
    length = (end - start).days + 1
    for offset in range(length):
        day = start + timedelta(days=offset)
        totals[0] += arrived.get(day, 0)
        totals[1] += started.get(day, 0)
        totals[2] += done.get(day, 0)
        if offset % step == 0 or offset == length - 1:
            days.append(FlowDay(day, *totals))
    return tuple(days)

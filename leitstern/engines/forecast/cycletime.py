"""Cycle time: how long single items take from start to done.

Cycle time counts calendar days including both ends: an item started and finished on the
same day took 1 day. "85% of items finish within 9 days" is the smallest d such that at least
85% of the items finished in the window took d days or fewer. The single-item forecast asks
the same of an item already in progress: among past items that took longer than its current
age, when did they finish?
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ._setup import CONFIDENCES
from .calibration import label, read_by
from .errors import ForecastInputError, ForecastWarning
from .readers import Item
from .results import WhenAnswer

__all__ = ["CycleTimeForecast", "cycle_time"]


@dataclass(frozen=True, eq=False)
class CycleTimeForecast:
    """Cycle times of items finished from ``start`` to ``end``.

    ``days[i]`` is a cycle time in days and ``probabilities[i]`` the share of items that
    took exactly that long; ``percentiles`` maps a confidence to "finish within d days".
    ``measured_from`` is ``"started"`` or ``"created"`` (lead time, when no start dates
    exist). With ``started``, ``item`` answers when that single in-progress item finishes.
    """

    start: date
    end: date
    items: int
    measured_from: str
    days: np.ndarray
    probabilities: np.ndarray
    cumulative: np.ndarray
    percentiles: dict[str, int]
    item_started: date | None
    item: dict[str, WhenAnswer | None] | None
    warnings: tuple[ForecastWarning, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "question": "cycle-time",
            "window": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "items": self.items,
            "measured_from": self.measured_from,
            "convention": "share of items finished within this many days (both ends counted)",
            "percentiles": self.percentiles,
            "distribution": {
                "days": self.days.tolist(),
                "probabilities": [round(float(p), 6) for p in self.probabilities],
                "cumulative": [round(float(p), 6) for p in self.cumulative],
            },
            "item": None
            if self.item is None
            else {
                "started": self.item_started.isoformat() if self.item_started else None,
                "plain": {k: (v.as_dict() if v else None) for k, v in self.item.items()},
            },
            "warnings": [w.as_dict() for w in self.warnings],
        }


def cycle_time(
    items: Sequence[Item],
    *,
    as_of: date | None = None,
    window: int = 180,
    started: date | None = None,
    confidences: Sequence[float] = CONFIDENCES,
    today: date | None = None,
) -> CycleTimeForecast:
    """Cycle-time percentiles of items finished in the window, and optionally when a single
    item that started on ``started`` will finish."""
    as_of, first, durations, source, levels = _cycle_time_iv(
        items, as_of=as_of, window=window, started=started, confidences=confidences, today=today
    )
    counts = np.bincount(durations)
    days = np.arange(1, len(counts))
    probabilities = counts[1:] / counts.sum()
    cumulative = np.minimum(np.cumsum(probabilities), 1.0)
    percentiles = {}
    for c in levels:
        step = read_by(cumulative, c)
        assert step is not None
        percentiles[label(c)] = int(days[step - 1])
    warnings = []
    if len(durations) < 10:
        warnings.append(
            ForecastWarning(
                "few_cycle_times",
                f"Only {len(durations)} finished item(s) have start and done dates.",
                {"count": len(durations)},
            )
        )
    item = None
    if started is not None:
        age = (as_of - started).days + 1  # days already spent, both ends counted
        longer = durations[durations > age]
        if longer.size == 0:
            warnings.append(
                ForecastWarning(
                    "item_older_than_history",
                    f"The item has been in progress for {age} days, longer than any finished "
                    "item in the window: there is nothing to compare it with.",
                    {"age": age},
                )
            )
            item = dict.fromkeys((label(c) for c in levels), None)
        else:
            rest = np.sort(longer - age)  # more days needed, at least 1
            item = {}
            for c in levels:
                k = int(rest[min(int(np.ceil(c * rest.size)) - 1, rest.size - 1)])
                item[label(c)] = WhenAnswer(k, as_of + timedelta(days=k))
    return CycleTimeForecast(
        start=first,
        end=as_of,
        items=len(durations),
        measured_from=source,
        days=days,
        probabilities=probabilities,
        cumulative=cumulative,
        percentiles=percentiles,
        item_started=started,
        item=item,
        warnings=tuple(warnings),
    )


def _cycle_time_iv(items, *, as_of, window, started, confidences, today):
    today = today or date.today()
    as_of = as_of or today - timedelta(days=1)
    if as_of > today:
        raise ForecastInputError(
            "future_date", f"The as-of date {as_of} lies in the future.", date=str(as_of),
            what="as_of",
        )  # fmt: skip
    if int(window) != window or window < 1:
        raise ForecastInputError(
            "invalid_option", "The window must be at least one day.", option="window",
            value=str(window), reason="at least 1",
        )  # fmt: skip
    levels = tuple(sorted({float(c) for c in confidences}))
    if not levels or any(not 0 < c < 1 for c in levels):
        raise ForecastInputError(
            "invalid_confidence", "Confidence levels must lie strictly between 0 and 1.",
            value=str(confidences),
        )  # fmt: skip
    if started is not None and started > as_of:
        raise ForecastInputError(
            "future_date", f"The start date {started} lies after the as-of date.",
            date=str(started), what="started",
        )  # fmt: skip
    first = as_of - timedelta(days=int(window) - 1)
    recent = [i for i in items if first <= i.done <= as_of]
    source = "started" if any(i.started for i in recent) else "created"
    durations = np.array(
        [(i.done - getattr(i, source)).days + 1 for i in recent if getattr(i, source)],
        dtype=np.int64,
    )
    if durations.size == 0:
        raise ForecastInputError(
            "no_cycle_times",
            f"No item finished between {first} and {as_of} has a start date.",
            start=str(first),
            end=str(as_of),
        )
    return as_of, first, durations, source, levels

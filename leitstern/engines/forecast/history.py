"""Daily completion counts, the history window and the working-day calendar.

A ``DailySeries`` holds one count per calendar day (zero days included). A forecast samples
from a *window* of it that ends on the as-of date; ``window_sample`` cuts that window and
turns it into the sampling units (calendar days, working days or whole weeks).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .errors import ForecastInputError
from .readers import Item

__all__ = ["Calendar", "DailySeries", "Sample", "Window", "daily_series", "window_sample"]

UNITS = ("day", "week")
_DAY = np.timedelta64(1, "D")


@dataclass(frozen=True, eq=False)
class DailySeries:
    """Completions (and arrivals, if known) per calendar day from ``start`` on."""

    start: date
    done: np.ndarray
    arrived: np.ndarray | None = None

    @property
    def end(self) -> date:
        return self.start + timedelta(days=len(self.done) - 1)

    def upto(self, as_of: date) -> DailySeries:
        """The same series with every day after ``as_of`` removed."""
        keep = max(0, (as_of - self.start).days + 1)
        arrived = None if self.arrived is None else self.arrived[:keep]
        return DailySeries(self.start, self.done[:keep], arrived)


def daily_series(
    items: Iterable[Item] | Iterable[date],
    *,
    arrivals: Iterable[date] | None = None,
) -> DailySeries:
    """Count completions per calendar day; ``arrivals`` are creation dates (backlog growth)."""
    done_dates = [i.done if isinstance(i, Item) else i for i in items]
    if not done_dates:
        raise ForecastInputError("no_items", "There are no completed items.")
    arrival_dates = None if arrivals is None else list(arrivals)
    start = min(done_dates)
    end = max(done_dates)
    if arrival_dates:
        end = max(end, max(arrival_dates))
    n = (end - start).days + 1
    done = np.bincount([(d - start).days for d in done_dates], minlength=n).astype(np.int64)
    arrived = None
    if arrival_dates is not None:
        offsets = [(d - start).days for d in arrival_dates if d >= start]
        arrived = np.bincount(offsets, minlength=n).astype(np.int64)[:n]
    return DailySeries(start, done, arrived)


@dataclass(frozen=True)
class Calendar:
    """Which days count: every day, or working days (Monday-Friday less ``holidays``)."""

    working_days: bool = False
    holidays: tuple[date, ...] = ()

    def _hol(self) -> np.ndarray:
        return np.array(sorted(self.holidays), dtype="datetime64[D]")

    def step_dates(self, as_of: date, n: int, *, unit: str = "day") -> np.ndarray:
        """Calendar dates of forecast steps 1..n (day 1 is the day after ``as_of``)."""
        first = np.datetime64(as_of, "D") + _DAY
        k = np.arange(n)
        if unit == "week":
            return first + (6 + 7 * k).astype("timedelta64[D]")
        if not self.working_days:
            return first + k.astype("timedelta64[D]")
        return np.busday_offset(first, k, roll="forward", holidays=self._hol())

    def steps_until(self, as_of: date, end: date, *, unit: str = "day") -> int:
        """How many whole forecast steps fit from the day after ``as_of`` through ``end``."""
        days = (end - as_of).days
        if days <= 0:
            return 0
        if unit == "week":
            return days // 7
        if not self.working_days:
            return days
        first = np.datetime64(as_of, "D") + _DAY
        return int(np.busday_count(first, np.datetime64(end, "D") + _DAY, holidays=self._hol()))


@dataclass(frozen=True)
class Window:
    """The history window a forecast samples from.

    ``days`` counts calendar days; ``samples`` counts sampling units (days, working days or
    weeks); ``days_with_completions`` counts calendar days on which something was done.
    """

    start: date
    end: date
    days: int
    samples: int
    days_with_completions: int
    items: int

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "samples": self.samples,
            "days_with_completions": self.days_with_completions,
            "items": self.items,
        }


@dataclass(frozen=True, eq=False)
class Sample:
    """One value per sampling unit: completions and arrivals on the same historical unit."""

    done: np.ndarray
    arrived: np.ndarray


def window_sample(
    series: DailySeries,
    *,
    as_of: date,
    window: int | None = 180,
    window_start: date | None = None,
    unit: str = "day",
    calendar: Calendar = Calendar(),
) -> tuple[Sample, Window]:
    """Cut the window ending on ``as_of`` and turn it into sampling units.

    The window starts ``window`` days back (``as_of`` included), or on ``window_start``; it
    never starts before the first day of the series. Weekly units are whole 7-day blocks
    ending on ``as_of`` (a partial block at the start is left out). On working days only,
    completions on a weekend or holiday count on the next working day (or the last one, at
    the end of the window).
    """
    if window_start is None:
        assert window is not None
        window_start = as_of - timedelta(days=window - 1)
    window_start = max(window_start, series.start)
    if window_start > as_of:
        raise ForecastInputError(
            "window_outside_data",
            f"The history window ({window_start.isoformat()} to {as_of.isoformat()}) holds no "
            "data.",
            start=window_start.isoformat(),
            end=as_of.isoformat(),
        )
    if unit == "week":
        weeks = ((as_of - window_start).days + 1) // 7
        window_start = as_of - timedelta(days=7 * weeks - 1)
        if weeks == 0:
            raise ForecastInputError(
                "window_outside_data",
                "The history window is shorter than one week.",
                start=window_start.isoformat(),
                end=as_of.isoformat(),
            )
    done = _days(series.done, series.start, window_start, as_of)
    arrived = (
        np.zeros_like(done)
        if series.arrived is None
        else _days(series.arrived, series.start, window_start, as_of)
    )
    window_info = Window(
        start=window_start,
        end=as_of,
        days=len(done),
        samples=0,
        days_with_completions=int(np.count_nonzero(done)),
        items=int(done.sum()),
    )
    if unit == "week":
        done_u = done.reshape(-1, 7).sum(axis=1)
        arrived_u = arrived.reshape(-1, 7).sum(axis=1)
    elif calendar.working_days:
        done_u, arrived_u = _to_working_days(done, arrived, window_start, as_of, calendar)
    else:
        done_u, arrived_u = done, arrived
    window_info = Window(**{**window_info.__dict__, "samples": len(done_u)})
    return Sample(done_u, arrived_u), window_info


def _days(values: np.ndarray, start: date, first: date, last: date) -> np.ndarray:
    """Values for ``first..last`` inclusive, zero outside the series."""
    n = (last - first).days + 1
    out = np.zeros(n, dtype=np.int64)
    lo = (first - start).days
    src_lo, src_hi = max(lo, 0), min(lo + n, len(values))
    if src_hi > src_lo:
        out[src_lo - lo : src_hi - lo] = values[src_lo:src_hi]
    return out


def _to_working_days(
    done: np.ndarray, arrived: np.ndarray, first: date, last: date, calendar: Calendar
) -> tuple[np.ndarray, np.ndarray]:
    days = np.datetime64(first, "D") + np.arange(len(done)).astype("timedelta64[D]")
    holidays = calendar._hol()
    working = np.is_busday(days, holidays=holidays)
    if not working.any():
        raise ForecastInputError(
            "window_outside_data",
            "The history window holds no working day.",
            start=first.isoformat(),
            end=last.isoformat(),
        )
    target = np.busday_offset(days, 0, roll="forward", holidays=holidays)
    late = target > np.datetime64(last, "D")
    target[late] = np.busday_offset(days[late], 0, roll="backward", holidays=holidays)
    positions = np.cumsum(working) - 1  # index of each working day among working days
    slot = positions[(target - days[0]).astype(np.int64)]
    n = int(working.sum())
    return (
        np.bincount(slot, weights=done, minlength=n).astype(np.int64),
        np.bincount(slot, weights=arrived, minlength=n).astype(np.int64),
    )

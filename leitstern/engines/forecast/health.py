"""Is the history fit to forecast from? Stale histories and shifts in throughput.

A forecast assumes the days in its window are like the days to come. Two things break that
silently, and each gets a warning with a stable code and a suggestion:

``stale_history``
    The last completion lies long before the as-of date. The days in between count as days
    on which nothing was finished, which drags every answer down; usually the export is old
    or the team stopped. Stale means: at least ``STALE_MIN_DAYS`` days without a completion,
    and a quiet run that long has probability below ``STALE_P`` at the team's pace (the
    share ``p`` of days with completions in the window before the last one, ``(1 - p)^days``).
    A team that finishes something most days is stale after a month; one that finishes
    something every other week only after several months. Suggested: forecast as of the
    last completion, if that is when the data ends.

``throughput_shift``
    Throughput changed within the window. Pettitt's test (a rank test for one change in
    level, Pettitt 1979) runs on the window's weekly totals: weeks rather than days, so a
    day-of-week pattern or a burst of merges on one day is not mistaken for a change. A
    shift is reported when the test's p-value is below ``SHIFT_P``, both parts are at least
    ``MIN_WEEKS`` weeks long and the weekly mean changed by a factor of at least
    ``SHIFT_RATIO`` (a statistically clear but small change is not worth a warning).
    Suggested: a window that starts on the first day after the change, for a change that is
    known to last. Unexplained shifts often pass: on the shared histories, switching to the
    suggested window whenever the warning spoke made forecasts less reliable, not more
    (``docs/forecasting.md``), so the default window stays and the warning only informs.

The tests check both against generated histories with and without shifts, and against the
shared real histories for how often they speak.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np

from .errors import ForecastWarning
from .history import DailySeries, _days

__all__ = ["check_history", "pettitt", "shift_warning", "stale_warning"]

STALE_MIN_DAYS = 30
STALE_P = 0.001
SHIFT_P = 0.01
SHIFT_RATIO = 1.5
MIN_WEEKS = 4
_PACE_DAYS = 180  # the pace of a stale history is read from these days before its last completion


def check_history(series: DailySeries, *, as_of: date, first: date) -> ForecastWarning | None:
    """The warning for a forecast as of ``as_of`` from the window starting on ``first``: a
    stale history, else a shift within the window (a stale history shifts to zero, and
    saying so twice would not help)."""
    found = stale_warning(series, as_of=as_of)
    if found is None:
        found = shift_warning(_days(series.done, series.start, first, as_of), first=first)
    return found


def stale_warning(series: DailySeries, *, as_of: date) -> ForecastWarning | None:
    """``stale_history`` if nothing was finished for improbably long before ``as_of``."""
    done = series.upto(as_of).done
    busy = np.flatnonzero(done)
    if busy.size == 0:
        return None
    last = series.start + timedelta(days=int(busy[-1]))
    quiet = (as_of - last).days
    if quiet < STALE_MIN_DAYS:
        return None
    before = done[max(0, int(busy[-1]) + 1 - _PACE_DAYS) : int(busy[-1]) + 1]
    pace = float(np.count_nonzero(before)) / len(before)
    chance = 0.0 if pace >= 1.0 else math.exp(quiet * math.log1p(-pace))
    if chance >= STALE_P:
        return None
    return ForecastWarning(
        "stale_history",
        f"Nothing was finished in the {quiet} days from {last.isoformat()} to "
        f"{as_of.isoformat()}; the forecast counts them as days without any completion. If "
        f"the data ends earlier, forecast as of {last.isoformat()} (the last completion).",
        {
            "days": quiet,
            "last_done": last.isoformat(),
            "as_of": as_of.isoformat(),
            "suggested_as_of": last.isoformat(),
        },
    )


def pettitt(x: np.ndarray, *, margin: int = 1) -> tuple[int, float]:
    """Pettitt's change-point test: ``(k, p)`` with ``x[:k]`` and ``x[k:]`` the most
    different parts (``margin <= k <= len(x) - margin``) and ``p`` the approximate
    p-value ``2 exp(-6 K^2 / (T^3 + T^2))`` of no change, ``K = max |U_k|``."""
    x = np.asarray(x, dtype=float)
    t = len(x)
    # U_k = sum over i < k <= j of sign(x_i - x_j), built up one element at a time.
    step = np.sign(x[:, None] - x[None, :]).sum(axis=1)
    u = np.cumsum(step)[:-1]  # u[k - 1] is U_k for the split before index k
    ks = np.arange(1, t)
    allowed = (ks >= margin) & (ks <= t - margin)
    if not allowed.any():
        return 0, 1.0
    scores = np.where(allowed, np.abs(u), -1.0)
    k = int(ks[int(np.argmax(scores))])
    big = float(np.abs(u[k - 1]))
    p = min(1.0, 2.0 * math.exp(-6.0 * big * big / (t**3 + t**2)))
    return k, p


def shift_warning(done: np.ndarray, *, first: date) -> ForecastWarning | None:
    """``throughput_shift`` if the window's weekly totals changed level.

    ``done`` holds the window's completions per calendar day, from ``first``; weeks are
    whole 7-day blocks ending on the window's last day (a partial week at the start is left
    out).
    """
    weeks = len(done) // 7
    if weeks < 2 * MIN_WEEKS:
        return None
    skip = len(done) - 7 * weeks
    totals = np.asarray(done[skip:], dtype=float).reshape(weeks, 7).sum(axis=1)
    k, p = pettitt(totals, margin=MIN_WEEKS)
    if p >= SHIFT_P:
        return None
    before, after = float(totals[:k].mean()), float(totals[k:].mean())
    low, high = min(before, after), max(before, after)
    if high < SHIFT_RATIO * low or high == 0:
        return None
    since = first + timedelta(days=skip + 7 * k)
    return ForecastWarning(
        "throughput_shift",
        f"Throughput changed around {since.isoformat()}: {before:.1f} items a week before, "
        f"{after:.1f} since (p = {p:.3f}). If you know it will last (the team or its way of "
        f"working changed), choose a window that starts on {since.isoformat()} "
        f"({weeks - k} weeks of history).",
        {
            "since": since.isoformat(),
            "before": round(before, 1),
            "after": round(after, 1),
            "p_value": round(p, 4),
            "weeks": weeks - k,
            "suggested_window_start": since.isoformat(),
        },
    )

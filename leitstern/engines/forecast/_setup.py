"""Input validation shared by the entry points (one place, like scipy's ``_bootstrap_iv``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .errors import ForecastInputError, ForecastWarning
from .health import check_history
from .history import UNITS, Calendar, DailySeries, Sample, Window, window_sample
from .scenarios import Adjustment, Scenario

ENGINES = ("exact", "montecarlo")
CALIBRATIONS = ("auto", "own", "reference", "widen", "none")
CONFIDENCES = (0.5, 0.7, 0.85, 0.95)
MIN_COMPLETION_DAYS = 10
MAX_DAYS = 3650


@dataclass(frozen=True, eq=False)
class Setup:
    series: tuple[DailySeries, ...]
    scenario: Scenario
    samples: tuple[Sample, ...]
    windows: tuple[Window, ...]
    engine: str
    trials: int
    rng: np.random.Generator | None
    confidences: tuple[float, ...]
    calibration: str
    warnings: tuple[ForecastWarning, ...]


def setup_iv(
    series: DailySeries | Sequence[DailySeries],
    *,
    as_of: date | None,
    window: int | None,
    window_start: date | None,
    unit: str,
    working_days: bool,
    holidays: Sequence[date],
    adjustments: Sequence[Adjustment | tuple[date, float]],
    growth: bool,
    split: tuple[float, float] | None,
    engine: str,
    trials: int,
    rng: np.random.Generator | None,
    confidences: Sequence[float],
    calibration: str,
    today: date | None,
) -> Setup:
    teams = (series,) if isinstance(series, DailySeries) else tuple(series)
    if not teams or not all(isinstance(s, DailySeries) for s in teams):
        raise ForecastInputError(
            "invalid_option", "Give one DailySeries or a list of them (one per team).",
            option="series", value=type(series).__name__, reason="not a DailySeries",
        )  # fmt: skip
    today = today or date.today()
    as_of = as_of or today - timedelta(days=1)
    if as_of > today:
        raise ForecastInputError(
            "future_date",
            f"The as-of date {as_of.isoformat()} lies in the future.",
            date=as_of.isoformat(),
            what="as_of",
        )
    _choice("unit", unit, UNITS)
    _choice("engine", engine, ENGINES)
    _choice("calibration", calibration, CALIBRATIONS)
    if window_start is None and (window is None or int(window) != window or window < 1):
        _bad("window", window, "the window must be a whole number of days, at least 1")
    if window_start is not None and window_start > as_of:
        _bad("window_start", window_start, "the window must start on or before the as-of date")
    if int(trials) != trials or trials < 1:
        _bad("trials", trials, "the number of trials must be a whole number, at least 1")
    levels = tuple(sorted({float(c) for c in confidences}))
    for c in levels:
        if not 0.0 < c < 1.0 or math.isnan(c):
            raise ForecastInputError(
                "invalid_confidence",
                f"Confidence levels must lie strictly between 0 and 1 (got {c}).",
                value=c,
            )
    if not levels:
        _bad("confidences", confidences, "give at least one confidence level")
    if split is not None:
        lo, hi = (float(v) for v in split)
        if not 0 < lo <= hi or math.isinf(hi):
            _bad("split", split, "the split range must satisfy 0 < low <= high")
        split = (lo, hi)
    adjusted = []
    for a in adjustments:
        a = a if isinstance(a, Adjustment) else Adjustment(a[0], float(a[1]))
        if not 0 <= a.factor < 100 or math.isnan(a.factor):
            _bad("adjustment", a.factor, "the throughput factor must be between 0 and 100")
        adjusted.append(a)
    if growth and any(s.arrived is None for s in teams):
        _bad("growth", growth, "backlog growth needs creation dates in the data")
    scenario = Scenario(
        as_of=as_of,
        window=None if window_start is not None else int(window),  # type: ignore[arg-type]  # checked
        window_start=window_start,
        unit=unit,
        calendar=Calendar(bool(working_days), tuple(sorted(set(holidays)))),
        growth=bool(growth),
        split=split,
        adjustments=tuple(adjusted),
    )
    cut = tuple(s.upto(as_of) for s in teams)
    samples: list[Sample] = []
    windows: list[Window] = []
    warnings: list[ForecastWarning] = []
    for team in cut:
        if len(team.done) == 0:
            raise ForecastInputError(
                "no_completions",
                f"There is no completed item on or before {as_of.isoformat()}.",
                start=team.start.isoformat(),
                end=as_of.isoformat(),
            )
        sample, win = window_sample(
            team,
            as_of=as_of,
            window=scenario.window,
            window_start=window_start,
            unit=unit,
            calendar=scenario.calendar,
        )
        if win.items == 0:
            busy = np.flatnonzero(team.done)
            last = team.start + timedelta(days=int(busy[-1])) if busy.size else None
            raise ForecastInputError(
                "no_completions",
                f"No item was completed in the history window {win.start.isoformat()} to "
                f"{win.end.isoformat()}; choose a longer or earlier window."
                + (
                    f" The last completion was on {last.isoformat()}: if the data ends there, "
                    "forecast as of that day."
                    if last
                    else ""
                ),
                start=win.start.isoformat(),
                end=win.end.isoformat(),
                last_done=last.isoformat() if last else None,
            )
        if win.days_with_completions < MIN_COMPLETION_DAYS:
            warnings.append(
                ForecastWarning(
                    "few_completion_days",
                    f"Only {win.days_with_completions} day(s) in the window had completions "
                    f"(at least {MIN_COMPLETION_DAYS} are advised); the forecast rests on "
                    "little data.",
                    {"days": win.days_with_completions, "minimum": MIN_COMPLETION_DAYS},
                )
            )
        warnings += _health(team, win, as_of=as_of, team_number=len(windows) + 1, teams=len(cut))
        samples.append(sample)
        windows.append(win)
    if engine == "montecarlo" and rng is None:
        rng = np.random.default_rng()
    return Setup(
        series=cut,
        scenario=scenario,
        samples=tuple(samples),
        windows=tuple(windows),
        engine=engine,
        trials=int(trials),
        rng=rng,
        confidences=levels,
        calibration=calibration,
        warnings=tuple(warnings),
    )


def _health(
    team: DailySeries, win: Window, *, as_of: date, team_number: int, teams: int
) -> list[ForecastWarning]:
    """A stale history or a shift within the window (``health.check_history``)."""
    found = check_history(team, as_of=as_of, first=win.start)
    if found is None:
        return []
    if teams > 1:
        found = ForecastWarning(found.code, found.message, {**found.params, "team": team_number})
    return [found]


def split_targets(items: int, split: tuple[float, float] | None) -> tuple[np.ndarray, np.ndarray]:
    """Targets and their probabilities when each item turns into ``U(low, high)`` items
    (drawn once per trial, rounded half up)."""
    if split is None:
        return np.array([items]), np.array([1.0])
    lo, hi = split
    if hi - lo < 1e-12:
        return np.array([max(1, math.floor(items * lo + 0.5))]), np.array([1.0])
    first = math.floor(items * lo + 0.5)
    last = math.floor(items * hi + 0.5)
    targets = np.arange(first, last + 1)
    lower = np.clip((targets - 0.5) / items, lo, hi)
    upper = np.clip((targets + 0.5) / items, lo, hi)
    weights = (upper - lower) / (hi - lo)
    keep = weights > 0
    targets, weights = np.maximum(targets[keep], 1), weights[keep]
    return targets, weights / weights.sum()


def _choice(option: str, value: object, allowed: Sequence[str]) -> None:
    if value not in allowed:
        _bad(option, value, f"choose one of {', '.join(allowed)}")


def _bad(option: str, value: object, reason: str) -> None:
    raise ForecastInputError(
        "invalid_option",
        f"Invalid {option} {value!r}: {reason}.",
        option=option,
        value=str(value),
        reason=reason,
    )

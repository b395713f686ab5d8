"""Backtests: forecast from past cut dates and compare with what really happened.

Cut dates walk back from the last date whose outcome is known (as-of date less the horizon)
in steps of a week. At each cut the engine sees only the history up to the cut; the outcome is
what was completed in the following days. A cut whose window had fewer than 10 days with
completions is skipped (and counted), as the forecast would carry a warning anyway.

The same machinery learns calibration from a team's own past (``choose_calibration``): only
cuts whose outcome was complete by the as-of date are used, so nothing after the as-of date
ever shapes a forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from . import exact
from ._setup import CONFIDENCES, MIN_COMPLETION_DAYS, Setup, setup_iv
from .calibration import (
    Calibration,
    CalibrationMap,
    blend,
    identity_map,
    label,
    learn_map,
    read_at_least,
    reference_hit_rates,
    reference_map,
    widening_map,
)
from .errors import ForecastInputError, ForecastWarning
from .history import DailySeries, Window, window_sample
from .own import (
    CACHE,
    MIN_OWN_CUTS,
    OWN_LOOKBACK,
    effective_cuts,
    fingerprint,
    own_weight,
    risky,
    rolling_levels,
)
from .replay import max_error, replay
from .scenarios import Model, Scenario

__all__ = ["BacktestCut", "BacktestResult", "backtest", "choose_calibration"]

MIN_CUTS = 10


@dataclass(frozen=True)
class BacktestCut:
    """One cut: the forecast made then and what happened. ``g`` is the probability the
    forecast gave to doing *more* than was actually done; a forecast at confidence c came
    true exactly when ``g < c``."""

    cut: date
    window: Window
    actual: int
    g: float
    plain: dict[str, int]
    calibrated: dict[str, int]
    calibration: str
    crps: float
    crps_calibrated: float

    def as_dict(self) -> dict[str, object]:
        return {
            "cut": self.cut.isoformat(),
            "window": self.window.as_dict(),
            "actual": self.actual,
            "g": round(self.g, 6),
            "plain": self.plain,
            "calibrated": self.calibrated,
            "calibration": self.calibration,
            "crps": round(self.crps, 4),
            "crps_calibrated": round(self.crps_calibrated, 4),
        }


@dataclass(frozen=True)
class BacktestResult:
    """Hit rates are fractions of cuts whose forecast came true, per confidence level.
    ``crps`` is the mean continuous ranked probability score in items (lower is better)."""

    days: int
    scenario: Scenario
    cuts: tuple[BacktestCut, ...]
    skipped: int
    hit_rates: dict[str, dict[str, float]]
    crps: dict[str, float]
    warnings: tuple[ForecastWarning, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "question": "backtest",
            "days": self.days,
            "scenario": self.scenario.as_dict(),
            "cuts": [c.as_dict() for c in self.cuts],
            "skipped": self.skipped,
            "hit_rates": self.hit_rates,
            "crps": self.crps,
            "warnings": [w.as_dict() for w in self.warnings],
        }


@dataclass(frozen=True, eq=False)
class _Outcome:
    cut: date
    window: Window
    offset: int
    probabilities: np.ndarray
    actual: int
    g: float


def _outcome(series: DailySeries, cut: date, *, days: int, scenario: Scenario) -> _Outcome | None:
    try:
        sample, win = window_sample(
            series,
            as_of=cut,
            window=scenario.window,
            unit=scenario.unit,
            calendar=scenario.calendar,
        )
    except ForecastInputError:
        return None
    if win.days_with_completions < MIN_COMPLETION_DAYS:
        return None
    cal = scenario.calendar
    steps = cal.steps_until(cut, cut + timedelta(days=days), unit=scenario.unit)
    at_cut = Scenario(as_of=cut, window=scenario.window, unit=scenario.unit, calendar=cal)
    model = Model.build((sample,), at_cut, max_steps=max(steps, 1))
    dist = exact.how_many_distribution(model, steps)
    lo = (cut - series.start).days + 1
    actual = int(series.done[lo : lo + days].sum())
    values = dist.offset + np.arange(len(dist.probabilities))
    g = float(dist.probabilities[values > actual].sum())
    return _Outcome(cut, win, dist.offset, dist.probabilities, actual, min(g, 1.0))


def outcomes(
    series: DailySeries,
    *,
    days: int,
    scenario: Scenario,
    last_cut: date,
    first_cut: date | None = None,
    step: int = 7,
    limit: int | None = None,
) -> list[_Outcome]:
    """Outcomes at cuts ``last_cut, last_cut - step, ...``, oldest first."""
    found: list[_Outcome] = []
    first = max(
        first_cut or series.start, series.start + timedelta(days=(scenario.window or 1) - 1)
    )
    cut = last_cut
    while cut >= first and (limit is None or len(found) < limit):
        result = _outcome(series, cut, days=days, scenario=scenario)
        if result is not None:
            found.append(result)
        cut -= timedelta(days=step)
    return found[::-1]


def _crps(
    offset: int, probabilities: np.ndarray, actual: int, level_map: CalibrationMap | None
) -> float:
    survival = np.cumsum(probabilities[::-1])[::-1]  # P(S >= offset + i)
    if level_map is not None:
        x = np.r_[0.0, level_map.read, 1.0]
        y = np.r_[0.0, level_map.nominal, 1.0]
        survival = np.interp(survival, x, y)
    cdf = 1.0 - np.r_[survival[1:], 0.0]  # P(S <= offset + i)
    lo, hi = min(offset, actual), max(offset + len(cdf) - 1, actual)
    full = np.ones(hi - lo + 1)
    full[: offset - lo] = 0.0
    full[offset - lo : offset - lo + len(cdf)] = cdf
    step = (np.arange(lo, hi + 1) >= actual).astype(float)
    return float(((full - step) ** 2).sum())


def _reference_or_widened(scenario: Scenario, horizon_days: float) -> Calibration:
    if scenario.unit == "day":
        window = scenario.window or 180
        return Calibration(
            "reference",
            reference_map(window_days=window, horizon_days=horizon_days),
            hit_rates=reference_hit_rates(window_days=window, horizon_days=horizon_days),
            note="learned on public open-source histories",
        )
    return Calibration("widened", widening_map(), note="fixed conservative widening")


def _own_map(g: np.ndarray, fallback: CalibrationMap, days: int) -> CalibrationMap:
    """The team's past forecasts ``days`` ahead, read as few independent ones as they are
    worth (``own.effective_cuts``), blended with ``fallback``."""
    own = learn_map(g, effective=effective_cuts(len(g), days))
    return blend(own, fallback, own_weight(len(g), days))


def choose_calibration(setup: Setup, *, horizon_days: float) -> Calibration:
    """The calibration for a forecast made on ``setup.scenario.as_of``."""
    scenario, mode = setup.scenario, setup.calibration
    if mode == "none":
        return Calibration("none", identity_map(), note="plain levels")
    if mode == "widen":
        return Calibration("widened", widening_map(), note="fixed conservative widening")
    fallback = _reference_or_widened(scenario, horizon_days)
    if mode == "reference" or len(setup.series) > 1 or scenario.window is None:
        return fallback
    series = setup.series[0]
    key = (
        fingerprint(series, scenario.as_of), scenario.as_of, scenario.window, scenario.unit,
        scenario.calendar, float(horizon_days), setup.confidences,
    )  # fmt: skip
    found = CACHE.get(key)
    if found is None:
        found = _own_calibration(series, scenario, horizon_days, setup.confidences, fallback)
        CACHE.put(key, found)
    return found


def _own_calibration(
    series: DailySeries,
    scenario: Scenario,
    horizon_days: float,
    confidences: Sequence[float],
    fallback: Calibration,
) -> Calibration:
    """Own-history calibration, replaying all past cuts together (``replay``).

    Equal to replaying cut by cut (``outcomes``, then ``_own_map`` and ``_rolling_maps``): a
    cut whose fast ``g`` is close enough to a decision point for the difference to matter
    is replayed the per-cut way first.
    """
    days = round(min(max(horizon_days, 7), 365))
    last_cut = scenario.as_of - timedelta(days=days)
    fast = replay(series, days=days, scenario=scenario, last_cut=last_cut, limit=OWN_LOOKBACK)
    if fast is None:
        past = outcomes(series, days=days, scenario=scenario, last_cut=last_cut,
                        limit=OWN_LOOKBACK)  # fmt: skip
        cuts, g, exact = [o.cut for o in past], np.array([o.g for o in past]), True
    else:
        cuts, g, exact = list(fast.cuts), fast.g.copy(), False
    if len(cuts) < MIN_OWN_CUTS:
        return fallback
    replayed = np.full(len(g), exact)
    while True:
        levels = rolling_levels(cuts, g, days=days, fallback=fallback.map,
                                confidences=confidences)  # fmt: skip
        redo = np.flatnonzero(~replayed & risky(g, levels, confidences, max_error(days)))
        if redo.size == 0:
            break
        for i in redo:
            one = _outcome(series, cuts[i], days=days, scenario=scenario)
            assert one is not None  # the same cut passed the same checks in ``replay``
            g[i] = one.g
        replayed[redo] = True
    hit_rates = {
        "plain": {label(c): float(np.mean(g < c)) for c in confidences},
        "calibrated": {
            label(c): float(np.mean(g < levels[:, j])) for j, c in enumerate(confidences)
        },
    }
    return Calibration(
        "own",
        _own_map(g, fallback.map, days),
        cuts=len(cuts),
        hit_rates=hit_rates,
        note=f"learned from {len(cuts)} past forecasts of this history, blended with the "
        f"{fallback.source} map",
    )


def _rolling_maps(past: Sequence[_Outcome], days: int, fallback: CalibrationMap):
    """For every cut, the map available then: own cuts resolved by that cut, else fallback."""
    maps: list[tuple[str | None, CalibrationMap]] = []
    for i, o in enumerate(past):
        resolved = [p.g for p in past[:i] if p.cut + timedelta(days=days) <= o.cut]
        if len(resolved) >= MIN_OWN_CUTS:
            recent = np.array(resolved[-OWN_LOOKBACK:])
            maps.append(("own", _own_map(recent, fallback, days)))
        else:
            maps.append((None, fallback))
    return maps


def backtest(
    series: DailySeries,
    *,
    days: int = 30,
    step: int = 7,
    first_cut: date | None = None,
    last_cut: date | None = None,
    as_of: date | None = None,
    window: int = 180,
    unit: str = "day",
    working_days: bool = False,
    holidays: Sequence[date] = (),
    confidences: Sequence[float] = CONFIDENCES,
    calibration: str = "auto",
    today: date | None = None,
) -> BacktestResult:
    """Walk weekly cut dates through ``series`` and score "how many in ``days`` days".

    Calibrated answers at each cut use only what was known then: the team's own earlier
    cuts whose outcome was complete (once there are enough), else the reference map.
    """
    setup = setup_iv(
        series, as_of=as_of, window=window, window_start=None, unit=unit,
        working_days=working_days, holidays=holidays, adjustments=(), growth=False,
        split=None, engine="exact", trials=1, rng=None, confidences=confidences,
        calibration=calibration, today=today,
    )  # fmt: skip
    if int(days) != days or days < 1:
        raise ForecastInputError("invalid_days", "The horizon must be at least one day.", days=days)
    if int(step) != step or step < 1:
        raise ForecastInputError(
            "invalid_option", "The step between cuts must be at least one day.",
            option="step", value=str(step), reason="at least 1",
        )  # fmt: skip
    scenario = setup.scenario
    latest = scenario.as_of - timedelta(days=days)
    last = min(last_cut or latest, latest)
    full = series.upto(scenario.as_of)
    found = outcomes(
        full, days=days, scenario=scenario, last_cut=last, first_cut=first_cut, step=step
    )
    total = 0
    cut = last
    first = max(first_cut or full.start, full.start + timedelta(days=window - 1))
    while cut >= first:
        total += 1
        cut -= timedelta(days=step)
    if len(found) < MIN_CUTS:
        raise ForecastInputError(
            "too_few_cuts",
            f"Only {len(found)} cut date(s) had enough history to backtest; at least "
            f"{MIN_CUTS} are needed.",
            cuts=len(found),
            needed=MIN_CUTS,
        )
    fallback = _reference_or_widened(scenario, days)
    if calibration == "none":
        fallback = Calibration("none", identity_map())
    elif calibration == "widen":
        fallback = Calibration("widened", widening_map())
    maps = (
        [(None, fallback.map)] * len(found)
        if calibration in ("none", "widen", "reference")
        else _rolling_maps(found, days, fallback.map)
    )
    cuts = []
    for o, (source, level_map) in zip(found, maps, strict=True):
        survival = np.cumsum(o.probabilities[::-1])[::-1]
        cuts.append(
            BacktestCut(
                cut=o.cut,
                window=o.window,
                actual=o.actual,
                g=o.g,
                plain={label(c): read_at_least(survival, o.offset, c) for c in setup.confidences},
                calibrated={
                    label(c): read_at_least(survival, o.offset, level_map.level(c))
                    for c in setup.confidences
                },
                calibration=source or fallback.source,
                crps=_crps(o.offset, o.probabilities, o.actual, None),
                crps_calibrated=_crps(o.offset, o.probabilities, o.actual, level_map),
            )
        )
    hit_rates = {
        kind: {
            label(c): float(np.mean([c_.actual >= getattr(c_, kind)[label(c)] for c_ in cuts]))
            for c in setup.confidences
        }
        for kind in ("plain", "calibrated")
    }
    return BacktestResult(
        days=days,
        scenario=scenario,
        cuts=tuple(cuts),
        skipped=total - len(found),
        hit_rates=hit_rates,
        crps={
            "plain": float(np.mean([c.crps for c in cuts])),
            "calibrated": float(np.mean([c.crps_calibrated for c in cuts])),
        },
        warnings=setup.warnings,
    )

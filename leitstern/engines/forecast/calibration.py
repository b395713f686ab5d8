"""Honest confidence levels: read the distribution where history shows the level is met.

A backtest cut yields one number per forecast, ``g``: the probability the forecast gave to
an outcome *better* than what really happened (more items than were done; an earlier day
than the one it took). A forecast "at confidence c" comes true exactly when ``g < c``. If the
model were right, ``g`` would be uniform and the hit rate at c would be c. Real throughput is
burstier, so ``g`` piles up near 1 and "85%" comes true less often.

A ``CalibrationMap`` says, for each nominal level c, which level q(c) to read so that history
met it a fraction c of the time: q(c) is the c-quantile of past ``g`` values. It comes from
the team's own past cuts (only those whose outcome was known by the as-of date), else from a
reference map learned on public open-source histories, else a conservative widening.

Calibration only ever makes answers more careful, never bolder: from 50% on, q(c) is never
below c, and below 50% (the optimistic side, which no answer is read at but the calibrated
distribution and "chance" use) q(c) is c. Reading the optimistic side further out made the
forecast distribution wider where it helps nobody, and scored worse (CRPS) on sparse
histories.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from . import _reference_data as ref

__all__ = [
    "GRID",
    "Calibration",
    "CalibrationMap",
    "learn_map",
    "read_at_least",
    "read_by",
    "reference_map",
    "widening_map",
]

GRID = (
    0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8,
    0.85, 0.9, 0.95, 0.975, 0.99,
)  # fmt: skip
MAX_LEVEL = 0.9999
_UPPER = 0.5  # from here on calibration never narrows; below it, it leaves levels alone
_EPS = 1e-9


@dataclass(frozen=True)
class CalibrationMap:
    """Nominal confidence → the level to read, on ``GRID``, linear in between."""

    nominal: tuple[float, ...]
    read: tuple[float, ...]

    def level(self, confidence: float) -> float:
        x = (0.0, *self.nominal, 1.0)
        y = (0.0, *self.read, 1.0)
        return float(np.interp(confidence, x, y))

    def inverse(self, probability: float) -> float:
        """The hit rate history shows for a plain probability (for "chance")."""
        x = (0.0, *self.nominal, 1.0)
        y = (0.0, *self.read, 1.0)
        return float(np.interp(probability, y, x))


@dataclass(frozen=True)
class Calibration:
    """Where the calibrated levels come from and how well forecasts did.

    ``source`` is ``"own"`` (the team's past), ``"reference"`` (public histories),
    ``"widened"`` (a fixed conservative widening) or ``"none"``. ``hit_rates`` holds the
    measured fraction of forecasts that came true, ``{"plain": {"85": 0.74, ...},
    "calibrated": {...}}``, on the team's own past cuts or, for the reference map, on
    histories the map was not learned from; empty if nothing was measured.
    """

    source: str
    map: CalibrationMap
    cuts: int = 0
    hit_rates: dict[str, dict[str, float]] = field(default_factory=dict)
    note: str = ""

    def as_dict(self, confidences: Sequence[float]) -> dict[str, object]:
        return {
            "source": self.source,
            "cuts": self.cuts,
            "levels": {label(c): round(self.map.level(c), 4) for c in confidences},
            "hit_rates": self.hit_rates,
            "note": self.note,
        }


def label(confidence: float) -> str:
    """``0.85`` → ``"85"``, ``0.975`` → ``"97.5"``."""
    return f"{confidence * 100:.10g}"


def targets(effective: float | None) -> np.ndarray:
    """The share of past ``g`` values to read below, per ``GRID`` level.

    With ``effective`` independent past forecasts, the k-th smallest of them is met by a new
    forecast with probability k / (n + 1), so a level ``c`` is read at the share
    ``c (n + 1) / n`` (capped at all of them): a small past then gives no optimistic answers.
    ``None`` reads at ``c`` itself (many forecasts, as for the reference).
    """
    if effective is None:
        return np.array(GRID)
    return np.minimum(np.array(GRID) * ((effective + 1) / effective), 1.0)


def learn_map(
    g: np.ndarray, *, weights: np.ndarray | None = None, effective: float | None = None
) -> CalibrationMap:
    """The levels at which past forecasts came true as often as they claimed.

    ``q(c)`` is the smallest level such that the share ``targets(effective)`` of ``c`` (by
    ``weights``) of the past ``g`` values lie below it.
    """
    g = np.asarray(g, dtype=float)
    w = np.ones_like(g) if weights is None else np.asarray(weights, dtype=float)
    order = np.argsort(g, kind="stable")
    g, w = g[order], w[order]
    cum = np.cumsum(w) / w.sum()
    read = []
    for t in targets(effective):
        i = min(int(np.searchsorted(cum, t - 1e-12)), len(g) - 1)
        read.append(g[i] + _EPS)
    return _tidy(np.array(read))


def _tidy(read: np.ndarray) -> CalibrationMap:
    grid = np.array(GRID)
    read = np.clip(read, 1e-4, MAX_LEVEL)
    upper = grid >= _UPPER
    read[upper] = np.maximum(read[upper], grid[upper])
    read[~upper] = grid[~upper]
    read = np.maximum.accumulate(read)
    # np.round is what round() does on numpy floats, once for the whole array.
    return CalibrationMap(GRID, tuple(np.round(read, 6).tolist()))


def blend(own: CalibrationMap, other: CalibrationMap, weight: float) -> CalibrationMap:
    mixed = weight * np.array(own.read) + (1 - weight) * np.array(other.read)
    return _tidy(mixed)


def widening_map() -> CalibrationMap:
    """Used when neither the team's past nor the reference applies: at c ≥ 50% read
    ``c + (1 - c) * 0.7 * (c - 0.5) / 0.5`` (85% → 92%, 95% → 98%)."""
    grid = np.array(GRID)
    read = np.where(grid > 0.5, grid + (1 - grid) * 0.7 * (grid - 0.5) / 0.5, grid)
    return _tidy(read)


def identity_map() -> CalibrationMap:
    return CalibrationMap(GRID, GRID)


def reference_map(*, window_days: int, horizon_days: float) -> CalibrationMap:
    """The reference map for the nearest learned window, interpolated in the horizon."""
    windows = np.array(ref.WINDOWS)
    w = int(windows[np.argmin(np.abs(np.log(windows) - np.log(max(window_days, 1))))])
    horizons = np.array(ref.HORIZONS, dtype=float)
    h = float(np.clip(horizon_days, horizons[0], horizons[-1]))
    rows = np.array([ref.MAPS[w][hz] for hz in ref.HORIZONS])
    read = np.array([np.interp(np.log(h), np.log(horizons), rows[:, j]) for j in range(len(GRID))])
    return _tidy(read)


def reference_hit_rates(*, window_days: int, horizon_days: float) -> dict[str, dict[str, float]]:
    """Leave-one-history-out hit rates of the reference map at the nearest setting."""
    windows = np.array(ref.WINDOWS)
    w = int(windows[np.argmin(np.abs(np.log(windows) - np.log(max(window_days, 1))))])
    horizons = np.array(ref.HORIZONS, dtype=float)
    h = int(horizons[np.argmin(np.abs(np.log(horizons) - np.log(max(horizon_days, 1))))])
    found = ref.HIT_RATES.get((w, h), {})
    return {k: dict(found[k]) for k in ("plain", "calibrated") if k in found}


def checked_hit_rates(
    *, window_days: int, horizon_days: float
) -> tuple[int, dict[str, dict[str, float]]]:
    """``(horizon, rates)``: the leave-one-history-out hit rates (``plain``, ``calibrated``
    for the reference alone, ``default``) at the nearest learned window and the shortest
    learned horizon at least ``horizon_days`` (the careful side: longer horizons are met
    less often), or the longest horizon and an empty dict beyond it."""
    windows = np.array(ref.WINDOWS)
    w = int(windows[np.argmin(np.abs(np.log(windows) - np.log(max(window_days, 1))))])
    later = [h for h in ref.HORIZONS if h >= horizon_days - 1e-9]
    if not later:
        return ref.HORIZONS[-1], {}
    return later[0], {k: dict(v) for k, v in ref.HIT_RATES[(w, later[0])].items()}


def read_at_least(at_least: np.ndarray, offset: int, level: float) -> int:
    """Largest count k with P(at least k) ≥ level (``at_least[i]`` is for ``offset + i``)."""
    ok = np.flatnonzero(at_least >= level - 1e-12)
    return int(offset + ok[-1]) if ok.size else offset


def read_by(cumulative: np.ndarray, level: float) -> int | None:
    """Smallest 1-based step d with P(done by d) ≥ level, or ``None`` if never reached."""
    ok = np.flatnonzero(cumulative >= level - 1e-12)
    return int(ok[0] + 1) if ok.size else None

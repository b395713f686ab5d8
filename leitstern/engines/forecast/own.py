"""Own-history calibration in bulk: every rolling level map at once, and a small cache.

``backtest._rolling_maps`` builds, for each past cut, the map that was available then (one
``learn_map`` and one ``blend`` per cut, weighted by ``own_weight``). ``rolling_levels`` gives
the same levels with the same floating-point operations, only on whole matrices: the levels
are equal to the last bit, which the tests check against ``_rolling_maps``.

``risky`` names the cuts whose ``g`` lies so close to a value where the calibration changes
that a ``g`` off by up to ``replay.max_error`` could change an answer; those cuts are replayed
one by one before anything is read.

``CACHE`` keeps the last calibrations learned, keyed by the history up to the as-of date and
every option that shapes the result, so that rendering the same forecast again costs nothing.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import replace
from datetime import date
from typing import overload

import numpy as np

from .calibration import _EPS, _UPPER, GRID, MAX_LEVEL, Calibration, CalibrationMap, targets
from .history import DailySeries

MIN_OWN_CUTS = 52  # a year of weekly cuts before a team's own past is trusted
OWN_LOOKBACK = 156  # own calibration looks at most three years of weekly cuts back
CUT_STEP = 7  # days between past forecasts
REFERENCE_WEIGHT = 12  # the reference counts as this many independent past forecasts

_GRID = np.array(GRID)
_X = np.array((0.0, *GRID, 1.0))


@overload
def effective_cuts(n: int, days: int) -> float: ...
@overload
def effective_cuts(n: np.ndarray, days: int) -> np.ndarray: ...
def effective_cuts(n: int | np.ndarray, days: int) -> float | np.ndarray:
    """How many independent past forecasts ``n`` weekly cuts are worth at a horizon of
    ``days``: cuts a week apart forecasting 90 days share 13 weeks of their outcome, so
    together they say about as much as one forecast every 90 days."""
    return n * CUT_STEP / max(CUT_STEP, days)


@overload
def own_weight(n: int, days: int) -> float: ...
@overload
def own_weight(n: np.ndarray, days: int) -> np.ndarray: ...
def own_weight(n: int | np.ndarray, days: int) -> float | np.ndarray:
    """The weight of the team's own map against the reference, ``e / (e + 12)`` with
    ``e = effective_cuts(n, days)``: three years of weekly cuts weigh 0.93 at 7 days, 0.75 at
    30 days and 0.5 at 90 days."""
    effective = effective_cuts(n, days)
    return effective / (effective + REFERENCE_WEIGHT)


def _tidy_rows(read: np.ndarray) -> np.ndarray:
    """``calibration._tidy`` on every row (``round(numpy float, 6)`` is ``np.round``)."""
    read = np.clip(read, 1e-4, MAX_LEVEL)
    upper = _GRID >= _UPPER
    read[:, upper] = np.maximum(read[:, upper], _GRID[upper])
    read[:, ~upper] = _GRID[~upper]
    return np.round(np.maximum.accumulate(read, axis=1), 6)


def rolling_levels(
    cuts: Sequence[date],
    g: np.ndarray,
    *,
    days: int,
    fallback: CalibrationMap,
    confidences: Sequence[float],
) -> np.ndarray:
    """``levels[i, j]``: the level read at ``confidences[j]`` by the map available at cut
    ``i`` (own cuts resolved by then, blended with ``fallback``; else ``fallback``)."""
    ordinal = np.array([c.toordinal() for c in cuts], dtype=np.int64)
    resolved = np.searchsorted(ordinal, ordinal - days, side="right")
    levels = np.tile([fallback.level(c) for c in confidences], (len(cuts), 1))
    own = np.flatnonzero(resolved >= MIN_OWN_CUTS)
    if own.size == 0:
        return levels
    sizes = np.minimum(resolved[own], OWN_LOOKBACK)
    read = np.empty((own.size, len(GRID)))
    for row, (i, n) in enumerate(zip(own, sizes, strict=True)):
        recent = np.sort(g[resolved[i] - n : resolved[i]], kind="stable")
        read[row] = recent[_picks(int(n), days)] + _EPS
    learned = _tidy_rows(read)
    weight = np.array([own_weight(int(n), days) for n in sizes])[:, None]
    mixed = _tidy_rows(weight * learned + (1 - weight) * np.array(fallback.read))
    query = np.array(confidences, dtype=float)
    y = np.zeros(len(GRID) + 2)
    y[-1] = 1.0
    for row, i in enumerate(own):
        y[1:-1] = mixed[row]
        levels[i] = np.interp(query, _X, y)
    return levels


@functools.cache
def _picks(n: int, days: int) -> np.ndarray:
    """Which of ``n`` sorted values ``learn_map`` reads at each ``GRID`` level, for ``n``
    past forecasts ``days`` ahead."""
    cum = np.cumsum(np.ones(n)) / n
    picks = np.minimum(np.searchsorted(cum, targets(effective_cuts(n, days)) - 1e-12), n - 1)
    picks.flags.writeable = False  # shared between calls
    return picks


def risky(
    g: np.ndarray, levels: np.ndarray, confidences: Sequence[float], margin: float
) -> np.ndarray:
    """Cuts whose ``g`` lies within ``margin`` of a point where an answer could flip: a
    confidence level or a level read (hit or miss), or a rounding step of a learned level
    (``learn_map`` reads ``g + 1e-9`` rounded to 6 decimals)."""
    scaled = (g + _EPS) * 1e6
    near_step = np.abs(scaled - np.floor(scaled) - 0.5) < 2 * margin * 1e6
    near_level = (np.abs(g[:, None] - levels) < 2 * margin).any(axis=1)
    near_confidence = (np.abs(g[:, None] - np.array(confidences)) < 2 * margin).any(axis=1)
    return near_step | near_level | near_confidence


def fingerprint(series: DailySeries, as_of: date) -> Hashable:
    """The history up to ``as_of``: its first day and a digest of its daily counts."""
    done = series.upto(as_of).done
    digest = hashlib.blake2b(np.ascontiguousarray(done, dtype=np.int64).tobytes(), digest_size=16)
    return series.start, len(done), digest.hexdigest()


class _LRU:
    """A small thread-safe least-recently-used store of calibrations (copies go out, so a
    caller changing a result's ``hit_rates`` cannot change the next answer)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Calibration] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Calibration | None:
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
        return None if found is None else _copy(found)

    def put(self, key: Hashable, value: Calibration) -> None:
        with self._lock:
            self._data[key] = _copy(value)
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def _copy(cal: Calibration) -> Calibration:
    return replace(cal, hit_rates={k: dict(v) for k, v in cal.hit_rates.items()})


CACHE = _LRU(128)

"""Fast replay of past forecasts for own-history calibration.

Own-history calibration needs, for up to 156 weekly cut dates, the number ``g`` a forecast
made then gave to doing more than was really done (see ``backtest``). Done one cut at a time
(``backtest.outcomes``) that costs a window cut, a model and a trimmed repeated squaring per
cut. Here all cuts are done together: every cut's daily distribution is one row of a matrix,
one batched real FFT raises all rows to the horizon's power in frequency space, and each
``g`` is one masked row sum.

Only calendar days (no working-day calendar, no weekly units) take this path; anything else
returns ``None`` and the caller replays cut by cut.

The result is not bit-for-bit the per-cut computation: both carry round-off, and the per-cut
one cuts tails below ``exact.TAIL`` after every convolution. ``max_error(steps)`` bounds the gap
between the two ``g`` values; ``backtest.choose_calibration`` recomputes a cut the per-cut
way whenever its fast ``g`` lies within that bound of a value where calibration changes
(a confidence level, a level the map reads, a rounding step of the map), so the calibrated
answers and hit rates are those of the per-cut computation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ._fft import next_fast_len
from ._setup import MIN_COMPLETION_DAYS
from .exact import TAIL
from .history import DailySeries
from .scenarios import Scenario

__all__ = ["Replay", "max_error", "replay"]

_TAIL_MASS = 1e-15  # mass left outside the circular support (Bernstein bound)
_DROP = 1e-30  # Fourier coefficients of the horizon's distribution below this are left out
_CHUNK = 1 << 21  # matrix elements per FFT batch: memory stays a few tens of MB


def max_error(steps: int) -> float:
    """A bound on |fast ``g`` - per-cut ``g``| for a horizon of ``steps`` days.

    ``exact.power`` cuts at most ``TAIL`` from each end after every convolution. A base
    that has lost ``d`` of its mass loses at most ``2 d + 2 TAIL`` when squared, and the
    result loses what every base it takes in lost, plus its own cut; renormalising moves
    ``g`` by at most twice the total loss. The fast path leaves out at most
    ``2 * _TAIL_MASS``, and the Fourier coefficients it leaves at zero (each below
    ``_DROP``) move each of the ``size`` values on the circle by at most ``_DROP``, so the
    mass above the actual count and the total by at most ``size * _DROP`` each, ``g`` by
    at most ``4 * size * _DROP`` < 1e-20 for any circle that fits in memory (< 2**31
    values). Round-off of either path, measured on the shared histories, stays below 1e-12;
    ``1e-11`` covers it and the rest.
    """
    base = result = 0.0
    while steps:
        if steps & 1:
            result += base + 2 * TAIL
        steps >>= 1
        if steps:
            base = 2 * base + 2 * TAIL
    return 2 * result + 2 * _TAIL_MASS + 1e-11


@dataclass(frozen=True, eq=False)
class Replay:
    """Cut dates, oldest first, with the fast ``g`` of each."""

    cuts: tuple[date, ...]
    g: np.ndarray


def replay(
    series: DailySeries, *, days: int, scenario: Scenario, last_cut: date, limit: int
) -> Replay | None:
    """The cuts ``backtest.outcomes(..., limit=limit)`` would use, with their ``g``.

    ``None`` if the scenario is not sampled by calendar day.
    """
    if scenario.unit != "day" or scenario.calendar.working_days or scenario.window is None:
        return None
    window = scenario.window
    # Days between the end of the series and the as-of date had no completions.
    span = (last_cut - series.start).days + 1 + days
    done = series.done
    if span > len(done):
        done = np.concatenate([done, np.zeros(span - len(done), dtype=done.dtype)])
    first = max(series.start, series.start + timedelta(days=window - 1))
    if last_cut < first:
        return Replay((), np.zeros(0))
    # Cut ``k`` weeks back from ``last_cut``; index ``e`` of a cut is its day in ``done``.
    last_e = (last_cut - series.start).days
    count = (last_cut - first).days // 7 + 1
    ends = last_e - 7 * np.arange(count)
    busy = np.r_[0, np.cumsum(done > 0)]
    with_completions = busy[ends + 1] - busy[ends + 1 - window]
    keep = np.flatnonzero(with_completions >= MIN_COMPLETION_DAYS)[:limit]
    ends = ends[keep][::-1]
    if len(ends) == 0:
        return Replay((), np.zeros(0))
    totals = np.r_[0, np.cumsum(done)]
    actual = totals[ends + 1 + days] - totals[ends + 1]
    cuts = tuple(series.start + timedelta(days=int(e)) for e in ends)
    return Replay(cuts, _g(done, ends, window=window, steps=days, actual=actual))


def _g(
    done: np.ndarray, ends: np.ndarray, *, window: int, steps: int, actual: np.ndarray
) -> np.ndarray:
    """P(sum of ``steps`` days drawn from the window ending at each ``end`` > ``actual``)."""
    top = int(done[ends.min() + 1 - window : ends.max() + 1].max())
    hist = np.zeros((len(ends), top + 1))
    for i, e in enumerate(ends):
        hist[i] = np.bincount(done[e + 1 - window : e + 1], minlength=top + 1)
    pmf = hist / window
    low, high = _bulk(pmf, steps)
    full = steps * top + 1
    size = int((high - low).max()) + 1
    if size < full:
        size = min(next_fast_len(size), full)
    if size >= full:  # no wrap-around needed: the whole support fits
        size, low = full, np.zeros_like(low)
    elif top + 1 > size:  # fold the daily distribution onto the circle
        pmf = np.pad(pmf, ((0, 0), (0, -(top + 1) % size)))
        pmf = pmf.reshape(len(ends), -1, size).sum(axis=1)
    g = np.empty(len(ends))
    rows = max(1, _CHUNK // size)
    # Frequencies whose power is below _DROP are left at zero (see max_error): at long
    # horizons most of the spectrum is, and raising it to the power is the costly part.
    floor = _DROP ** (1.0 / steps)
    for lo in range(0, len(ends), rows):
        spectrum = np.fft.rfft(pmf[lo : lo + rows], size, axis=1)
        keep = np.abs(spectrum) > floor
        powered = np.zeros_like(spectrum)
        powered[keep] = spectrum[keep] ** steps
        circular = np.fft.irfft(powered, size, axis=1)
        np.clip(circular, 0.0, None, out=circular)
        for row, values in enumerate(circular, start=lo):
            # The circle holds the sums low .. low + size - 1, each at its value mod size;
            # "more" are those above the actual count: one or two slices of the circle.
            first = max(int(actual[row]) + 1, int(low[row])) % size
            count = int(low[row]) + size - max(int(actual[row]) + 1, int(low[row]))
            if count <= 0:
                more = 0.0
            elif first + count <= size:
                more = values[first : first + count].sum()
            else:
                more = values[first:].sum() + values[: first + count - size].sum()
            g[row] = min(more / values.sum(), 1.0)
    return g


def _bulk(pmf: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, a range of sums outside which ``steps`` draws fall with probability below
    ``_TAIL_MASS`` on each side (Chernoff: P(S >= a) <= M(t)^steps e^(-t a) for every t > 0,
    likewise below with -t; any t gives a valid bound, the grid only tightens it)."""
    top = pmf.shape[1] - 1
    values = np.arange(top + 1)
    thetas = np.logspace(-4, math.log10(min(10.0, 600.0 / max(top, 1))), 40)  # no overflow
    log_eta = math.log(_TAIL_MASS)
    # ``einsum`` rather than ``@``: a product this small is quicker in one thread than
    # handed to a threaded BLAS, which on a busy machine waits for its threads.
    mgf_up = np.einsum("rv,vt->rt", pmf, np.exp(np.outer(values, thetas)))
    mgf_down = np.einsum("rv,vt->rt", pmf, np.exp(-np.outer(values, thetas)))
    high = (steps * np.log(mgf_up) - log_eta) / thetas
    low = (steps * np.log(mgf_down) - log_eta) / thetas
    last = steps * top
    return (
        np.clip(np.floor(-low.min(axis=1)), 0, last).astype(np.int64),
        np.clip(np.ceil(high.min(axis=1)), 0, last).astype(np.int64),
    )

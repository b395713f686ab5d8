"""Growth and ramp-up over months, for one line or for every trial of a chunk at once.

Growth compounds monthly from the line's start: ``(1 + g) ** (m - start)``. The ramp-up is
the average over each month of a curve that is 0 until ``lag`` months after the start, then
rises linearly to 1 over ``ramp`` months (a step at ``lag`` when ``ramp`` is 0): with
``G(x) = clip(x, 0, r) ** 2 / (2 r) + max(x - r, 0)`` its integral, month ``tau`` (counted
from the start) gets ``G(tau + 1 - lag) - G(tau - lag)``, exact for fractional lags and ramps.

Chunks of trials reuse the buffers of a ``Scratch``: fresh arrays of a few megabytes cost a
page fault per page on every chunk, which was a third of the time here.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Scratch", "curve", "monthly", "ramp_rows", "rise"]


class Scratch:
    """Reusable work memory for one chunk size. ``view`` hands out C-contiguous (rows, cols)
    arrays: numpy runs a contiguous array as one flat loop, a column slice row by row."""

    def __init__(self, n: int, horizon: int) -> None:
        self.n = n
        size = n * (horizon + 1)
        self._memory = {name: np.empty(size) for name in ("part", "x", "c", "flows")}

    def view(self, name: str, rows: int, cols: int) -> np.ndarray:
        return self._memory[name][: rows * cols].reshape(rows, cols)


def curve(
    start0: int,
    months: np.ndarray,
    growth,
    lag,
    ramp,
    *,
    n: int,
    out: np.ndarray | None = None,
    scratch: Scratch | None = None,
) -> np.ndarray:
    """(n, len(months)) growth and ramp-up factors for the given 0-based months (on or after
    ``start0``). ``growth``, ``lag`` and ``ramp`` are numbers or arrays of one per trial.
    Writes into ``out`` when given."""
    if out is None:
        out = np.empty((n, len(months)))
    factors = monthly(start0, months, growth, lag, ramp, n=n, scratch=scratch)
    out[...] = factors.T
    return out


def monthly(
    start0: int,
    months: np.ndarray,
    growth,
    lag,
    ramp,
    *,
    n: int,
    scale=1.0,
    out: np.ndarray | None = None,
    scratch: Scratch | None = None,
) -> np.ndarray:
    """``scale`` times the growth and ramp-up factors as a (len(months), n) array: one row per
    month, one column per trial, so that every operation runs along a contiguous row of
    trials. ``months`` are consecutive; ``scale`` is a number or one per trial.

    Growth compounds by multiplying month by month (no power or exponential per cell)."""
    W = len(months)
    if out is None:
        out = np.empty((W, n))
    if W == 0:
        return out
    tau = np.asarray(months, dtype=np.float64) - start0
    g = np.asarray(growth, dtype=np.float64)
    if np.any(g != 0.0):
        x = np.broadcast_to(1.0 + g, (n,))
        first = float(tau[0])
        start = np.multiply(scale, np.power(x, first) if first else 1.0)
        out[0] = start
        for k in range(1, W):
            np.multiply(out[k - 1], x, out=out[k])
    else:
        out[...] = np.broadcast_to(np.asarray(scale, dtype=np.float64), (n,))
    lag_ = np.broadcast_to(np.asarray(lag, dtype=np.float64), (n,))
    ramp_ = np.broadcast_to(np.asarray(ramp, dtype=np.float64), (n,))
    if np.any(lag_ != 0.0) or np.any(ramp_ != 0.0):
        _ramp(tau, lag_, ramp_, out, scratch)
    return out


def _ramp(tau, lag, ramp, out, scratch) -> None:
    """Multiply ``out`` (len(tau), n) by the ramp-up factor of each month; ``tau`` holds
    consecutive whole months since the line's start."""
    a, b, mid = ramp_rows(tau, lag, ramp, out.shape[1], scratch)
    out[:a] = 0.0
    if b > a:
        out[a:b] *= mid


def ramp_rows(tau, lag, ramp, n: int, scratch) -> tuple[int, int, np.ndarray]:
    """The ramp-up over consecutive whole months ``tau`` since the line's start, for ``n``
    trials: months before ``a`` are 0 in every trial, months from ``b`` on are 1, and
    ``mid`` (b - a, n) holds the months between."""
    # Months ending before the earliest impact are 0, months from the latest full effect on
    # are 1: only the months between need the curve.
    a = int(np.searchsorted(tau + 1.0, float(np.min(lag)), side="right"))
    b = max(a, int(np.searchsorted(tau, float(np.max(lag + ramp)), side="left")))
    width = b - a
    mid = scratch.view("x", width, n) if scratch is not None else np.empty((width, n))
    if width == 0:
        return a, b, mid
    if not np.any(ramp != 0.0):
        # A step at the lag: the month holding it gets the part of the month after it.
        np.subtract.outer(tau[a:b] + 1.0, lag, out=mid)
        np.clip(mid, 0.0, 1.0, out=mid)
    else:
        # A month wholly before, inside or after the rise averages to the curve's value at
        # its middle; only the (at most two) months holding a bend need the integral.
        r = np.maximum(ramp, 1e-12)
        np.subtract.outer(tau[a:b] + 0.5, lag, out=mid)
        mid *= 1.0 / r
        np.clip(mid, 0.0, 1.0, out=mid)
        for bend in (lag, lag + r):
            col = np.floor(bend).astype(np.intp) - int(tau[a])
            inside = np.flatnonzero((col >= 0) & (col < width))
            if inside.size:
                start = tau[a] + col[inside] - lag[inside]  # month start, from the impact
                mid[col[inside], inside] = rise(start + 1.0, r[inside]) - rise(start, r[inside])
    return a, b, mid


def rise(x: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Area under the ramp-up curve from the impact to ``x`` months after it: a ramp of
    ``r`` months rising from 0 to 1, then 1."""
    c = np.clip(x, 0.0, r)
    return c * c / (2.0 * r) + np.maximum(x - r, 0.0)

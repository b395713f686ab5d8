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

__all__ = ["Scratch", "curve", "rise"]


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
    W = len(months)
    tau = np.asarray(months, dtype=np.float64) - start0
    if out is None:
        out = np.empty((n, W))
    filled = False
    g = np.asarray(growth, dtype=np.float64).reshape(-1, 1)
    if np.any(g != 0.0):
        np.multiply(np.log1p(g), np.maximum(tau, 0.0), out=out)
        np.exp(out, out=out)
        filled = True
    lag_ = np.asarray(lag, dtype=np.float64).reshape(-1, 1)
    ramp_ = np.asarray(ramp, dtype=np.float64).reshape(-1, 1)
    if np.any(lag_ != 0.0) or np.any(ramp_ != 0.0):
        part = out  # the ramp alone, or a second factor beside the growth:
        if filled:
            part = scratch.view("part", n, W) if scratch is not None else np.empty((n, W))
        _ramp(tau, lag_, ramp_, part, scratch)
        if filled:
            out *= part
        filled = True
    if not filled:
        out.fill(1.0)
    return out


def _ramp(tau, lag, ramp, part, scratch) -> None:
    """Fill ``part`` (n, len(tau)) with the ramp-up factor of each month; ``tau`` holds
    consecutive whole months since the line's start."""
    # Months ending before the earliest impact are 0, months from the latest full effect on
    # are 1: only the months between need the curve.
    a = int(np.searchsorted(tau + 1.0, float(np.min(lag)), side="right"))
    b = max(a, int(np.searchsorted(tau, float(np.max(lag + ramp)), side="left")))
    part[:, :a] = 0.0
    part[:, b:] = 1.0
    if b == a:
        return
    rows, width = part.shape[0], b - a
    mid = scratch.view("x", rows, width) if scratch is not None else np.empty((rows, width))
    if not np.any(ramp != 0.0):
        # A step at the lag: the month holding it gets the part of the month after it.
        np.subtract(tau[a:b] + 1.0, lag, out=mid)
        np.clip(mid, 0.0, 1.0, out=mid)
    else:
        # A month wholly before, inside or after the rise averages to the curve's value at
        # its middle; only the (at most two) months holding a bend need the integral.
        r = np.maximum(ramp, 1e-12)
        np.subtract(tau[a:b] + 0.5, lag, out=mid)
        mid *= 1.0 / r
        np.clip(mid, 0.0, 1.0, out=mid)
        lag_n = np.broadcast_to(lag, (rows, 1))[:, 0]
        r_n = np.broadcast_to(r, (rows, 1))[:, 0]
        for bend in (lag_n, lag_n + r_n):
            col = np.floor(bend).astype(np.intp) - int(tau[a])
            inside = np.flatnonzero((col >= 0) & (col < width))
            if inside.size:
                start = tau[a] + col[inside] - lag_n[inside]  # month start, from the impact
                mid[inside, col[inside]] = rise(start + 1.0, r_n[inside]) - rise(start, r_n[inside])
    part[:, a:b] = mid


def rise(x: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Area under the ramp-up curve from the impact to ``x`` months after it: a ramp of
    ``r`` months rising from 0 to 1, then 1."""
    c = np.clip(x, 0.0, r)
    return c * c / (2.0 * r) + np.maximum(x - r, 0.0)

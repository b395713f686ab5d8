"""Money over months: present value, internal rate of return and payback.

Cash flows are monthly, month 1 first, each at the end of its month. The annual discount
rate ``r`` is turned into the equivalent monthly rate ``(1 + r) ** (1 / 12) - 1``, so twelve
months of discounting equal one year at ``r``; month ``m``'s cash counts
``(1 + r) ** (-m / 12)`` of its face value. (numpy-financial's ``npv(rate, values)`` instead
leaves ``values[0]`` undiscounted: ours equals ``npv(monthly_rate, [0, *flows])``.)
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

__all__ = ["irr", "npv", "payback_months"]

# Cumulative cash within this of zero counts as zero (rounding of sums of many months).
PAYBACK_TOLERANCE = 1e-6


def npv(flows: np.ndarray, annual_rate: float) -> float:
    """Present value of monthly ``flows`` (month 1 first) at ``annual_rate``."""
    flows = np.asarray(flows, dtype=np.float64)
    months = np.arange(1, len(flows) + 1)
    return float(flows @ np.power(1.0 + annual_rate, -months / 12.0))


def payback_months(cumulative: np.ndarray) -> np.ndarray:
    """For each row of cumulative cash (n, T): the first month (1-based) from which it stays
    at or above zero to the end of the horizon, or 0 if it ends below zero ("not within the
    horizon"). A row never below zero pays back in month 1."""
    cumulative = np.atleast_2d(cumulative)
    negative = cumulative < -PAYBACK_TOLERANCE
    T = cumulative.shape[1]
    last = T - 1 - np.argmax(negative[:, ::-1], axis=1)
    month = np.where(negative.any(axis=1), last + 2, 1)
    month[negative[:, -1]] = 0
    return month.astype(np.int32)


def irr(flows: np.ndarray) -> float | None:
    """Annual internal rate of return of monthly ``flows``: the rate at which their present
    value is zero, as an effective annual rate.

    Given only when it is unique: the flows change sign exactly once (then, by Descartes'
    rule of signs, exactly one rate above -100% solves it). ``None`` otherwise, or when the
    monthly rate lies outside -50% to +1000%.
    """
    flows = np.asarray(flows, dtype=np.float64)
    signs = np.sign(flows[np.abs(flows) > 0])
    if len(signs) < 2 or np.count_nonzero(np.diff(signs)) != 1:
        return None
    months = np.arange(1, len(flows) + 1, dtype=np.float64)
    scale = float(np.max(np.abs(flows)))

    def value(r: float) -> float:
        return float(flows @ np.exp(-months * math.log1p(r))) / scale

    lo, hi = -0.5, 10.0
    if value(lo) * value(hi) > 0:
        return None
    monthly = optimize.brentq(value, lo, hi, xtol=1e-15, rtol=1e-15, maxiter=500)
    return (1.0 + monthly) ** 12 - 1.0

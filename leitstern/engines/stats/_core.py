"""The formulas, on plain floats and without validation (callers validate first).

Power here is the chance that a two-sided test at level α finds an effect *in the true
direction*: the rejection in the wrong tail (about 10⁻⁷ at usual sizes) does not count, since
it would not meet any rule that names a direction. The sample sizes are the smallest whole
numbers per arm whose power reaches the goal, so ``power(n) ≥ goal > power(n − 1)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from scipy import special

MAX_N = 10**12


def z_crit(alpha: float) -> float:
    """The two-sided critical value of the standard normal: Φ⁻¹(1 − α/2)."""
    return float(special.ndtri(1.0 - alpha / 2.0))


def t_crit(alpha: float, df: float) -> float:
    return float(special.stdtrit(df, 1.0 - alpha / 2.0))


def welch_df(va: float, vb: float, dfa: float, dfb: float) -> float:
    """Welch–Satterthwaite degrees of freedom from the two variances of the means,
    (va + vb)² / (va²/dfa + vb²/dfb), written with shares so that tiny or huge variances
    neither underflow nor overflow."""
    ra = va / (va + vb)
    rb = 1.0 - ra
    return 1.0 / (ra * ra / dfa + rb * rb / dfb)


# -- two proportions -------------------------------------------------------------------------


def power_proportions(p1: float, p2: float, n_a: float, n_b: float, alpha: float) -> float:
    """Power of the pooled two-proportion z-test for true rates ``p1`` (A) and ``p2`` (B):
    Φ((|p2 − p1| − z·SE₀) / SE₁), SE₀ from the pooled rate (the variance under "no
    difference"), SE₁ from the two true rates."""
    delta = abs(p2 - p1)
    pooled = (n_a * p1 + n_b * p2) / (n_a + n_b)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    se1 = math.sqrt(p1 * (1 - p1) / n_a + p2 * (1 - p2) / n_b)
    edge = delta - z_crit(alpha) * se0
    if se1 == 0.0:
        return 1.0 if edge > 0 else 0.0
    return float(special.ndtr(edge / se1))


def n_proportions(p1: float, p2: float, alpha: float, power: float) -> int | None:
    """Per-arm size of two equal arms (Fleiss' formula with the pooled variance under H0):
    n = (z₁₋α/₂·√(2·p̄q̄) + z₁₋β·√(p₁q₁ + p₂q₂))² / (p₂ − p₁)², p̄ = (p₁ + p₂)/2, rounded up."""
    pbar = (p1 + p2) / 2
    za, zb = z_crit(alpha), float(special.ndtri(power))
    root = za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    raw = root * root / (p2 - p1) ** 2 if root > 0 else 1.0
    return _settle(max(1, math.ceil(raw)), lambda n: power_proportions(p1, p2, n, n, alpha), power)


# -- two means (Welch) -----------------------------------------------------------------------


def power_means(
    delta: float, sd_a: float, sd_b: float, n_a: float, n_b: float, alpha: float
) -> float:
    """Power of Welch's t-test for a true difference ``delta``: P(T > t₁₋α/₂) with T
    noncentral t, ncp = |δ| / √(σa²/na + σb²/nb), Welch–Satterthwaite df."""
    va, vb = sd_a * sd_a / n_a, sd_b * sd_b / n_b
    df = welch_df(va, vb, n_a - 1, n_b - 1)
    ncp = abs(delta) / math.sqrt(va + vb)
    crit = t_crit(alpha, df)
    return float(1.0 - special.nctdtr(df, ncp, crit))


def n_means(delta: float, sd_a: float, sd_b: float, alpha: float, power: float) -> int | None:
    """Smallest per-arm size of two equal arms whose Welch power reaches ``power``; starts from
    the normal formula n = (z₁₋α/₂ + z₁₋β)²·(σa² + σb²)/δ² and steps to the exact answer."""
    za, zb = z_crit(alpha), float(special.ndtri(power))
    raw = (za + zb) ** 2 * (sd_a**2 + sd_b**2) / delta**2
    return _settle(
        max(2, math.ceil(raw)), lambda n: power_means(delta, sd_a, sd_b, n, n, alpha), power, 2
    )


def _settle(n: int, power_at: Callable[[int], float], goal: float, smallest: int = 1) -> int | None:
    """The smallest whole number ≥ ``smallest`` with ``power_at(n) >= goal``, searched from the
    formula's answer ``n`` (doubling steps to bracket it, then bisection); ``None`` when even
    ``MAX_N`` does not reach the goal. Power grows with n, so the bracket is sound."""
    hi = min(max(n, smallest), MAX_N)
    if power_at(hi) >= goal:
        step, lo = 1, hi - 1
        while lo >= smallest and power_at(lo) >= goal:
            hi, step = lo, step * 2
            lo = hi - step
        lo = max(lo, smallest - 1)  # power_at(lo) < goal, or lo lies below the smallest n
    else:
        step, lo = 1, hi
        while True:
            hi = min(lo + step, MAX_N)
            if power_at(hi) >= goal:
                break
            if hi == MAX_N:
                return None
            lo, step = hi, step * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if power_at(mid) >= goal:
            hi = mid
        else:
            lo = mid
    return hi


# -- normal posterior ------------------------------------------------------------------------


def normal_losses(mean: float, sd: float) -> tuple[float, float, float]:
    """For G ~ N(mean, sd²): P(G > 0), E[max(−G, 0)] and E[max(G, 0)] in closed form:
    E[max(−G, 0)] = sd·φ(mean/sd) − mean·Φ(−mean/sd), E[max(G, 0)] = that + mean."""
    z = mean / sd
    pdf = math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    win = float(special.ndtr(z))
    loss_ship = sd * pdf - mean * float(special.ndtr(-z))
    loss_keep = sd * pdf + mean * win
    return win, max(loss_ship, 0.0), max(loss_keep, 0.0)

"""How each estimate becomes a distribution, sampled from one standard normal per input.

Every uncertain input is drawn as a standard normal ``z`` (its *latent* value) and turned
into the input's value by a monotone map: a normal is ``mu + sd * z``, a lognormal
``exp(mu + sd * z)``, a three-point estimate its quantile function at ``Phi(z)`` and a yes/no
input ``z < Phi^-1(p)``. One latent per input makes correlations (a Gaussian copula on the
latents) and shared draws between cases (same key, same latent) simple, and keeps the
latent's percentile the input's percentile.

A calibrated 90% range (Hubbard) puts 5% below the lower and 5% above the upper bound:

* normal: ``mu = (lower + upper) / 2``, ``sd = (upper - lower) / (2 * 1.6449)``;
* lognormal: the same on ``log(lower)``, ``log(upper)``; its median is ``sqrt(lower * upper)``.

Three-point estimates: Beta-PERT with ``alpha = 1 + 4 (likely - low) / (high - low)``,
``beta = 1 + 4 (high - likely) / (high - low)`` on ``[low, high]`` (mean
``(low + 4 likely + high) / 6``), or triangular (mean ``(low + likely + high) / 3``). Their
quantile functions are tabulated once on a fine grid of ``z`` and read by linear
interpolation (error below 1e-6 of the width; tested).

Values are clipped to the field's natural bounds (an FTE below 0, an adoption above 1): a
normal range starting at 0 puts some draws below zero and those count as zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import special

from ._fields import estimate_iv
from .model import Estimate, Point, Range, ThreePoint

__all__ = ["EstimateSummary", "describe_estimate"]

# No standard normal draw reaches this far (numpy's generators stay below about 14): a bound
# further out than Z_MAX standard deviations needs no clipping.
Z_MAX = 40.0
Z90 = float(special.ndtri(0.95))  # 1.6449: a 90% interval spans +-Z90 standard deviations
Z10 = float(special.ndtri(0.10))  # the 10th percentile of a standard normal, -1.2816

_GRID_LO, _GRID_HI, _GRID_N = -9.0, 9.0, 1 << 13
_GRID_STEP = (_GRID_HI - _GRID_LO) / (_GRID_N - 1)
_GRID = np.linspace(_GRID_LO, _GRID_HI, _GRID_N)


class Dist:
    """A distribution of one input: ``sample(z)`` maps latent standard normals to values."""

    uncertain: bool = True
    discrete: bool = False

    def sample(self, z: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    @property
    def base(self) -> float:
        """The value the deterministic result uses (median of a range, most likely value)."""
        raise NotImplementedError  # pragma: no cover - interface

    def at(self, q: float) -> float:
        """The value at percentile ``q`` (0 < q < 1), clipped to the field's bounds."""
        return float(self.sample(np.array([special.ndtri(q)]))[0])


@dataclass(frozen=True)
class Fixed(Dist):
    value: float
    uncertain = False

    def sample(self, z: np.ndarray) -> np.ndarray:
        return np.full(z.shape, self.value)

    @property
    def base(self) -> float:
        return self.value

    def at(self, q: float) -> float:
        return self.value


@dataclass(frozen=True)
class Normal(Dist):
    mu: float
    sd: float
    lo: float
    hi: float

    def sample(self, z: np.ndarray) -> np.ndarray:
        x = np.multiply(z, self.sd, dtype=np.float64)
        x += self.mu
        low, high = self.mu - Z_MAX * self.sd, self.mu + Z_MAX * self.sd
        return _clip(
            x, self.lo if low < self.lo else -math.inf, self.hi if high > self.hi else math.inf
        )

    @property
    def base(self) -> float:
        return min(max(self.mu, self.lo), self.hi)


@dataclass(frozen=True)
class LogNormal(Dist):
    mu: float
    sd: float
    lo: float
    hi: float

    def sample(self, z: np.ndarray) -> np.ndarray:
        x = np.multiply(z, self.sd, dtype=np.float64)
        x += self.mu
        low, high = self.mu - Z_MAX * self.sd, self.mu + Z_MAX * self.sd
        if low < -745.0 or high > 709.0:
            np.clip(x, -745.0, 709.0, out=x)  # beyond, exp under- or overflows
        np.exp(x, out=x)
        # Clip only where a bound can be reached (exp is positive: a bound <= 0 cannot).
        lo = self.lo if self.lo > 0 and low < math.log(self.lo) else -math.inf
        hi = self.hi if high > math.log(self.hi) else math.inf
        return _clip(x, lo, hi)

    @property
    def base(self) -> float:
        return min(max(math.exp(self.mu), self.lo), self.hi)


@dataclass(frozen=True, eq=False)
class Tabulated(Dist):
    """A quantile function tabulated on an even grid of ``z`` (three-point estimates)."""

    values: np.ndarray
    likely: float
    lo: float
    hi: float

    def sample(self, z: np.ndarray) -> np.ndarray:
        pos = np.clip(np.asarray(z, dtype=np.float64), _GRID_LO, _GRID_HI)
        pos -= _GRID_LO
        pos *= 1.0 / _GRID_STEP
        i = pos.astype(np.intp)
        np.minimum(i, _GRID_N - 2, out=i)
        pos -= i
        left = self.values[i]
        x = self.values[i + 1]
        x -= left
        x *= pos
        x += left
        return _clip(x, self.lo, self.hi)

    @property
    def base(self) -> float:
        return min(max(self.likely, self.lo), self.hi)


@dataclass(frozen=True)
class Bernoulli(Dist):
    """Yes (1) with probability ``p``: ``z < Phi^-1(p)``. Its base is its likelier outcome."""

    p: float
    discrete = True

    @property
    def uncertain(self) -> bool:  # type: ignore[override]  # read-only here
        return 0.0 < self.p < 1.0

    @property
    def threshold(self) -> float:
        return float(special.ndtri(self.p)) if self.uncertain else math.copysign(math.inf, self.p)

    def sample(self, z: np.ndarray) -> np.ndarray:
        return (z < self.threshold).astype(np.float64)

    @property
    def base(self) -> float:
        return 1.0 if self.p >= 0.5 else 0.0

    def at(self, q: float) -> float:
        # Sensitivity swings a yes/no input between its two outcomes, not its deciles.
        return 0.0 if q < 0.5 else 1.0


def _clip(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    if lo > -math.inf:
        np.maximum(x, lo, out=x)
    if hi < math.inf:
        np.minimum(x, hi, out=x)
    return x


def resolve_shape(estimate: Range) -> str:
    if estimate.shape == "auto":
        return "lognormal" if estimate.lower > 0 and estimate.upper > 0 else "normal"
    return estimate.shape


def to_dist(estimate: Estimate, *, lo: float = -math.inf, hi: float = math.inf) -> Dist:
    """The distribution of a validated estimate, clipped to ``[lo, hi]``."""
    if isinstance(estimate, Point):
        return Fixed(float(min(max(estimate.value, lo), hi)))
    if isinstance(estimate, Range):
        a, b = float(estimate.lower), float(estimate.upper)
        if a == b:
            return Fixed(min(max(a, lo), hi))
        if resolve_shape(estimate) == "lognormal":
            la, lb = math.log(a), math.log(b)
            return LogNormal((la + lb) / 2, (lb - la) / (2 * Z90), lo, hi)
        return Normal((a + b) / 2, (b - a) / (2 * Z90), lo, hi)
    if isinstance(estimate, ThreePoint):
        a, m, b = float(estimate.low), float(estimate.likely), float(estimate.high)
        if a == b:
            return Fixed(min(max(a, lo), hi))
        return Tabulated(_table(estimate.shape, a, m, b), m, lo, hi)
    return Fixed(float(min(max(float(estimate), lo), hi)))


@lru_cache(maxsize=512)
def _table(shape: str, a: float, m: float, b: float) -> np.ndarray:
    u = special.ndtr(_GRID)
    values = three_point_ppf(shape, a, m, b, u)
    values.setflags(write=False)
    return values


def three_point_ppf(shape: str, a: float, m: float, b: float, u: np.ndarray) -> np.ndarray:
    """Exact quantile function of a PERT or triangular estimate at probabilities ``u``."""
    u = np.asarray(u, dtype=np.float64)
    width = b - a
    if shape == "pert":
        alpha = 1 + 4 * (m - a) / width
        beta = 1 + 4 * (b - m) / width
        return a + width * special.betaincinv(alpha, beta, u)
    c = (m - a) / width  # triangular: mode at fraction c of the width
    left = a + np.sqrt(u * width * (m - a))
    right = b - np.sqrt((1 - u) * width * (b - m))
    return np.where(u < c, left, right)


@dataclass(frozen=True)
class EstimateSummary:
    """What an estimate means, for help text beside the field: its distribution's mean,
    5th/50th/95th percentiles and the value the deterministic result uses (before clipping
    to a field's bounds)."""

    shape: str
    mean: float
    p5: float
    median: float
    p95: float
    base: float

    def as_dict(self) -> dict[str, object]:
        return {
            "shape": self.shape,
            "mean": self.mean,
            "p5": self.p5,
            "median": self.median,
            "p95": self.p95,
            "base": self.base,
        }


def describe_estimate(estimate: Estimate) -> EstimateSummary:
    """Summarise a (valid) estimate: e.g. ``Range(10, 40)`` is a lognormal with median 20
    and mean 21.9. Raises ``CaseInputError`` for an invalid one."""
    estimate_iv(estimate)
    dist = to_dist(estimate)
    if isinstance(dist, Fixed):
        v = dist.value
        return EstimateSummary("point", v, v, v, v, v)
    if isinstance(dist, (Normal, LogNormal)):
        shape = "normal" if isinstance(dist, Normal) else "lognormal"
        log_mean = dist.mu + dist.sd**2 / 2
        mean = dist.mu if shape == "normal" else math.exp(min(log_mean, 709.0))
        return EstimateSummary(shape, mean, dist.at(0.05), dist.at(0.5), dist.at(0.95), dist.base)
    assert isinstance(estimate, ThreePoint) and isinstance(dist, Tabulated)
    a, m, b = float(estimate.low), float(estimate.likely), float(estimate.high)
    mean = (a + 4 * m + b) / 6 if estimate.shape == "pert" else (a + m + b) / 3
    q = three_point_ppf(estimate.shape, a, m, b, np.array([0.05, 0.5, 0.95]))
    return EstimateSummary(estimate.shape, mean, float(q[0]), float(q[1]), float(q[2]), m)

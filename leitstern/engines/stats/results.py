"""Frozen results of the statistics engine, each with ``as_dict()`` for JSON.

Sign convention everywhere: a difference is **B − A** (treatment minus control, or after
minus before) and a relative lift is **B / A − 1**. Whether that is good depends on the
metric's direction, which only the decision rule knows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import jsonable

__all__ = [
    "Arm",
    "Autocorrelation",
    "Bayes",
    "Comparison",
    "Interval",
    "Message",
    "SampleSize",
    "SrmCheck",
]


def _r(x: float | None, digits: int = 10) -> float | None:
    return None if x is None else float(f"{x:.{digits}g}")


@dataclass(frozen=True)
class Interval:
    """A point estimate with its two-sided confidence interval at ``level`` (e.g. 0.95)."""

    estimate: float
    lower: float
    upper: float
    level: float

    def excludes(self, value: float) -> bool:
        return value < self.lower or value > self.upper

    def as_dict(self) -> dict[str, float | None]:
        return {
            "estimate": _r(self.estimate),
            "lower": _r(self.lower),
            "upper": _r(self.upper),
            "level": _r(self.level),
        }


@dataclass(frozen=True)
class Arm:
    """One group: ``n`` units (visitors, users or metric values), their mean (a conversion
    rate for proportions) and standard deviation. ``n_effective`` is ``n`` unless
    autocorrelated values count for fewer independent ones (before/after)."""

    n: int
    mean: float
    sd: float
    n_effective: float
    conversions: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "mean": _r(self.mean),
            "sd": _r(self.sd),
            "n_effective": _r(self.n_effective),
            "conversions": self.conversions,
        }


@dataclass(frozen=True)
class Autocorrelation:
    """Lag-1 autocorrelation of each period's values and whether it widened the interval.

    ``rho_before``/``rho_after`` are ``None`` when a period has too few values to estimate
    it (then nothing was adjusted). ``floored`` is true when a period's effective size fell
    below 2 and was held there; the interval is then only a rough guide."""

    rho_before: float | None
    rho_after: float | None
    adjusted: bool
    floored: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "rho_before": _r(self.rho_before),
            "rho_after": _r(self.rho_after),
            "adjusted": self.adjusted,
            "floored": self.floored,
        }


@dataclass(frozen=True)
class Comparison:
    """A two-group comparison: A (control / before) against B (treatment / after).

    ``kind`` is ``"proportions"``, ``"means"`` or ``"before_after"``; ``test`` is
    ``"two_proportion_z"`` or ``"welch_t"``. ``p_value`` is two-sided for "no difference".
    ``se`` is the (unpooled) standard error of the difference that the intervals and the
    Bayesian posterior use; ``se_null`` the one the test statistic uses (the pooled one under
    "no difference" for proportions, else equal to ``se``). ``df`` is Welch's degrees of
    freedom (``None`` for the z-test). ``relative`` is ``None`` when A's mean is not above
    zero."""

    kind: str
    test: str
    a: Arm
    b: Arm
    alpha: float
    difference: Interval
    relative: Interval | None
    se: float
    se_null: float
    statistic: float
    df: float | None
    p_value: float
    autocorrelation: Autocorrelation | None = None

    @property
    def level(self) -> float:
        return 1.0 - self.alpha

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "test": self.test,
            "a": self.a.as_dict(),
            "b": self.b.as_dict(),
            "alpha": self.alpha,
            "difference": self.difference.as_dict(),
            "relative": None if self.relative is None else self.relative.as_dict(),
            "se": _r(self.se),
            "se_null": _r(self.se_null),
            "statistic": _r(self.statistic),
            "df": _r(self.df),
            "p_value": _r(self.p_value),
            "autocorrelation": (
                None if self.autocorrelation is None else self.autocorrelation.as_dict()
            ),
        }


@dataclass(frozen=True)
class SampleSize:
    """Units needed per arm (two equal arms) to detect ``mde`` with ``power`` at two-sided
    ``alpha``. ``achieved_power`` is the power at exactly ``n_per_arm``. ``weeks`` is the
    whole number of weeks ``weekly_traffic`` (units entering the test per week, both arms
    together) takes to reach ``total``; ``None`` without traffic. ``method`` names the formula
    (see ``docs/statistics.md``). ``notes`` are message codes:
    ``normal_approximation_doubtful`` (proportions, fewer than 10 expected conversions or
    non-conversions per arm), ``small_samples_normality_assumed`` (means, under 30 per arm)."""

    kind: str
    method: str
    n_per_arm: int
    total: int
    alpha: float
    power: float
    achieved_power: float
    baseline: float | None
    target: float | None
    mde: float
    mde_relative: float | None
    sd_a: float | None
    sd_b: float | None
    weekly_traffic: float | None
    weeks: int | None
    weeks_exact: float | None
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "method": self.method,
            "n_per_arm": self.n_per_arm,
            "total": self.total,
            "alpha": self.alpha,
            "power": self.power,
            "achieved_power": _r(self.achieved_power),
            "baseline": _r(self.baseline),
            "target": _r(self.target),
            "mde": _r(self.mde),
            "mde_relative": _r(self.mde_relative),
            "sd_a": _r(self.sd_a),
            "sd_b": _r(self.sd_b),
            "weekly_traffic": _r(self.weekly_traffic),
            "weeks": self.weeks,
            "weeks_exact": _r(self.weeks_exact),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class SrmCheck:
    """Pearson's chi-square test of the observed units per arm against the planned split.

    ``mismatch`` is true when ``p_value < threshold``: the assignment did not work as
    planned, so the comparison cannot be trusted whatever it shows."""

    observed: tuple[int, ...]
    planned: tuple[float, ...]
    expected: tuple[float, ...]
    chi2: float
    df: int
    p_value: float
    threshold: float
    mismatch: bool

    @property
    def shares(self) -> tuple[float, ...]:
        total = sum(self.observed)
        return tuple(o / total for o in self.observed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "observed": list(self.observed),
            "planned": [_r(x) for x in self.planned],
            "shares": [_r(x) for x in self.shares],
            "expected": [_r(x) for x in self.expected],
            "chi2": _r(self.chi2),
            "df": self.df,
            "p_value": _r(self.p_value),
            "threshold": self.threshold,
            "mismatch": self.mismatch,
        }


@dataclass(frozen=True)
class Bayes:
    """The normal posterior of the improvement ``G`` (B − A, sign turned so that bigger is
    better) under a flat prior: ``G ~ N(mean, sd²)``.

    ``chance_to_win`` is P(G > 0). ``expected_loss_ship`` is E[max(−G, 0)], what choosing B
    costs on average in the metric's unit if B is in fact worse; ``expected_loss_keep`` is
    E[max(G, 0)], what keeping A costs if B is in fact better."""

    direction: str
    mean: float
    sd: float
    chance_to_win: float
    expected_loss_ship: float
    expected_loss_keep: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "mean": _r(self.mean),
            "sd": _r(self.sd),
            "chance_to_win": _r(self.chance_to_win),
            "expected_loss_ship": _r(self.expected_loss_ship),
            "expected_loss_keep": _r(self.expected_loss_keep),
        }


@dataclass(frozen=True)
class Message:
    """A plain-language statement as a stable ``code`` with ``params``; the app words it."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": jsonable(self.params)}

"""Frozen results of the case engine, each with ``as_dict()`` for JSON and caching.

Percentile tables are keyed by the level as a string (``"5"``, ``"50"``, ``"95"``). Money
is in the case's currency; months count from 1. Arrays are numpy arrays (``as_dict`` turns
them into lists); the per-trial samples stay out of ``as_dict`` unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import CaseWarning

__all__ = [
    "Breakdown",
    "CaseResult",
    "Comparison",
    "Deterministic",
    "Difference",
    "FanChart",
    "Histogram",
    "InputSensitivity",
    "LineFlow",
    "Payback",
    "PhaseReach",
    "Summary",
]


def _num(x: float | None) -> float | None:
    if x is None or not np.isfinite(x):
        return None
    return float(f"{float(x):.10g}")


def _nums(a: np.ndarray) -> list[float | None]:
    return [_num(v) for v in np.asarray(a, dtype=np.float64)]


@dataclass(frozen=True)
class Summary:
    """Distribution of a quantity over the trials: mean, standard deviation, the Monte Carlo
    standard error of the mean (``sd / sqrt(n)``) and percentiles."""

    mean: float
    sd: float
    se: float
    percentiles: dict[str, float]
    count: int

    def as_dict(self) -> dict[str, object]:
        return {
            "mean": _num(self.mean),
            "sd": _num(self.sd),
            "se": _num(self.se),
            "percentiles": {k: _num(v) for k, v in self.percentiles.items()},
            "count": self.count,
        }


@dataclass(frozen=True, eq=False)
class Histogram:
    """Counts of trials between ``edges`` (one more edge than counts); zero is an edge when
    it lies inside, so the loss side can be shaded exactly. ``below`` and ``above`` count
    trials outside (the outer 0.5% on each side are left out to keep the bars readable)."""

    edges: np.ndarray
    counts: np.ndarray
    below: int
    above: int

    def as_dict(self) -> dict[str, object]:
        return {
            "edges": _nums(self.edges),
            "counts": [int(c) for c in self.counts],
            "below": self.below,
            "above": self.above,
        }


@dataclass(frozen=True, eq=False)
class Payback:
    """When the cumulative cash turns and stays non-negative. ``by_month[m - 1]`` is the
    probability of having paid back by month ``m``; ``within_horizon`` the probability of
    paying back at all within the horizon. ``months[level]`` is the first month by which the
    case has paid back with at least that probability, or ``None`` ("not within the horizon")."""

    within_horizon: float
    by_month: np.ndarray
    months: dict[str, int | None]

    def probability_by(self, month: int) -> float:
        """Probability of having paid back by ``month`` (1-based; 0 before month 1)."""
        if month < 1:
            return 0.0
        return float(self.by_month[min(month, len(self.by_month)) - 1])

    def as_dict(self) -> dict[str, object]:
        return {
            "within_horizon": _num(self.within_horizon),
            "by_month": _nums(self.by_month),
            "months": dict(self.months),
        }


@dataclass(frozen=True, eq=False)
class FanChart:
    """Percentiles of the cumulative (undiscounted) net cash at the end of each month, for a
    fan chart: ``levels["50"][m - 1]`` is the median after month ``m``. Read from per-month
    histograms of 4,096 bins over all trials (within a bin's width of the exact
    percentile, clamped to the smallest and largest value seen)."""

    months: np.ndarray
    levels: dict[str, np.ndarray]
    mean: np.ndarray

    def as_dict(self) -> dict[str, object]:
        return {
            "months": [int(m) for m in self.months],
            "levels": {k: _nums(v) for k, v in self.levels.items()},
            "mean": _nums(self.mean),
        }


@dataclass(frozen=True)
class Breakdown:
    """Expected (mean over trials) undiscounted totals by category and by line, and each
    category's share of the expected total. For costs, ``people_share`` is the share of every
    line priced as FTE x loaded monthly cost, whatever its category (support staff too);
    recorded actual costs count by the category given with them, else as "unallocated"."""

    total: float
    by_category: dict[str, float]
    shares: dict[str, float]
    by_line: dict[str, float]
    people_share: float | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "total": _num(self.total),
            "by_category": {k: _num(v) for k, v in self.by_category.items()},
            "shares": {k: _num(v) for k, v in self.shares.items()},
            "by_line": {k: _num(v) for k, v in self.by_line.items()},
            "people_share": _num(self.people_share),
        }


@dataclass(frozen=True)
class PhaseReach:
    """Probability of reaching a phase at all (the product of the gates up to it)."""

    key: str
    name: str
    probability: float

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "name": self.name, "probability": _num(self.probability)}


@dataclass(frozen=True)
class InputSensitivity:
    """What one uncertain input does to the result.

    Tornado: the deterministic NPV with this input at its 10th (``npv_low``) and 90th
    (``npv_high``) percentile, every other input at its base value; a yes/no input swings
    between no and yes. ``swing`` is ``|npv_high - npv_low|``.

    EVPI: the expected value of perfect information about this input for the decision to go
    on with the case or stop, estimated by grouping the trials by the input's value (see
    ``docs/cases.md``), with its Monte Carlo standard error ``evpi_se``.
    """

    key: str
    label: str
    kind: str  # "line", "phase" or "event"
    owner: str
    field: str
    base: float
    low: float
    high: float
    npv_low: float
    npv_high: float
    swing: float
    evpi: float
    evpi_se: float

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"key": self.key, "label": self.label, "kind": self.kind,
                                  "owner": self.owner, "field": self.field}  # fmt: skip
        for name in ("base", "low", "high", "npv_low", "npv_high", "swing", "evpi", "evpi_se"):
            out[name] = _num(getattr(self, name))
        return out


@dataclass(frozen=True, eq=False)
class LineFlow:
    """One line's monthly amounts in the deterministic result (unsigned)."""

    key: str
    name: str
    kind: str  # "cost" or "benefit"
    category: str
    total: float
    monthly: np.ndarray

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "name": self.name, "kind": self.kind,
                "category": self.category, "total": _num(self.total),
                "monthly": _nums(self.monthly)}  # fmt: skip


@dataclass(frozen=True, eq=False)
class Deterministic:
    """The case with every input at its base value — a calibrated range at its median, a
    three-point estimate at its most likely value, a yes/no (phase, event) at its likelier
    outcome: what a spreadsheet would say. ``irr`` is annual (``None`` when not unique);
    payback months are ``None`` when not within the horizon."""

    npv: float
    roi: float | None
    irr: float | None
    payback_month: int | None
    discounted_payback_month: int | None
    pv_cost: float
    pv_benefit: float
    total_cost: float
    total_benefit: float
    monthly_cost: np.ndarray
    monthly_benefit: np.ndarray
    cumulative: np.ndarray
    phases_reached: tuple[str, ...]
    lines: tuple[LineFlow, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "npv": _num(self.npv),
            "roi": _num(self.roi),
            "irr": _num(self.irr),
            "payback_month": self.payback_month,
            "discounted_payback_month": self.discounted_payback_month,
            "pv_cost": _num(self.pv_cost),
            "pv_benefit": _num(self.pv_benefit),
            "total_cost": _num(self.total_cost),
            "total_benefit": _num(self.total_benefit),
            "monthly_cost": _nums(self.monthly_cost),
            "monthly_benefit": _nums(self.monthly_benefit),
            "cumulative": _nums(self.cumulative),
            "phases_reached": list(self.phases_reached),
            "lines": [line.as_dict() for line in self.lines],
        }


@dataclass(frozen=True, eq=False)
class CaseResult:
    """Monte Carlo result of one case.

    ``npv``: net present value (benefits minus costs, discounted monthly). ``roi``: NPV
    divided by the present value of the costs, over trials with any cost.
    ``probability_of_loss``: share of trials with NPV below zero (``loss_se`` its standard
    error). ``evpi``: expected value of perfect information about everything, with its
    standard error; ``decision_baseline`` is the NPV of stopping now (zero without actuals,
    else the present value of what was recorded). ``sensitivity`` lists every uncertain input,
    largest tornado swing first. ``npv_samples``, ``roi_samples`` (NaN without cost) and
    ``payback_samples`` (0 = not within the horizon) hold every trial, in trial order.
    """

    name: str
    currency: str
    trials: int
    horizon_months: int
    discount_rate: float
    monthly_rate: float
    deterministic: Deterministic
    npv: Summary
    roi: Summary | None
    probability_of_loss: float
    loss_se: float
    npv_histogram: Histogram
    payback: Payback
    fan: FanChart
    mean_monthly_cost: np.ndarray
    mean_monthly_benefit: np.ndarray
    costs: Breakdown
    benefits: Breakdown
    phases: tuple[PhaseReach, ...]
    sensitivity: tuple[InputSensitivity, ...]
    evpi: float
    evpi_se: float
    decision_baseline: float
    warnings: tuple[CaseWarning, ...]
    npv_samples: np.ndarray
    roi_samples: np.ndarray
    payback_samples: np.ndarray

    @property
    def expected_npv(self) -> float:
        return self.npv.mean

    def sensitivity_by_evpi(self) -> tuple[InputSensitivity, ...]:
        """Inputs ordered by EVPI, largest first: what to measure next."""
        return tuple(sorted(self.sensitivity, key=lambda s: -s.evpi))

    def as_dict(self, *, samples: bool = False) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "currency": self.currency,
            "trials": self.trials,
            "horizon_months": self.horizon_months,
            "discount_rate": self.discount_rate,
            "monthly_rate": _num(self.monthly_rate),
            "deterministic": self.deterministic.as_dict(),
            "npv": self.npv.as_dict(),
            "roi": self.roi.as_dict() if self.roi else None,
            "probability_of_loss": _num(self.probability_of_loss),
            "loss_se": _num(self.loss_se),
            "npv_histogram": self.npv_histogram.as_dict(),
            "payback": self.payback.as_dict(),
            "fan": self.fan.as_dict(),
            "mean_monthly_cost": _nums(self.mean_monthly_cost),
            "mean_monthly_benefit": _nums(self.mean_monthly_benefit),
            "costs": self.costs.as_dict(),
            "benefits": self.benefits.as_dict(),
            "phases": [p.as_dict() for p in self.phases],
            "sensitivity": [s.as_dict() for s in self.sensitivity],
            "evpi": _num(self.evpi),
            "evpi_se": _num(self.evpi_se),
            "decision_baseline": _num(self.decision_baseline),
            "warnings": [w.as_dict() for w in self.warnings],
        }
        if samples:
            out["samples"] = {
                "npv": _nums(self.npv_samples),
                "roi": _nums(self.roi_samples),
                "payback": [int(p) for p in self.payback_samples],
            }
        return out


@dataclass(frozen=True, eq=False)
class Difference:
    """NPV of ``first`` minus NPV of ``second``, trial by trial (shared inputs drawn alike).
    ``probability_first_better`` is the share of trials where ``first`` has the strictly
    higher NPV; ``probability_equal`` the share where both come out the same (for example
    when a shared pilot fails in both)."""

    first: str
    second: str
    probability_first_better: float
    probability_equal: float
    summary: Summary
    histogram: Histogram

    def as_dict(self) -> dict[str, object]:
        return {
            "first": self.first,
            "second": self.second,
            "probability_first_better": _num(self.probability_first_better),
            "probability_equal": _num(self.probability_equal),
            "summary": self.summary.as_dict(),
            "histogram": self.histogram.as_dict(),
        }


@dataclass(frozen=True, eq=False)
class Comparison:
    """Several cases simulated together: each one's result and every pair's difference."""

    results: dict[str, CaseResult]
    differences: tuple[Difference, ...]

    def difference(self, first: str, second: str) -> Difference:
        for d in self.differences:
            if (d.first, d.second) == (first, second):
                return d
        raise KeyError((first, second))

    def as_dict(self) -> dict[str, object]:
        return {
            "results": {k: r.as_dict() for k, r in self.results.items()},
            "differences": [d.as_dict() for d in self.differences],
        }

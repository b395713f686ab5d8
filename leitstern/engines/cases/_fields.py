"""Accepted ranges of every number, and the checks of single numbers and estimates.

Shared by the case validation (``_validate``) and the input registry (``_inputs``). Problems
are collected, not raised, so a form can show all of them at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real
from typing import Any

import numpy as np

from .errors import CaseInputError, Problem
from .model import (
    Amount,
    Point,
    Range,
    Revenue,
    RiskReduction,
    Savings,
    Staff,
    ThreePoint,
    Usage,
)

MAX_HORIZON_MONTHS = 600
MAX_TRIALS = 5_000_000
MAX_PHASES = 20
MAX_EVENTS = 50
MAX_LINES = 500
MAX_STEP_UPS = 10
MAX_CORRELATIONS = 1_000
MAX_KEY_CHARS = 64
MAX_NAME_CHARS = 300
MAX_NOTE_CHARS = 2_000
MAX_MONEY = 1e12
DISCOUNT_RATE_RANGE = (-0.5, 1.0)

PROB = (0.0, 1.0)
# Accepted range of every estimated field: (minimum, maximum).
FIELD_BOUNDS: dict[str, tuple[float, float]] = {
    "fte": (0.0, 1e5),
    "monthly_cost": (0.0, MAX_MONEY),
    "amount": (0.0, MAX_MONEY),
    "volume": (0.0, 1e15),
    "unit_price": (0.0, MAX_MONEY),
    "growth": (-0.5, 1.0),
    "users": (0.0, 1e12),
    "conversion": PROB,
    "price": (0.0, MAX_MONEY),
    "hours": (0.0, 1e12),
    "rate": (0.0, MAX_MONEY),
    "adoption": PROB,
    "probability": PROB,
    "impact": (0.0, MAX_MONEY),
    "lag_months": (0.0, float(MAX_HORIZON_MONTHS)),
    "ramp_months": (0.0, float(MAX_HORIZON_MONTHS)),
    "factor": (0.0, 1000.0),
}
PROBABILITY_FIELDS = frozenset({"conversion", "adoption", "probability"})

DRIVER_FIELDS: dict[type, tuple[str, ...]] = {
    Staff: ("fte", "monthly_cost"),
    Amount: ("amount",),
    Usage: ("volume", "unit_price", "growth"),
    Revenue: ("users", "conversion", "price"),
    Savings: ("hours", "rate", "adoption"),
    RiskReduction: ("probability", "impact"),
}
COST_DRIVERS = (Staff, Amount, Usage)
BENEFIT_DRIVERS = (Revenue, Savings, RiskReduction, Amount)
SHAPES = {Range: ("auto", "normal", "lognormal"), ThreePoint: ("pert", "triangular")}


class Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, field: str, code: str, message: str, **params: Any) -> None:
        self.problems.append(Problem(field, code, message, params))

    def tag(self, since: int, **params: Any) -> None:
        """Add ``params`` to every problem collected since position ``since``."""
        for i in range(since, len(self.problems)):
            p = self.problems[i]
            self.problems[i] = Problem(p.field, p.code, p.message, {**p.params, **params})

    def raise_any(self) -> None:
        if self.problems:
            raise CaseInputError(self.problems)


# --- numbers and estimates --------------------------------------------------------------


def is_number(value: object) -> bool:
    return isinstance(value, (Real, np.integer, np.floating)) and not isinstance(value, bool)


def number_iv(c: Collector, field: str, value: object, name: str, lo: float, hi: float) -> bool:
    if not is_number(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]  # a number
        c.add(field, "invalid_number", f"{name} must be a finite number.", value=repr(value))
        return False
    v = float(value)  # type: ignore[arg-type]  # a number, checked above
    if lo <= v <= hi:
        return True
    if (lo, hi) == PROB:
        c.add(field, "not_a_probability", f"{name} must lie between 0 and 1.", value=v)
    elif v < lo and lo == 0.0:
        c.add(field, "negative", f"{name} cannot be negative.", value=v)
    else:
        c.add(
            field, "out_of_range", f"{name} must lie between {lo:g} and {hi:g}.",
            value=v, min=lo, max=hi,
        )  # fmt: skip
    return False


def estimate_check(c: Collector, field: str, estimate: object, name: str, lo: float, hi: float):
    if isinstance(estimate, Point):
        number_iv(c, field, estimate.value, name, lo, hi)
    elif isinstance(estimate, Range):
        if estimate.shape not in SHAPES[Range]:
            c.add(
                f"{field}.shape", "invalid_shape", f"Unknown range shape {estimate.shape!r}.",
                shape=str(estimate.shape), shapes=list(SHAPES[Range]),
            )  # fmt: skip
        ok = number_iv(c, f"{field}.lower", estimate.lower, f"The lower bound of {name}", lo, hi)
        ok &= number_iv(c, f"{field}.upper", estimate.upper, f"The upper bound of {name}", lo, hi)
        if ok and float(estimate.upper) < float(estimate.lower):
            c.add(
                f"{field}.upper", "upper_below_lower",
                f"The upper bound of {name} ({estimate.upper:g}) lies below its lower bound "
                f"({estimate.lower:g}).",
                lower=float(estimate.lower), upper=float(estimate.upper),
            )  # fmt: skip
        elif ok and estimate.shape == "lognormal" and float(estimate.lower) <= 0:
            c.add(
                f"{field}.lower", "lognormal_needs_positive",
                f"A lognormal range for {name} needs both bounds above zero.",
                lower=float(estimate.lower),
            )  # fmt: skip
    elif isinstance(estimate, ThreePoint):
        if estimate.shape not in SHAPES[ThreePoint]:
            c.add(
                f"{field}.shape", "invalid_shape", f"Unknown three-point shape {estimate.shape!r}.",
                shape=str(estimate.shape), shapes=list(SHAPES[ThreePoint]),
            )  # fmt: skip
        ok = True
        for part, what in (("low", "lowest"), ("likely", "likeliest"), ("high", "highest")):
            value = getattr(estimate, part)
            ok &= number_iv(c, f"{field}.{part}", value, f"The {what} value of {name}", lo, hi)
        if ok and not float(estimate.low) <= float(estimate.likely) <= float(estimate.high):
            where = "likely" if float(estimate.likely) < float(estimate.low) else "high"
            c.add(
                f"{field}.{where}", "three_point_order",
                f"The estimate of {name} must be ordered lowest <= likeliest <= highest.",
                low=float(estimate.low), likely=float(estimate.likely), high=float(estimate.high),
            )  # fmt: skip
    elif is_number(estimate):
        number_iv(c, field, estimate, name, lo, hi)
    else:
        c.add(
            field, "invalid_estimate",
            f"{name} must be a number, a Point, a Range or a ThreePoint.",
            value=type(estimate).__name__,
        )  # fmt: skip


def estimate_iv(estimate: object, *, field: str = "estimate") -> None:
    """Check one estimate on its own (any finite bounds)."""
    c = Collector()
    estimate_check(c, field, estimate, "the estimate", -math.inf, math.inf)
    c.raise_any()


def is_uncertain(estimate: object) -> bool:
    if isinstance(estimate, Range):
        return float(estimate.lower) != float(estimate.upper)
    if isinstance(estimate, ThreePoint):
        return float(estimate.low) != float(estimate.high)
    return False


def count_iv(c: Collector, field: str, items: object, limit: int, what: str) -> Sequence[Any]:
    """The items of a list field, or nothing (with a problem) when it is not a list or too
    long."""
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
        c.add(field, "invalid_case", f"{what} must be a list or tuple.", expected="sequence")
        return ()
    if len(items) > limit:
        c.add(field, "too_many", f"At most {limit} {what} are accepted.", what=what, max=limit)
        return ()
    return items


LABELS = {
    "fte": "FTE",
    "monthly_cost": "loaded monthly cost",
    "amount": "amount",
    "volume": "volume",
    "unit_price": "unit price",
    "growth": "monthly volume growth",
    "users": "users",
    "conversion": "conversion",
    "price": "price",
    "hours": "hours saved",
    "rate": "hourly rate",
    "adoption": "adoption",
    "probability": "probability",
    "impact": "impact",
    "lag_months": "time to impact",
    "ramp_months": "ramp-up",
}

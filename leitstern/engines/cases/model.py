"""What a business case says, as plain frozen dataclasses the app builds from its models.

A ``Case`` runs for ``horizon_months`` months (month 1 is the first). It has phases (stage
gates with a probability of reaching each), optional yes/no events, cost lines, benefit
lines, optional rank correlations between uncertain inputs, and actuals for months already
over. Every number a person estimates is an ``Estimate``: a plain number (or ``Point``), a
calibrated 90% ``Range`` or a ``ThreePoint`` estimate. See ``docs/cases.md`` for the model.

Keys (``Phase.key``, ``Event.key``, line keys) are short identifiers chosen by the caller,
for example database ids: they name the inputs in results (``"ml.fte"``, ``"phases.pilot"``),
pair inputs across cases in ``compare`` and must be unique within a case. Names are for
people and may be anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "BENEFIT_KINDS",
    "COST_CATEGORIES",
    "Actual",
    "Amount",
    "BenefitLine",
    "Case",
    "Correlation",
    "CostLine",
    "Estimate",
    "Event",
    "Phase",
    "Point",
    "Range",
    "Revenue",
    "RiskReduction",
    "Savings",
    "Staff",
    "StepUp",
    "ThreePoint",
    "Usage",
]

# Cost categories, in the order results list them. "people" is the category for roles
# priced as FTE x loaded monthly cost; support staff may sit under "support" and still count
# towards the people share (see ``CostBreakdown.people_share``).
COST_CATEGORIES = (
    "people",
    "infrastructure",  # infrastructure and licences
    "inference",  # inference and tokens, usage-driven
    "data",  # data acquisition and quality
    "evaluation",  # evaluation and monitoring
    "support",  # support and incident response
    "other",
)

# Benefit kinds follow the driver: Revenue, Savings, RiskReduction, Amount ("other").
BENEFIT_KINDS = ("revenue", "savings", "risk", "other")


@dataclass(frozen=True)
class Point:
    """A number known well enough to give as one value."""

    value: float


@dataclass(frozen=True)
class Range:
    """A calibrated 90% interval: 5% chance the true value lies below ``lower`` and 5% that
    it lies above ``upper``.

    ``shape="auto"`` reads it as a lognormal when both bounds are above zero (the value
    cannot be negative and is more likely to overshoot than undershoot) and as a normal
    otherwise; ``"normal"`` or ``"lognormal"`` choose. Equal bounds mean a single value.
    """

    lower: float
    upper: float
    shape: str = "auto"


@dataclass(frozen=True)
class ThreePoint:
    """Lowest plausible, most likely and highest plausible value.

    ``shape="pert"`` (Beta-PERT, weight 4 on the most likely value) or ``"triangular"``.
    The most likely value is what the deterministic result uses.
    """

    low: float
    likely: float
    high: float
    shape: str = "pert"


Estimate = float | int | Point | Range | ThreePoint


# --- drivers: what a line's monthly amount is made of --------------------------------------


@dataclass(frozen=True, kw_only=True)
class Staff:
    """People: ``fte`` full-time equivalents at a loaded ``monthly_cost`` each (salary plus
    employer contributions and overhead)."""

    fte: Estimate
    monthly_cost: Estimate


@dataclass(frozen=True, kw_only=True)
class Amount:
    """A plain amount: per month for a recurring line, once for a one-off cost."""

    amount: Estimate


@dataclass(frozen=True, kw_only=True)
class Usage:
    """Usage-driven cost (inference, tokens, API calls): ``volume`` units in the line's first
    month at ``unit_price`` each, the volume growing by ``growth`` per month (0.05 = 5% a
    month, compounded)."""

    volume: Estimate
    unit_price: Estimate
    growth: Estimate = 0.0


@dataclass(frozen=True, kw_only=True)
class Revenue:
    """New revenue per month: ``users`` reached, the share ``conversion`` of them paying,
    ``price`` per paying user and month."""

    users: Estimate
    conversion: Estimate
    price: Estimate


@dataclass(frozen=True, kw_only=True)
class Savings:
    """Cost savings per month: ``hours`` saved at full use, valued at ``rate`` per hour,
    times the share ``adoption`` of people who actually use it."""

    hours: Estimate
    rate: Estimate
    adoption: Estimate


@dataclass(frozen=True, kw_only=True)
class RiskReduction:
    """An avoided loss: ``probability`` by which the yearly chance of the incident falls,
    times its ``impact``. Counted as the expected avoided loss, spread over the months."""

    probability: Estimate
    impact: Estimate


# --- structure ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Phase:
    """A stage of the initiative, from ``start_month`` to ``end_month`` (inclusive).

    ``probability`` is the chance of reaching this phase once the one before it has been
    reached (for the first phase: at all). Reaching is decided at the phase's start, once
    per trial. ``if_missed`` says what happens in a trial that does not reach it:
    ``"stop"`` — the initiative ends there: nothing from that month on, no costs and no
    benefits (a failed pilot); ``"skip"`` — only lines of this and later phases never start;
    what already runs goes on (a scale-up that does not happen).
    """

    key: str
    name: str
    start_month: int
    end_month: int
    probability: float = 1.0
    if_missed: str = "stop"
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Event:
    """A yes/no event with a ``probability`` of happening, drawn once per trial. Lines that
    name it happen only in trials where it happens (all of them together)."""

    key: str
    name: str
    probability: float
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class StepUp:
    """From the start of ``phase`` on (if it is reached), the line's amount is multiplied by
    ``factor``: the step from pilot to production made explicit."""

    phase: str
    factor: Estimate


@dataclass(frozen=True, kw_only=True)
class CostLine:
    """A cost. Its window runs from ``start_month`` (default: its phase's start, or month 1)
    to ``end_month`` (default: the end of ``until``, else the end of the last phase among its
    own and its step-ups', else the horizon). It happens only in trials that reach its phase
    and in which its event happens. A one-off cost (``recurring=False``) is paid once, in the
    start month, and must be an ``Amount``."""

    key: str
    name: str
    category: str
    driver: Staff | Amount | Usage
    phase: str | None = None
    until: str | None = None
    start_month: int | None = None
    end_month: int | None = None
    recurring: bool = True
    step_ups: tuple[StepUp, ...] = ()
    event: str | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class BenefitLine:
    """A benefit, per month. Its window runs from ``start_month`` (default: its phase's
    start, or month 1) to ``end_month`` (default: the end of ``until``, else the horizon).
    Impact begins ``lag_months`` after the window starts (time to impact) and rises linearly
    to full over ``ramp_months``; each month counts the average of that curve over the month,
    so fractional lags and ramps are exact."""

    key: str
    name: str
    driver: Revenue | Savings | RiskReduction | Amount
    phase: str | None = None
    until: str | None = None
    start_month: int | None = None
    end_month: int | None = None
    lag_months: Estimate = 0.0
    ramp_months: Estimate = 0.0
    step_ups: tuple[StepUp, ...] = ()
    event: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Correlation:
    """A rank (Spearman) correlation between two uncertain inputs, named by input key
    (``"ml.fte"``, ``"savings.adoption"``, ``"phases.pilot"``, ``"events.audit"``)."""

    first: str
    second: str
    rank: float


@dataclass(frozen=True, kw_only=True)
class Actual:
    """What a month really cost and brought. A month with an actual is fixed: nothing in it
    is simulated. ``cost_by_category`` (optional) splits ``cost`` for the cost breakdown;
    without it the cost counts as "unallocated"."""

    month: int
    cost: float = 0.0
    benefit: float = 0.0
    cost_by_category: Mapping[str, float] | None = None


@dataclass(frozen=True, kw_only=True)
class Case:
    """A business case. ``discount_rate`` is the annual rate; months are discounted at the
    equivalent monthly rate ``(1 + rate) ** (1 / 12) - 1``, each month's cash at its end."""

    horizon_months: int
    discount_rate: float
    currency: str = "EUR"
    name: str = ""
    phases: tuple[Phase, ...] = ()
    events: tuple[Event, ...] = ()
    costs: tuple[CostLine, ...] = ()
    benefits: tuple[BenefitLine, ...] = ()
    correlations: tuple[Correlation, ...] = ()
    actuals: tuple[Actual, ...] = field(default=())

"""Business cases under uncertainty (pure Python + numpy/scipy; never imports Django).

Describe a case with the frozen dataclasses of ``model`` (``Case``, ``Phase``, ``CostLine``,
``BenefitLine``, estimates ``Range``/``ThreePoint``/``Point`` …), then call ``simulate``
(Monte Carlo: NPV, ROI, payback, fan chart, probability of loss, cost breakdown, tornado and
EVPI per input), ``deterministic`` (the spreadsheet view at base values) or ``compare``
(scenarios or alternatives side by side). Problems raise ``CaseInputError`` holding every
``Problem`` with a stable ``code`` and the ``field`` it is about (see ``errors``). Templates
live in ``templates``. The model and the maths are described in ``docs/cases.md``.
"""

from __future__ import annotations

from .distributions import EstimateSummary, describe_estimate
from .errors import CaseInputError, CaseWarning, Problem
from .model import (
    BENEFIT_KINDS,
    COST_CATEGORIES,
    Actual,
    Amount,
    BenefitLine,
    Case,
    Correlation,
    CostLine,
    Estimate,
    Event,
    Phase,
    Point,
    Range,
    Revenue,
    RiskReduction,
    Savings,
    Staff,
    StepUp,
    ThreePoint,
    Usage,
)
from .results import (
    Breakdown,
    CaseResult,
    Comparison,
    Deterministic,
    Difference,
    FanChart,
    Histogram,
    InputSensitivity,
    LineFlow,
    Payback,
    PhaseReach,
    Summary,
)
from .simulation import compare, deterministic, simulate, validate_case

__all__ = [
    "BENEFIT_KINDS",
    "COST_CATEGORIES",
    "Actual",
    "Amount",
    "BenefitLine",
    "Breakdown",
    "Case",
    "CaseInputError",
    "CaseResult",
    "CaseWarning",
    "Comparison",
    "Correlation",
    "CostLine",
    "Deterministic",
    "Difference",
    "Estimate",
    "EstimateSummary",
    "Event",
    "FanChart",
    "Histogram",
    "InputSensitivity",
    "LineFlow",
    "Payback",
    "Phase",
    "PhaseReach",
    "Point",
    "Problem",
    "Range",
    "Revenue",
    "RiskReduction",
    "Savings",
    "Staff",
    "StepUp",
    "Summary",
    "ThreePoint",
    "Usage",
    "compare",
    "describe_estimate",
    "deterministic",
    "simulate",
    "validate_case",
]

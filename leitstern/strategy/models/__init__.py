"""Strategy: metrics with their data, and OKRs per cycle with weekly check-ins.

A product has one North Star metric (Amplitude's framework) with three to five input
metrics that drive it, and any other metrics it needs. Each metric has a dated series of
values. OKRs run in cycles (quarters by default); key results may follow a metric, so their
current value is the metric's data and never a second copy of it."""

from leitstern.strategy.models.metrics import (
    NORTH_STAR_CHECKLIST,
    Annotation,
    Direction,
    InputKind,
    KeyResultDirection,
    Metric,
    MetricRole,
    MetricTarget,
    MetricValue,
    ValueSource,
)
from leitstern.strategy.models.okrs import (
    CheckIn,
    Cycle,
    KeyResult,
    Objective,
    ObjectiveKind,
    ReminderPreference,
)

__all__ = [
    "NORTH_STAR_CHECKLIST",
    "Annotation",
    "CheckIn",
    "Cycle",
    "Direction",
    "InputKind",
    "KeyResult",
    "KeyResultDirection",
    "Metric",
    "MetricRole",
    "MetricTarget",
    "MetricValue",
    "Objective",
    "ObjectiveKind",
    "ReminderPreference",
    "ValueSource",
]

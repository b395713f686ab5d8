"""Metrics with their values, targets and annotations, OKR cycles, objectives, key results,
check-ins and reminder choices travel with their workspace."""

from __future__ import annotations

from leitstern.core import portability
from leitstern.strategy.models import (
    Annotation,
    CheckIn,
    Cycle,
    KeyResult,
    Metric,
    MetricTarget,
    MetricValue,
    Objective,
    ReminderPreference,
)

portability.register(Metric)
portability.register(MetricValue)
portability.register(MetricTarget)
portability.register(Annotation)
portability.register(Cycle)
portability.register(Objective)
portability.register(KeyResult)
portability.register(CheckIn)
portability.register(ReminderPreference)

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
from leitstern.strategy.services.scores import scores_rebuild

portability.register(Metric)
portability.register(MetricValue)
portability.register(MetricTarget)
portability.register(Annotation)
portability.register(Cycle)
portability.register(Objective)
portability.register(KeyResult)
portability.register(CheckIn)
portability.register(ReminderPreference)


def _keep_scores(workspace) -> None:
    scores_rebuild(workspace=workspace)


# Kept scores are computed anew after an import instead of trusted from the file.
portability.after_import(_keep_scores)

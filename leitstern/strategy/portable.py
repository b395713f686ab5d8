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

portability.register(Metric, workspace="product__workspace")
portability.register(MetricValue, workspace="metric__product__workspace")
portability.register(MetricTarget, workspace="metric__product__workspace")
portability.register(Annotation, workspace="product__workspace")
portability.register(Cycle, workspace="workspace")
portability.register(Objective, workspace="cycle__workspace")
portability.register(KeyResult, workspace="objective__cycle__workspace")
portability.register(CheckIn, workspace="key_result__objective__cycle__workspace")
portability.register(ReminderPreference, workspace="workspace")


def _keep_scores(workspace) -> None:
    scores_rebuild(workspace=workspace)


# Kept scores are computed anew after an import instead of trusted from the file.
portability.after_import(_keep_scores)

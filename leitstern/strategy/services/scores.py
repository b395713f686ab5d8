"""Scores kept on key results and objectives.

A key result's score depends on its own fields, its cycle's dates, the followed metric's
data and its check-ins; an objective's on its key results. Pages used to compute all of it
on every view (a cycle of 100 objectives: 400 key results with their check-ins and metric
lookups, a second and more). Now every service that changes one of those inputs calls
``scores_refresh`` in its own transaction, so the kept numbers commit with the change or
not at all, and pages read them.

``scores_refresh`` locks the key results (then their objectives) in id order after the
caller's writes and reads the data anew, so of two transactions changing inputs of the same
key result the later one computes with both changes, and neither waits for the other in a
circle. The computation is the model's own (``KeyResult.score_detail`` on the metric's
latest value, ``scoring.project`` and ``scoring.risks`` on the check-ins)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from leitstern.strategy import scoring
from leitstern.strategy.models import CheckIn, KeyResult, Metric, Objective

KEPT_KEY_RESULT_FIELDS = [
    "kept_value",
    "kept_value_day",
    "kept_score",
    "kept_method",
    "kept_trend_value",
    "kept_trend_score",
    "kept_trend_points",
    "risk_confidence_drop",
    "risk_low_confidence",
    "risk_behind_trend",
]
BATCH = 500


def kept_for(kr: KeyResult, check_ins: list[tuple[Any, float | None, int]]) -> dict[str, Any]:
    """What to keep for ``kr``: annotated ``with_metric_current`` when it follows a metric,
    with its objective and cycle loaded; ``check_ins`` as (week, value, confidence) in
    week order. The value is the data's as it stands, also in a closed cycle (whose pages
    show the frozen one)."""
    cycle = kr.objective.cycle
    if kr.metric_id:
        # Annotations of ``with_metric_current``.
        value, day = kr.metric_current, kr.metric_current_day  # type: ignore[attr-defined]  # annotated by the queryset
    else:
        value, day = kr.current, None
    detail = scoring.key_result_score(
        baseline=kr.baseline, target=kr.target, current=value, direction=kr.direction
    )
    points = [(week, checked) for week, checked, _confidence in check_ins if checked is not None]
    if kr.baseline is not None:
        points.insert(0, (cycle.starts_on, kr.baseline))
    projection = scoring.project(
        points, end=cycle.ends_on, baseline=kr.baseline, target=kr.target, direction=kr.direction
    )
    risks = scoring.risks(
        confidences=[confidence for _week, _value, confidence in check_ins],
        committed=kr.objective.is_committed,
        projection=projection,
    )
    return {
        "kept_value": value,
        "kept_value_day": day,
        "kept_score": detail.score,
        "kept_method": str(detail.method),
        "kept_trend_value": projection.value if projection else None,
        "kept_trend_score": projection.score if projection else None,
        "kept_trend_points": projection.points if projection else None,
        "risk_confidence_drop": scoring.Risk.CONFIDENCE_DROP in risks,
        "risk_low_confidence": scoring.Risk.LOW_CONFIDENCE in risks,
        "risk_behind_trend": scoring.Risk.BEHIND_TREND in risks,
    }


def _ids(found: Iterable[KeyResult | int] | QuerySet) -> list[int]:
    if isinstance(found, QuerySet):
        return list(found.order_by().values_list("pk", flat=True))
    return [item.pk if isinstance(item, KeyResult) else int(item) for item in found]


def scores_refresh(
    *,
    key_results: Iterable[KeyResult | int] | QuerySet = (),
    objectives: Iterable[Objective | int] = (),
) -> None:
    """Compute and keep the scores of ``key_results`` and of their objectives (and of
    ``objectives``, e.g. one that lost a key result). Instances passed in get the kept
    values too. In the caller's transaction, after its writes (refused outside one: the
    kept scores must commit with the change or not at all)."""
    if not connection.in_atomic_block:
        raise RuntimeError("scores_refresh must run inside the change's transaction.")
    given = {
        item.pk: item
        for item in ([] if isinstance(key_results, QuerySet) else key_results)
        if isinstance(item, KeyResult)
    }
    ids = sorted(set(_ids(key_results)))
    objective_ids = {o.pk if isinstance(o, Objective) else int(o) for o in objectives}
    for first in range(0, len(ids), BATCH):
        batch = ids[first : first + BATCH]
        scores_lock(KeyResult.objects.filter(pk__in=batch))
        krs = list(
            KeyResult.objects.with_metric_current()
            .filter(pk__in=batch)
            .select_related("objective__cycle")
            .order_by("pk")
        )
        check_ins: dict[int, list[tuple]] = defaultdict(list)
        rows = CheckIn.objects.filter(key_result__in=batch).order_by("key_result_id", "week")
        for kr_id, week, value, confidence in rows.values_list(
            "key_result", "week", "value", "confidence"
        ):
            check_ins[kr_id].append((week, value, confidence))
        for kr in krs:
            for name, value in kept_for(kr, check_ins[kr.pk]).items():
                setattr(kr, name, value)
                if kr.pk in given:
                    setattr(given[kr.pk], name, value)
            objective_ids.add(kr.objective_id)
        KeyResult.objects.bulk_update(krs, KEPT_KEY_RESULT_FIELDS)
    objective_scores_refresh(objective_ids)


def scores_lock(key_results: QuerySet[KeyResult]) -> None:
    """Lock ``key_results`` in id order (PostgreSQL; SQLite writes one transaction at a
    time). A service that changes an input of kept scores and locks other rows first
    (an objective) takes these locks before them, so every writer locks key results
    before objectives and none waits for another in a circle."""
    list(key_results.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))


def objective_scores_refresh(ids: Iterable[int]) -> None:
    """Keep each objective's score: the mean of its key results' kept scores, in their
    order (``scoring.objective_score``)."""
    ids = sorted(set(ids))
    for first in range(0, len(ids), BATCH):
        batch = ids[first : first + BATCH]
        list(
            Objective.objects.select_for_update(no_key=True)
            .filter(pk__in=batch)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        parts: dict[int, list[float]] = defaultdict(list)
        rows = KeyResult.objects.filter(objective__in=batch).order_by(
            "objective_id", "created_at", "id"
        )
        for objective_id, score in rows.values_list("objective_id", "kept_score"):
            parts[objective_id].append(score)
        objectives = [
            Objective(pk=pk, kept_score=scoring.objective_score(parts[pk])) for pk in batch
        ]
        Objective.objects.bulk_update(objectives, ["kept_score"])


def following(metric: Metric) -> QuerySet[KeyResult]:
    """The key results whose kept value comes from ``metric``'s data."""
    return KeyResult.objects.filter(metric=metric)


@transaction.atomic
def scores_rebuild(*, workspace) -> None:
    """Keep every score of ``workspace`` anew (after a workspace import, and to check)."""
    scores_refresh(
        key_results=KeyResult.objects.filter(objective__cycle__workspace=workspace),
        objectives=Objective.objects.filter(cycle__workspace=workspace).values_list(
            "pk", flat=True
        ),
    )

"""Reads for strategy pages and the API: objectives with their scores, trends and risks,
metrics with their recent data, chart data. Each function answers in a fixed number of
queries, whatever the number of objectives or key results."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from leitstern.accounts.models import User
from leitstern.products.models import Product
from leitstern.strategy import hints, scoring
from leitstern.strategy.models import (
    Annotation,
    CheckIn,
    Cycle,
    KeyResult,
    Metric,
    MetricRole,
    MetricValue,
    Objective,
)
from leitstern.strategy.models.okrs import KeyResultQuerySet
from leitstern.strategy.periods import week_of
from leitstern.teams.models import Team
from leitstern.workspaces.models import Workspace

TREND_DAYS = 91


@dataclass
class KeyResultInfo:
    """Everything a page shows about a key result, with where each number comes from."""

    detail: scoring.KeyResultScore
    check_ins: list[CheckIn]
    source: str  # "metric", "check_in", "manual", "final" or "none"
    source_day: date | None
    projection: scoring.Projection | None
    risks: list[scoring.Risk]
    hints: list[hints.Hint]

    @property
    def score(self) -> float:
        return self.detail.score

    @property
    def band(self) -> str:
        return self.detail.band

    @property
    def latest(self) -> CheckIn | None:
        return self.check_ins[-1] if self.check_ins else None

    @property
    def confidences(self) -> list[int]:
        return [c.confidence for c in self.check_ins]


@dataclass
class ObjectiveInfo:
    score: float | None
    band: str
    expected: float
    parts: list[float]
    hints: list[hints.Hint]
    confidence_trend: list[tuple[date, float]]
    meets_expectation: bool | None  # Objective.meets_expectation of ``score``

    @property
    def total(self) -> float:
        return sum(self.parts)

    @property
    def confidence_values(self) -> list[float]:
        return [value for _week, value in self.confidence_trend]


def _source(kr: KeyResult) -> tuple[str, date | None]:
    if kr.has_final_value:
        return "final", kr.objective.cycle.closed_at.date()
    if kr.metric_id:
        day = getattr(kr, "metric_current_day", None)
        return ("metric", day) if day else ("none", None)
    if kr.current is None:
        return "none", None
    latest = kr.check_ins.all()
    if latest and latest[len(latest) - 1].value == kr.current:
        return "check_in", latest[len(latest) - 1].week
    return "manual", None


def describe_key_result(kr: KeyResult, *, today: date) -> KeyResultInfo:
    """Score, provenance, projection and risk of one key result. Expects check-ins
    prefetched (ordered by week) and, for a bound key result, ``with_metric_current``."""
    check_ins = sorted(kr.check_ins.all(), key=lambda c: c.week)
    projection = kr.projection(check_ins, today=today)
    source, source_day = _source(kr)
    return KeyResultInfo(
        detail=kr.score_detail(),
        check_ins=check_ins,
        source=source,
        source_day=source_day,
        projection=projection,
        risks=kr.risks(check_ins, projection),
        hints=hints.key_result_hints(title=kr.title, baseline=kr.baseline),
    )


def describe_objective(objective: Objective, key_results: list[KeyResult]) -> ObjectiveInfo:
    parts = [kr.info.score for kr in key_results]
    score = objective.score_from(parts)
    weekly: dict[date, list[int]] = defaultdict(list)
    for kr in key_results:
        for check_in in kr.info.check_ins:
            weekly[check_in.week].append(check_in.confidence)
    trend = [(week, sum(v) / len(v)) for week, v in sorted(weekly.items())]
    return ObjectiveInfo(
        score=score,
        band=scoring.band(score),
        expected=objective.expected_score,
        parts=parts,
        hints=hints.objective_hints(title=objective.title, key_result_count=len(key_results)),
        confidence_trend=trend,
        meets_expectation=objective.meets_expectation(score),
    )


def key_results_queryset() -> KeyResultQuerySet:
    return (
        KeyResult.objects.with_metric_current()
        .select_related("metric", "owner", "objective__cycle", "objective__owner")
        .prefetch_related(Prefetch("check_ins", queryset=CheckIn.objects.order_by("week")))
    )


def scored_objectives(objectives: QuerySet[Objective], *, today: date) -> list[Objective]:
    """Objectives with ``.krs`` (key results, each with ``.info``) and ``.info``."""
    objectives = objectives.select_related(
        "cycle", "product", "team", "owner", "parent"
    ).prefetch_related(Prefetch("key_results", queryset=key_results_queryset()))
    result = []
    for objective in objectives:
        krs = list(objective.key_results.all())
        for kr in krs:
            kr.objective = objective
            kr.info = describe_key_result(kr, today=today)
        objective.krs = krs
        objective.info = describe_objective(objective, krs)
        result.append(objective)
    return result


def scored_key_result(kr: KeyResult, *, today: date) -> KeyResult:
    kr.info = describe_key_result(kr, today=today)
    return kr


@dataclass
class Node:
    objective: Objective
    children: list[Node] = field(default_factory=list)


def alignment_tree(objectives: list[Objective]) -> list[Node]:
    """Objectives arranged under their parents; an objective whose parent is not in the
    list stands at the top."""
    nodes = {objective.pk: Node(objective) for objective in objectives}
    roots = []
    for objective in objectives:
        parent = nodes.get(objective.parent_id) if objective.parent_id else None
        (parent.children if parent else roots).append(nodes[objective.pk])
    return roots


def current_cycle(workspace: Workspace, *, today: date) -> Cycle | None:
    """The open cycle running today, else the next open one, else the latest."""
    cycles = Cycle.objects.filter(workspace=workspace)
    return (
        cycles.current(today).order_by("starts_on").first()
        or cycles.open().filter(starts_on__gt=today).order_by("starts_on").first()
        or cycles.order_by("-starts_on").first()
    )


def running_key_results(workspace: Workspace, *, today: date) -> KeyResultQuerySet:
    return key_results_queryset().running(today).filter(objective__cycle__workspace=workspace)


def at_risk(workspace: Workspace, *, today: date) -> list[KeyResult]:
    krs = running_key_results(workspace, today=today).select_related("objective__product")
    found = [scored_key_result(kr, today=today) for kr in krs]
    return [kr for kr in found if kr.info.risks]


def my_key_results(workspace: Workspace, user: User, *, today: date) -> list[KeyResult]:
    """Key results the user checks in on (own ones, or those of their objectives without
    an owner of their own) in the cycles running today; ``.due`` when this week's check-in
    is missing."""
    krs = running_key_results(workspace, today=today).checked_in_by(user)
    week = week_of(today)
    found = []
    for kr in krs.select_related("objective__product"):
        scored_key_result(kr, today=today)
        kr.due = not any(c.week == week for c in kr.info.check_ins)
        found.append(kr)
    return found


# --- metrics ---------------------------------------------------------------------------


@dataclass
class MetricView:
    metric: Metric
    recent: list[MetricValue]
    trend: scoring.Trend | None

    @property
    def latest(self) -> MetricValue | None:
        return self.recent[-1] if self.recent else None

    @property
    def dom_id(self) -> str:
        return f"spark-{self.metric.pk}"

    def sparkline(self) -> dict:
        return {"values": [[v.day.isoformat(), v.value] for v in self.recent]}


def metric_view(metric: Metric, recent: list[MetricValue]) -> MetricView:
    return MetricView(
        metric=metric,
        recent=recent,
        trend=scoring.trend(
            [v.value for v in recent],
            direction=metric.direction,
            low=metric.range_low,
            high=metric.range_high,
        ),
    )


def product_metrics(product: Product, *, today: date) -> dict:
    """The product's North Star, its inputs and other metrics, each with the values of the
    last 13 weeks and their trend."""
    since = today - timedelta(days=TREND_DAYS)
    metrics = product.metrics.prefetch_related(
        Prefetch(
            "values",
            queryset=MetricValue.objects.filter(day__gte=since, day__lte=today).order_by("day"),
            to_attr="recent_values",
        )
    ).order_by("name")
    views = [metric_view(m, m.recent_values) for m in metrics]
    return {
        "north_star": next((v for v in views if v.metric.is_north_star), None),
        "inputs": [v for v in views if v.metric.role == MetricRole.INPUT],
        "others": [v for v in views if v.metric.role == MetricRole.OTHER],
        "since": since,
    }


def metric_chart(metric: Metric) -> dict:
    values = list(metric.values.order_by("day"))
    annotations = Annotation.objects.filter(product=metric.product_id).filter(
        metric__isnull=True
    ) | Annotation.objects.filter(metric=metric)
    return {
        "name": metric.name,
        "unit": metric.unit,
        "direction": metric.direction,
        "range": [metric.range_low, metric.range_high],
        "values": [[v.day.isoformat(), v.value] for v in values],
        "targets": [[t.day.isoformat(), t.value, t.label] for t in metric.targets.all()],
        "annotations": [[a.day.isoformat(), a.text] for a in annotations.order_by("day")],
    }


def key_result_chart(kr: KeyResult) -> dict:
    cycle = kr.objective.cycle
    return {
        "unit": kr.unit,
        "baseline": kr.baseline,
        "target": kr.target,
        "start": cycle.starts_on.isoformat(),
        "end": cycle.ends_on.isoformat(),
        "values": [[c.week.isoformat(), c.value] for c in kr.info.check_ins],
        "confidence": [[c.week.isoformat(), c.confidence] for c in kr.info.check_ins],
    }


def team_objectives_link(request: HttpRequest, team: Team) -> dict:
    """What the link to a team's objectives (the alignment page filtered to the team) needs,
    on the team list and the team's page (a contribution to ``teams.links``)."""
    return {"team": team}

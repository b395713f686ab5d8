"""Reads for strategy pages and the API: objectives with their scores, trends and risks,
metrics with their recent data, chart data. Each function answers in a fixed number of
queries, whatever the number of objectives or key results."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum
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
    confidence: int | None = None  # the latest check-in's

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


def _source(kr: KeyResult, check_ins: list[CheckIn]) -> tuple[str, date | None]:
    if kr.has_final_value:
        return "final", kr.objective.cycle.closed_at.date()
    if kr.metric_id:
        day = kr.kept_value_day
        return ("metric", day) if day else ("none", None)
    if kr.current is None:
        return "none", None
    if check_ins and check_ins[-1].value == kr.current:
        return "check_in", check_ins[-1].week
    return "manual", None


def describe_key_result(
    kr: KeyResult, *, today: date, check_ins: list[CheckIn] | None = None
) -> KeyResultInfo:
    """Score, provenance, trend and risk of one key result, read from what the services
    keep (``services/scores.py``). Expects its objective and cycle, and its check-ins in
    week order (``check_ins``, else prefetched), or, for lists that show only the latest
    confidence (the API), ``key_results_queryset(check_ins=False)``'s annotation instead
    (then without check-ins and provenance)."""
    if check_ins is None and hasattr(kr, "latest_confidence"):
        return KeyResultInfo(
            detail=kr.kept_detail(),
            check_ins=[],
            source="",
            source_day=None,
            projection=kr.kept_projection(today),
            risks=kr.at_risk_reasons(today),
            hints=[],
            confidence=kr.latest_confidence,
        )
    if check_ins is None:
        check_ins = sorted(kr.check_ins.all(), key=lambda c: c.week)
    source, source_day = _source(kr, check_ins)
    return KeyResultInfo(
        detail=kr.kept_detail(),
        check_ins=check_ins,
        source=source,
        source_day=source_day,
        projection=kr.kept_projection(today),
        risks=kr.at_risk_reasons(today),
        hints=hints.key_result_hints(title=kr.title, baseline=kr.baseline),
        confidence=check_ins[-1].confidence if check_ins else None,
    )


def _objective_score(objective: Objective, parts: list[float]) -> float | None:
    """The kept mean while the cycle is open; once closed, ``Objective.score_from``."""
    if objective.cycle.is_closed:
        return objective.score_from(parts)
    return objective.kept_score


def _objective_info(
    objective: Objective, parts: list[float], trend: list[tuple[date, float]]
) -> ObjectiveInfo:
    score = _objective_score(objective, parts)
    return ObjectiveInfo(
        score=score,
        band=scoring.band(score),
        expected=objective.expected_score,
        parts=parts,
        hints=hints.objective_hints(title=objective.title, key_result_count=len(parts)),
        confidence_trend=trend,
        meets_expectation=objective.meets_expectation(score),
    )


def describe_objective(objective: Objective, key_results: list[KeyResult]) -> ObjectiveInfo:
    weekly: dict[date, list[int]] = defaultdict(list)
    for kr in key_results:
        for check_in in kr.info.check_ins:
            weekly[check_in.week].append(check_in.confidence)
    trend = [(week, sum(v) / len(v)) for week, v in sorted(weekly.items())]
    return _objective_info(objective, [kr.info.score for kr in key_results], trend)


def key_results_queryset(*, check_ins: bool = True) -> KeyResultQuerySet:
    """Key results as pages show them: kept values (no lookup of metric data) and, for
    one key result, its check-ins in week order; with ``check_ins=False`` the latest
    confidence only (lists read their check-ins with ``scored_key_results``)."""
    found = KeyResult.objects.with_kept_current().select_related(
        "metric", "owner", "objective__cycle", "objective__owner"
    )
    if not check_ins:
        latest = CheckIn.objects.filter(key_result=OuterRef("pk")).order_by("-week")
        return found.annotate(latest_confidence=Subquery(latest.values("confidence")[:1]))
    return found.prefetch_related(
        Prefetch("check_ins", queryset=CheckIn.objects.select_related("author").order_by("week"))
    )


def _check_ins_of(krs: list[KeyResult]) -> dict[int, list[CheckIn]]:
    """The key results' check-ins in week order, in one query (a prefetch would build a
    related manager per key result, which costs more than the rows)."""
    found: dict[int, list[CheckIn]] = defaultdict(list)
    if krs:
        rows = CheckIn.objects.filter(key_result__in=[kr.pk for kr in krs])
        for check_in in rows.order_by("key_result_id", "week"):
            found[check_in.key_result_id].append(check_in)
    return found


def scored_key_results(krs: list[KeyResult], *, today: date) -> list[KeyResult]:
    """``scored_key_result`` for a list, reading all their check-ins in one query."""
    check_ins = _check_ins_of(krs)
    for kr in krs:
        kr.info = describe_key_result(kr, today=today, check_ins=check_ins[kr.pk])
    return krs


def objectives_queryset(objectives: QuerySet[Objective]) -> QuerySet[Objective]:
    return objectives.select_related("cycle", "product", "team", "owner", "parent")


def scored_objectives(
    objectives: QuerySet[Objective], *, today: date, check_ins: bool = True
) -> list[Objective]:
    """Objectives with ``.krs`` (key results, each with ``.info``) and ``.info``, in three
    queries: for a page of objectives, not a whole workspace. With ``check_ins=False`` (the
    API) only each key result's latest confidence and no confidence trend, and related
    objects by id only."""
    if check_ins:
        result = list(objectives_queryset(objectives))
        krs = KeyResult.objects.with_kept_current().select_related("metric", "owner")
    else:
        result = list(objectives.select_related("cycle"))
        krs = key_results_queryset(check_ins=False).select_related(None)
    by_id = {objective.pk: objective for objective in result}
    krs = list(krs.filter(objective__in=result).order_by("objective_id", "created_at", "id"))
    grouped: dict[int, list[KeyResult]] = defaultdict(list)
    for kr in krs:
        kr.objective = by_id[kr.objective_id]
        grouped[kr.objective_id].append(kr)
    if check_ins:
        scored_key_results(krs, today=today)
    else:
        for kr in krs:
            kr.info = describe_key_result(kr, today=today)
    for objective in result:
        objective.krs = grouped[objective.pk]
        objective.info = describe_objective(objective, objective.krs)
    return result


def objective_lines(objectives: QuerySet[Objective]) -> list[Objective]:
    """Objectives with ``.info`` as one line of the alignment tree shows them (score, how
    it came about, confidence per week), in three queries of a few columns, whatever the
    number of key results and check-ins."""
    found = list(objectives_queryset(objectives))
    by_id = {objective.pk: objective for objective in found}
    parts: dict[int, list[float]] = defaultdict(list)
    rows = KeyResult.objects.filter(objective__in=found).order_by(
        "objective_id", "created_at", "id"
    )
    for objective_id, kept, final, baseline, target, direction in rows.values_list(
        "objective_id", "kept_score", "final_value", "baseline", "target", "direction"
    ):
        if final is not None and by_id[objective_id].cycle.is_closed:
            kept = scoring.key_result_score(
                baseline=baseline, target=target, current=final, direction=direction
            ).score
        parts[objective_id].append(kept)
    weekly: dict[int, list[tuple[date, float]]] = defaultdict(list)
    totals = (
        CheckIn.objects.filter(key_result__objective__in=found)
        .values_list("key_result__objective_id", "week")
        .annotate(total=Sum("confidence"), count=Count("id"))
        .order_by("key_result__objective_id", "week")
    )
    for objective_id, week, total, count in totals:
        weekly[objective_id].append((week, total / count))
    for objective in found:
        objective.info = _objective_info(objective, parts[objective.pk], weekly[objective.pk])
    return found


def scored_key_result(kr: KeyResult, *, today: date) -> KeyResult:
    kr.info = describe_key_result(kr, today=today)
    return kr


# Objectives one alignment tree shows at once; the rest load on demand, a family at a time.
TREE_LINES = 20


@dataclass
class Node:
    objective: Objective
    children: list[Node] = field(default_factory=list)
    hidden: int = 0  # contributing objectives below it not shown (they load on demand)


class Tree(list[Node]):
    """The top nodes of (part of) an alignment tree, with ``order``: every objective's id
    in the order the whole tree lists them; ``more_roots``: top objectives after these,
    from ``next_root``."""

    def __init__(
        self, nodes: list[Node], *, order: list[int], more_roots: int = 0, next_root: int = 0
    ) -> None:
        super().__init__(nodes)
        self.order, self.more_roots, self.next_root = order, more_roots, next_root

    @property
    def nodes(self) -> list[Node]:
        return list(self)


def tree_order(objectives: QuerySet[Objective]) -> list[int]:
    """Every objective's id in the order the alignment tree of ``objectives`` lists them
    (``Tree.order``), without reading their lines."""
    return list(objectives.values_list("pk", flat=True))


def alignment_tree(
    objectives: QuerySet[Objective],
    *,
    under: int | None = None,
    roots_from: int = 0,
    lines: int = TREE_LINES,
) -> Tree:
    """Objectives arranged under their parents (an objective whose parent is not among them
    stands at the top), at most ``lines`` of them: a page of the top ones (from
    ``roots_from``), then level by level each objective's contributing objectives where all
    of them fit; the others are counted on the objective they contribute to (``hidden``).
    With ``under``, the objectives below that one, arranged the same way. Reads the
    parent links of all and the lines (``objective_lines``) of those shown."""
    links = list(objectives.values_list("pk", "parent_id"))
    known = {pk for pk, _parent in links}
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in links:
        children[parent if parent in known else None].append(pk)
    sizes: dict[int, int] = {}

    def below(pk: int) -> int:
        """How many objectives contribute to ``pk``, directly or further down."""
        stack, seen, count = [pk], {pk}, 0
        while stack:
            for child in children[stack.pop()]:
                if child not in seen:
                    seen.add(child)
                    count += 1
                    stack.append(child)
        return count

    top = children[under] if under is None or under in known else []
    shown = top[roots_from : roots_from + lines]
    budget = lines - len(shown)
    kids: dict[int, list[int]] = {}
    queue = deque(shown)
    while queue:
        pk = queue.popleft()
        family = children[pk]
        if family and len(family) <= budget:
            budget -= len(family)
            kids[pk] = family
            queue.extend(family)
        elif family:
            sizes[pk] = below(pk)
    rows = {
        objective.pk: objective
        for objective in objective_lines(
            Objective.objects.filter(pk__in=[*shown, *(c for f in kids.values() for c in f)])
        )
    }

    def node(pk: int) -> Node:
        return Node(rows[pk], [node(child) for child in kids.get(pk, [])], hidden=sizes.get(pk, 0))

    after = len(top) - roots_from - len(shown)
    return Tree(
        [node(pk) for pk in shown],
        order=[pk for pk, _parent in links],
        more_roots=max(after, 0),
        next_root=roots_from + len(shown),
    )


def current_cycle(workspace: Workspace, *, today: date) -> Cycle | None:
    """The open cycle running today, else the next open one, else the latest."""
    cycles = Cycle.objects.filter(workspace=workspace)
    return (
        cycles.current(today).order_by("starts_on").first()
        or cycles.open().filter(starts_on__gt=today).order_by("starts_on").first()
        or cycles.order_by("-starts_on").first()
    )


def running_key_results(workspace: Workspace, *, today: date) -> KeyResultQuerySet:
    """The key results of the cycles running today, without check-ins (score a list of
    them with ``scored_key_results``)."""
    return (
        KeyResult.objects.with_kept_current()
        .select_related("metric", "owner", "objective__cycle", "objective__owner")
        .running(today)
        .filter(objective__cycle__workspace=workspace)
    )


def at_risk(workspace: Workspace, *, today: date) -> KeyResultQuerySet:
    """The running cycles' key results at risk (by their kept reasons), by cycle and
    objective; score a page of them with ``scored_key_results``."""
    return (
        running_key_results(workspace, today=today)
        .kept_at_risk()
        .select_related("objective__product")
        .order_by("objective__cycle__starts_on", "objective_id", "created_at", "id")
    )


def my_key_results(workspace: Workspace, user: User, *, today: date) -> list[KeyResult]:
    """Key results the user checks in on (own ones, or those of their objectives without
    an owner of their own) in the cycles running today; ``.due`` when this week's check-in
    is missing."""
    krs = running_key_results(workspace, today=today).checked_in_by(user)
    week = week_of(today)
    found = scored_key_results(list(krs.select_related("objective__product")), today=today)
    for kr in found:
        kr.due = not any(c.week == week for c in kr.info.check_ins)
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
    values = metric.values.order_by("day").values_list("day", "value")
    annotations = Annotation.objects.filter(product=metric.product_id).filter(
        metric__isnull=True
    ) | Annotation.objects.filter(metric=metric)
    return {
        "name": metric.name,
        "unit": metric.unit,
        "direction": metric.direction,
        "range": [metric.range_low, metric.range_high],
        "values": [[day.isoformat(), value] for day, value in values],
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

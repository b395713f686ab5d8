"""What an item rests on and when it may be done: its evidence chain (key results and
objectives up to the North Star) and its delivery forecast from its team's throughput."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from leitstern.forecasts.answers import ForecastError, Spec, compute
from leitstern.forecasts.models import Question
from leitstern.roadmap.models import HORIZON_ORDER, PLANNED, RoadmapItem, Status
from leitstern.strategy import selectors as strategy
from leitstern.strategy.models import KeyResult, Metric, MetricRole, Objective
from leitstern.teams.models import Team


@dataclass
class Evidence:
    """The chain from the item up: the key results it moves (with their scores), the
    objectives it serves, and the North Star metric above them, with counts."""

    key_results: list[KeyResult]
    objectives: list[Objective]
    north_stars: list[Metric]

    @property
    def objective_count(self) -> int:
        return len(self.objectives)

    @property
    def empty(self) -> bool:
        return not self.key_results and not self.objectives


def evidence(item: RoadmapItem, *, today: date) -> Evidence:
    """The item's chain. Key results come scored, each with its objective; objectives are
    those linked directly and those of the linked key results."""
    kr_ids = list(item.key_results.values_list("pk", flat=True))
    direct = list(item.objectives.values_list("pk", flat=True))
    objectives = strategy.scored_objectives(
        Objective.objects.filter(Q(pk__in=direct) | Q(key_results__in=kr_ids)).distinct(),
        today=today,
    )
    key_results = [kr for objective in objectives for kr in objective.krs if kr.pk in kr_ids]
    products = {o.product_id for o in objectives if o.product_id}
    if item.roadmap.product_id:
        products.add(item.roadmap.product_id)
    north_stars = list(
        Metric.objects.filter(product_id__in=products, role=MetricRole.NORTH_STAR)
        .select_related("product")
        .order_by("product__name")
    )
    return Evidence(key_results, objectives, north_stars)


@dataclass
class ItemForecast:
    """When the item may be done, as a range: 50 % and 85 % chance dates (calibrated where
    the engine could), from the team's own throughput. Never one promised date."""

    team: Team
    items: int
    ahead_items: int
    ahead: int
    unsized_ahead: int
    likely: date | None = None  # 50 %
    safe: date | None = None  # 85 %
    calibrated: bool = True
    problem: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.items + self.ahead_items


def _ahead(item: RoadmapItem) -> tuple[int, int, int]:
    """The items of the same team planned before this one on the roadmap and not yet
    released: (how many, their size in items, how many of them have no size)."""
    rank = HORIZON_ORDER[item.horizon]
    earlier = [h for h in PLANNED if HORIZON_ORDER[h] < rank]
    candidates = (
        RoadmapItem.objects.planned()
        .filter(roadmap=item.roadmap_id, team=item.team_id)
        .exclude(pk=item.pk)
        .exclude(status__in=[Status.RELEASED, Status.MEASURING, Status.DONE])
        .filter(Q(horizon__in=earlier) | Q(horizon=item.horizon, position__lt=item.position))
        .values_list("size_items", flat=True)
    )
    sizes = list(candidates)
    return len(sizes), sum(s for s in sizes if s), sum(1 for s in sizes if not s)


def item_forecast(item: RoadmapItem) -> ItemForecast | None:
    """The forecast for an item with a team and a size in items; None otherwise. Items
    already released count as done."""
    if item.team_id is None or not item.size_items or item.horizon not in PLANNED:
        return None
    if item.status in (Status.RELEASED, Status.MEASURING, Status.DONE):
        return None
    ahead, ahead_items, unsized = _ahead(item)
    found = ItemForecast(
        team=item.team, items=item.size_items, ahead_items=ahead_items, ahead=ahead,
        unsized_ahead=unsized,
    )  # fmt: skip
    try:
        answer = compute(item.team, Spec(question=Question.WHEN, items=found.total))
    except ForecastError as error:
        found.problem = error.message
        return found
    rows = {row.level: row for row in answer.rows}
    for level, name in (("50", "likely"), ("85", "safe")):
        row = rows.get(level)
        if row is None:
            continue
        value = row.calibrated or row.plain
        if row.calibrated is None:
            found.calibrated = False
        setattr(found, name, value)
    found.warnings = list(answer.warnings)
    if not answer.checked:
        found.calibrated = False
    return found

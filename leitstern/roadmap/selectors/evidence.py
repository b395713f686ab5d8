"""What an item rests on and when it may be done: its evidence chain (research evidence →
discovery's opportunities → hypotheses with their verdicts → key results → objectives →
the North Star) and its delivery forecast from its team's throughput. Discovery is read
through its selectors only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from leitstern.discovery import selectors as discovery
from leitstern.discovery.models import Hypothesis
from leitstern.forecasts.answers import ForecastError, Spec, compute
from leitstern.forecasts.models import Question
from leitstern.roadmap.models import HORIZON_ORDER, PLANNED, RoadmapItem, Status
from leitstern.strategy import selectors as strategy
from leitstern.strategy.models import KeyResult, Metric, MetricRole, Objective
from leitstern.teams.models import Team


@dataclass
class Evidence:
    """The chain from the evidence up: the customer evidence behind the item's
    opportunities (quotes heard directly and second-hand), the opportunities, the
    hypotheses with their latest verdicts, the key results they and the item move (with
    their scores), the objectives it serves, and the North Star metric above them."""

    key_results: list[KeyResult]
    objectives: list[Objective]
    north_stars: list[Metric]
    opportunities: list[discovery.OpportunitySummary] = field(default_factory=list)
    hypotheses: list[discovery.HypothesisSummary] = field(default_factory=list)

    @property
    def objective_count(self) -> int:
        return len(self.objectives)

    @property
    def direct(self) -> int:
        """Quotes heard from customers directly, over the linked opportunities."""
        return sum(o.evidence.direct for o in self.opportunities)

    @property
    def second_hand(self) -> int:
        """Quotes passed on by someone else (sales, support): weaker evidence."""
        return sum(o.evidence.second_hand for o in self.opportunities)

    @property
    def quotes(self) -> int:
        return self.direct + self.second_hand

    @property
    def only_second_hand(self) -> bool:
        return self.second_hand > 0 and self.direct == 0

    @property
    def verdicts(self) -> int:
        return sum(1 for h in self.hypotheses if h.verdict is not None)

    @property
    def waiting(self) -> list[discovery.HypothesisSummary]:
        """The hypotheses still without a verdict."""
        return [h for h in self.hypotheses if h.verdict is None]

    @property
    def empty(self) -> bool:
        return not self.key_results and not self.objectives

    @property
    def no_discovery(self) -> bool:
        return not self.opportunities and not self.hypotheses


def _bet_key_result(hypothesis: Hypothesis) -> int | None:
    """The key result a hypothesis bets on: its own, or its tree's outcome's."""
    if hypothesis.key_result_id:
        return hypothesis.key_result_id
    solution = hypothesis.solution
    if solution is not None and solution.opportunity.outcome_id:
        return solution.opportunity.outcome.key_result_id
    return None


def evidence(item: RoadmapItem, *, today: date) -> Evidence:
    """The item's chain. Opportunities come with their evidence counts and hypotheses with
    their latest verdicts (discovery's selectors). Key results come scored, each with its
    objective: those linked directly and those the linked hypotheses bet on; objectives
    are those linked directly and those of the key results."""
    opportunities = discovery.opportunity_summaries(
        item.opportunities.select_related("product").order_by("title", "id")
    )
    hypotheses = discovery.hypothesis_summaries(
        item.hypotheses.select_related("solution__opportunity__outcome").order_by(
            "created_at", "id"
        )
    )
    kr_ids = list(item.key_results.values_list("pk", flat=True))
    for summary in hypotheses:
        bet = _bet_key_result(summary.hypothesis)
        if bet is not None and bet not in kr_ids:
            kr_ids.append(bet)
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
    return Evidence(key_results, objectives, north_stars, opportunities, hypotheses)


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

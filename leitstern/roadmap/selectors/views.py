"""The views on one roadmap's data: the board (Now / Next / Later and the set-aside
lanes), the timeline, the table and the outcome view. Each answers in a fixed number of
queries and shows a bounded page of items, whatever the size of the roadmap."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from leitstern.roadmap import periods
from leitstern.roadmap.models import (
    DEFAULT_CONFIDENCE,
    PLANNED,
    Horizon,
    Pause,
    Roadmap,
    RoadmapItem,
)
from leitstern.strategy.models import KeyResult, Objective
from leitstern.teams.models import Team

COLUMN_PAGE = 12  # cards a board column shows before "Show more"
LANE_PAGE = 4  # cards of the parked and not-doing lanes
TABLE_PAGE = 50
TIMELINE_PAGE = 40
GROUP_PAGE = 20


@dataclass(frozen=True)
class Filters:
    """What a view of a roadmap is narrowed to (already resolved through access)."""

    team: Team | None = None
    status: str = ""
    level: str = ""
    tag: str = ""
    query: str = ""
    objective: Objective | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.team or self.status or self.level or self.tag or self.query or self.objective
        )

    def apply(self, items: QuerySet[RoadmapItem]) -> QuerySet[RoadmapItem]:
        if self.team is not None:
            items = items.filter(team=self.team)
        if self.status:
            items = items.filter(status=self.status)
        if self.level:
            items = items.filter(level=self.level)
        if self.tag:
            items = items.with_tag(self.tag)
        if self.query:
            items = items.filter(Q(title__icontains=self.query) | Q(outcome__icontains=self.query))
        if self.objective is not None:
            items = items.filter(
                Q(objectives=self.objective) | Q(key_results__objective=self.objective)
            ).distinct()
        return items


def _items(roadmap: Roadmap, filters: Filters) -> QuerySet[RoadmapItem]:
    return filters.apply(RoadmapItem.objects.current().filter(roadmap=roadmap))


def _with_people(items: QuerySet[RoadmapItem]) -> QuerySet[RoadmapItem]:
    return items.select_related("team", "owner", "decided_by")


def link_counts(items: list[RoadmapItem]) -> None:
    """Set ``links`` on each item: how many key results and objectives it serves (two
    queries for the whole page)."""
    ids = [item.pk for item in items]
    counts: dict[int, int] = defaultdict(int)
    for through, column in (
        (RoadmapItem.key_results.through, "keyresult_id"),
        (RoadmapItem.objectives.through, "objective_id"),
    ):
        rows = (
            through.objects.filter(roadmapitem_id__in=ids)
            .values("roadmapitem_id")
            .annotate(n=Count(column))
            .order_by()
        )
        for row in rows:
            counts[row["roadmapitem_id"]] += row["n"]
    for item in items:
        item.links = counts.get(item.pk, 0)


# --- the board ---------------------------------------------------------------------------


@dataclass
class Column:
    horizon: str
    label: str
    items: list[RoadmapItem]
    count: int
    offset: int = 0

    @property
    def more(self) -> int:
        """How many items of the column are not shown yet."""
        return max(0, self.count - self.offset - len(self.items))

    @property
    def next_offset(self) -> int:
        return self.offset + len(self.items)

    @property
    def default_confidence(self) -> int | None:
        return DEFAULT_CONFIDENCE.get(self.horizon)


@dataclass
class Board:
    roadmap: Roadmap
    columns: list[Column]
    lanes: list[Column]
    now_count: int

    @property
    def over_limit(self) -> bool:
        return bool(self.roadmap.wip_limit) and self.now_count > self.roadmap.wip_limit

    @property
    def at_limit(self) -> bool:
        return bool(self.roadmap.wip_limit) and self.now_count >= self.roadmap.wip_limit


def column_items(
    roadmap: Roadmap, horizon: str, filters: Filters, *, offset: int = 0, limit: int = COLUMN_PAGE
) -> list[RoadmapItem]:
    items = _with_people(_items(roadmap, filters).filter(horizon=horizon))
    return list(items.order_by("position", "id")[offset : offset + limit])


def board(roadmap: Roadmap, filters: Filters, *, limit: int = COLUMN_PAGE) -> Board:
    """Every horizon's first ``limit`` items in their order and how many there are."""
    counts = dict(
        _items(roadmap, filters).order_by().values_list("horizon").annotate(n=Count("id"))
    )
    columns = []
    shown: list[RoadmapItem] = []
    for horizon in Horizon.values:
        size = limit if horizon in PLANNED else min(limit, LANE_PAGE)
        items = column_items(roadmap, horizon, filters, limit=size) if counts.get(horizon) else []
        shown += items
        columns.append(Column(horizon, Horizon(horizon).label, items, counts.get(horizon, 0)))
    link_counts(shown)
    now = counts.get(Horizon.NOW, 0)
    if filters.active:
        now = RoadmapItem.objects.planned().filter(roadmap=roadmap, horizon=Horizon.NOW).count()
    return Board(roadmap, columns[:3], columns[3:], now)


# --- the table ---------------------------------------------------------------------------

SORTS = {
    "title": ("title", "id"),
    "horizon": ("horizon_rank", "position", "id"),
    "status": ("status", "id"),
    "confidence": ("confidence", "id"),
    "window": ("window_start", "hard_date", "id"),
    "team": ("team__name", "id"),
    "updated": ("-updated_at", "-id"),
}


def table(
    roadmap: Roadmap, filters: Filters, *, sort: str = "horizon", offset: int = 0
) -> tuple[list[RoadmapItem], int]:
    """A page of items in the chosen order, and how many there are."""
    from django.db.models import Case, IntegerField, Value, When

    items = _items(roadmap, filters)
    total = items.count()
    rank = Case(
        *[When(horizon=h, then=Value(i)) for i, h in enumerate(Horizon.values)],
        output_field=IntegerField(),
    )
    ordered = (
        _with_people(items).annotate(horizon_rank=rank).order_by(*SORTS.get(sort, SORTS["horizon"]))
    )
    page = list(ordered[offset : offset + TABLE_PAGE])
    link_counts(page)
    return page, total


# --- the timeline --------------------------------------------------------------------------


@dataclass
class Bar:
    item: RoadmapItem
    start: int  # first month column (1-based)
    end: int  # the column after the last month
    clipped_before: bool
    clipped_after: bool
    by_horizon: bool  # no time window of its own: drawn over its horizon's span
    marker: int | None  # the month column of a hard date in range

    @property
    def fade(self) -> int:
        """Confidence in tenths (0–10), for the bar's opacity."""
        confidence = self.item.shown_confidence
        return 10 if confidence is None else round(confidence / 10)


@dataclass
class Timeline:
    first: date
    months: list[date]
    scale: str
    bars: list[Bar]
    pauses: list[tuple[Pause, int, int]]
    total: int
    offset: int
    quarters: list[tuple[date, int, int]] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(0, self.total - self.offset - len(self.bars))

    @property
    def next_offset(self) -> int:
        return self.offset + len(self.bars)

    @property
    def today_column(self) -> int | None:
        today = timezone.localdate()
        index = periods.months_between(self.first, today)
        return index if 1 <= index <= len(self.months) else None


MAX_MONTHS = 24


def horizon_span(horizon: str, today: date) -> tuple[date, date]:
    """Where an item without a time window is drawn: Now over this quarter, Next over the
    next, Later over the two after."""
    start = periods.quarter_start(today)
    if horizon == Horizon.NOW:
        return periods.window_of_quarter(start)
    if horizon == Horizon.NEXT:
        return periods.window_of_quarter(periods.add_months(start, 3))
    return periods.window_of_quarter(periods.add_months(start, 6), quarters=2)


def _span(first: date, months: int, start: date, end: date) -> tuple[int, int, bool, bool]:
    last = periods.add_months(first, months - 1)
    begin = max(periods.month_start(start), first)
    finish = min(periods.month_start(end), last)
    column = periods.months_between(first, begin)
    return (
        column,
        periods.months_between(first, finish) + 1,
        periods.month_start(start) < first,
        periods.month_start(end) > last,
    )


def timeline(
    roadmap: Roadmap,
    filters: Filters,
    *,
    first: date | None = None,
    months: int = 15,
    scale: str = "quarter",
    offset: int = 0,
    today: date | None = None,
) -> Timeline:
    """The planned items over ``months`` months from ``first`` (default: this quarter),
    in the order of the board, a page at a time; consolidation periods in range."""
    today = today or timezone.localdate()
    months = max(3, min(months, MAX_MONTHS))
    first = periods.month_start(first or periods.quarter_start(today))
    last_day = periods.month_end(periods.add_months(first, months - 1))
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(
        *[When(horizon=h, then=Value(i)) for i, h in enumerate(PLANNED)],
        output_field=IntegerField(),
    )
    items = _items(roadmap, filters).filter(horizon__in=PLANNED)
    # Items whose own window lies wholly outside the range are left out; items without a
    # window are drawn over their horizon's span, which is near today.
    items = items.exclude(window_end__lt=first).exclude(window_start__gt=last_day)
    total = items.count()
    page = list(
        _with_people(items)
        .annotate(rank=rank)
        .order_by("rank", "position", "id")[offset : offset + TIMELINE_PAGE]
    )
    bars = []
    for item in page:
        by_horizon = not (item.window_start and item.window_end)
        start, end = (
            horizon_span(item.horizon, today)
            if by_horizon
            else (item.window_start, item.window_end)
        )
        if end < first or start > last_day:
            continue
        column, stop, before, after = _span(first, months, start, end)
        marker = None
        if item.hard_date and first <= item.hard_date <= last_day:
            marker = periods.months_between(first, item.hard_date)
        bars.append(Bar(item, column, stop, before, after, by_horizon, marker))
    pauses = []
    for pause in Pause.objects.filter(roadmap=roadmap, ends_on__gte=first, starts_on__lte=last_day):
        column, stop, _before, _after = _span(first, months, pause.starts_on, pause.ends_on)
        pauses.append((pause, column, stop))
    month_list = [periods.add_months(first, i) for i in range(months)]
    quarters = []
    for index, month in enumerate(month_list, start=1):
        if index == 1 or month.month % 3 == 1:
            quarters.append([month, index, index + 1])
        else:
            quarters[-1][2] = index + 1
    return Timeline(
        first=first,
        months=month_list,
        scale=scale if scale in ("quarter", "month") else "quarter",
        bars=bars,
        pauses=pauses,
        total=total,
        offset=offset,
        quarters=[tuple(q) for q in quarters],
    )


# --- the outcome view ----------------------------------------------------------------------


@dataclass
class OutcomeGroup:
    objective: Objective | None
    key_results: list[tuple[KeyResult, list[RoadmapItem], int]]
    direct: list[RoadmapItem]
    direct_count: int


def outcomes(
    roadmap: Roadmap, filters: Filters, *, today: date
) -> tuple[list[OutcomeGroup], list[RoadmapItem], int]:
    """The roadmap's items grouped by the objective and key result they serve; items
    serving none are listed last (with their number). At most ``GROUP_PAGE`` items per
    group; the table lists them all."""
    from leitstern.strategy import selectors as strategy

    items = _items(roadmap, filters)
    kr_links = list(
        RoadmapItem.key_results.through.objects.filter(roadmapitem__in=items)
        .order_by()
        .values_list("roadmapitem_id", "keyresult_id")
    )
    objective_links = list(
        RoadmapItem.objectives.through.objects.filter(roadmapitem__in=items)
        .order_by()
        .values_list("roadmapitem_id", "objective_id")
    )
    kr_ids = {kr for _item, kr in kr_links}
    objective_ids = {o for _item, o in objective_links} | set(
        KeyResult.objects.filter(pk__in=kr_ids).values_list("objective_id", flat=True)
    )
    objectives = strategy.scored_objectives(
        Objective.objects.filter(pk__in=objective_ids).select_related("cycle"), today=today
    )
    items_of_kr: dict[int, list[int]] = defaultdict(list)
    for item_id, kr_id in kr_links:
        items_of_kr[kr_id].append(item_id)
    items_of_objective: dict[int, list[int]] = defaultdict(list)
    for item_id, objective_id in objective_links:
        items_of_objective[objective_id].append(item_id)
    wanted = set()
    for ids in [*items_of_kr.values(), *items_of_objective.values()]:
        wanted.update(sorted(ids)[:GROUP_PAGE])
    linked = {item_id for item_id, _kr in kr_links} | {i for i, _o in objective_links}
    unlinked_qs = items.exclude(pk__in=linked)
    unlinked_count = unlinked_qs.count()
    unlinked = list(_with_people(unlinked_qs).order_by("position", "id")[:GROUP_PAGE])
    by_id = {item.pk: item for item in _with_people(items.filter(pk__in=wanted))}

    def pick(ids: list[int]) -> list[RoadmapItem]:
        found = [by_id[i] for i in ids if i in by_id]
        return sorted(found, key=lambda i: (list(Horizon.values).index(i.horizon), i.position))

    groups = []
    for objective in sorted(objectives, key=lambda o: (o.cycle.starts_on, o.title), reverse=False):
        key_results = [
            (kr, pick(items_of_kr.get(kr.pk, [])), len(items_of_kr.get(kr.pk, [])))
            for kr in objective.krs
            if kr.pk in items_of_kr
        ]
        direct_ids = items_of_objective.get(objective.pk, [])
        groups.append(OutcomeGroup(objective, key_results, pick(direct_ids), len(direct_ids)))
    return groups, unlinked, unlinked_count

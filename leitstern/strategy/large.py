"""The large workspace's strategy (see ``leitstern.core.large``): ``scale.metrics`` metrics
(a North Star, three inputs and two others per product) with ``scale.metric_years`` years
of weekly values from an API feed, and ``scale.cycles`` quarterly OKR cycles of
``scale.objectives`` objectives with ``scale.key_results`` key results each, checked in
every week. The last cycle runs today; the others were closed as ``cycle_close`` closes
them (frozen scores, learnings, post-mortems for committed objectives below 1.0).

Rows are written directly, shaped as the services write them: versions raised by every
check-in that changed a key result's value and by the close, check-ins one per week,
activity entries for every write. The metric feed re-sends each week's value on the
following nights; how many times is what fills the activity log up to ``scale.activity``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from leitstern.activity.large import entry, missing
from leitstern.core.large import LargeContext
from leitstern.strategy import periods, scoring
from leitstern.strategy.models import (
    CheckIn,
    Cycle,
    KeyResult,
    Metric,
    MetricValue,
    Objective,
)
from leitstern.strategy.services._common import (
    CHECKED_IN,
    CYCLE_CLOSED,
    CYCLE_CREATED,
    KEY_RESULT_CREATED,
    METRIC_CREATED,
    METRIC_VALUES,
    OBJECTIVE_CREATED,
)
from leitstern.strategy.services.scores import kept_for, scores_rebuild

# Per product: name, role, input kind, unit, direction, start, weekly growth, noise.
METRICS = [
    ("Weekly active customers", "north_star", "", "customers", "higher", 40_000, 0.002, 0.02),
    ("New customers per week", "input", "breadth", "customers", "higher", 5_000, 0.001, 0.04),
    ("Sessions per customer", "input", "depth", "sessions", "higher", 3.2, 0.0005, 0.03),
    ("Orders per customer per month", "input", "frequency", "orders", "higher", 1.3, 0.0004, 0.02),
    ("Support tickets per 1,000 orders", "other", "", "tickets", "lower", 12.0, -0.001, 0.05),
    ("Net promoter score", "other", "", "", "higher", 31.0, 0.0003, 0.04),
]

OUTCOMES = [
    "Customers find what they look for at the first try",
    "Merchants trust the numbers we show them",
    "Buying is the easiest step of the visit",
    "Customers come back every week",
    "New customers succeed in their first week",
    "Teams ship small changes safely every day",
    "Support questions answer themselves",
    "Payments never stop a purchase",
    "Launch the new dashboard",  # output phrasing: the hints point it out
    "Build the recommendation service",
]
KEY_RESULTS = [
    "Raise {what} from {baseline} to {target}",
    "Cut {what} from {baseline} to {target}",
    "Reach {target} {what}",
    "Get {what} to {target}",
]
WHATS = [
    "repeat purchases",
    "search success",
    "activation rate",
    "weekly orders",
    "checkout completion",
    "response time",
    "first-week retention",
    "five-star reviews",
]
LEARNINGS = "What we learned: small steps every week beat one big bet."
POSTMORTEM = "What got in the way: the work took longer than planned."
COMMENTS = [
    "",
    "",
    "",
    "On track.",
    "Blocked by the data migration.",
    "Better than hoped.",
    "Holiday week, little progress.",
    "Experiment running.",
    "Needs a decision.",
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@dataclass
class _Metric:
    row: Metric
    direction: str
    series: dict[date, float] = field(default_factory=dict)  # Monday → value, every week

    def at(self, day: date) -> float | None:
        """The latest value on or before ``day`` (what ``KeyResult.current_value`` reads)."""
        monday = periods.week_of(day)
        if monday not in self.series and self.series and monday > max(self.series):
            monday = max(self.series)
        return self.series.get(monday)


def generate(context: LargeContext) -> None:
    metrics = _metrics(context)
    cycles = _cycles(context)
    for cycle in cycles:
        _okrs(context, cycle, metrics)
    _values(context, metrics)
    scores_rebuild(workspace=context.workspace)  # the services' own computation


def _metrics(context: LargeContext) -> list[_Metric]:
    rng, scale, today = context.rng, context.scale, context.today
    created = context.workspace.created_at
    found: list[_Metric] = []
    ids = context.next_ids(Metric, scale.metrics)
    first = periods.week_of(today) - timedelta(weeks=scale.metric_years * 52 - 1)
    weeks = [first + timedelta(weeks=n) for n in range(scale.metric_years * 52)]
    weeks = [monday for monday in weeks if _at(monday, 6) <= timezone.now()]  # pushed by now
    rows = []
    for n, pk in enumerate(ids):
        product = context.products[(n // len(METRICS)) % len(context.products)]
        name, role, kind, unit, direction, start, growth, noise = METRICS[n % len(METRICS)]
        if n >= len(METRICS) * len(context.products):
            name = f"{name} ({n // (len(METRICS) * len(context.products)) + 1})"
            role, kind = "other", ""  # one North Star and its inputs per product
        ns = role == "north_star"
        rows.append(
            (
                pk,
                product.pk,
                name,
                f"{name}, counted weekly from the warehouse.",
                unit,
                direction,
                None,
                None,
                role,
                kind,
                "Customers who got what they came for." if ns else "",
                *[ns] * 7,
                created,
                created,
                1,
                {},
            )
        )
        metric = _Metric(Metric(pk=pk, product=product, name=name, unit=unit), direction)
        value = start
        digits = 0 if start > 100 else 2
        for week, monday in enumerate(weeks):
            seasonal = 1 + 0.03 * math.sin(week / 52 * 2 * math.pi)
            metric.series[monday] = round(value * seasonal * (1 + rng.gauss(0, noise)), digits)
            value *= 1 + growth
        found.append(metric)
        context.activity.append(
            entry(
                kind=METRIC_CREATED,
                actor_id=context.owner.pk,
                target_type="strategy.metric",
                target_id=pk,
                label=name,
                at=created,
                product_id=product.pk,
            )
        )
    context.insert(
        Metric,
        (
            "id",
            "product_id",
            "name",
            "description",
            "unit",
            "direction",
            "range_low",
            "range_high",
            "role",
            "input_kind",
            "value_statement",
            "ns_expresses_value",
            "ns_reflects_strategy",
            "ns_leading",
            "ns_actionable",
            "ns_understandable",
            "ns_measurable",
            "ns_not_vanity",
            "created_at",
            "updated_at",
            "version",
            "field_versions",
        ),
        rows,
    )
    return found


def _values(context: LargeContext, metrics: list[_Metric]) -> None:
    """The feed pushes each Monday's value that morning and sends it again on some of the
    following nights (a nightly sync of the latest week); the value's ``recorded_at`` is
    the last time it was sent."""
    rng, now = context.rng, timezone.now()
    pushes = [(metric, monday) for metric in metrics for monday in metric.series]
    again = missing(context) - len(pushes)
    # Nights on which a week's value can have been sent again: up to six, all past.
    room = {
        (metric.row.pk, monday): sum(
            _at(monday + timedelta(days=night), 1) < now for night in range(1, 7)
        )
        for metric, monday in pushes
    }
    nights = dict.fromkeys(room, 0)
    order = list(room)
    rng.shuffle(order)
    while again > 0 and any(nights[key] < room[key] for key in order):
        for key in order:
            if again == 0:
                break
            if nights[key] < room[key]:
                nights[key] += 1
                again -= 1
    actor = context.owner.pk
    rows = []
    for metric, monday in pushes:
        times = [_at(monday, 6)] + [
            _at(monday + timedelta(days=night), 1)
            for night in range(1, nights.get((metric.row.pk, monday), 0) + 1)
        ]
        rows.append((metric.row.pk, monday, metric.series[monday], "", "api", actor, times[-1]))
        for at in times:
            context.activity.append(
                entry(
                    kind=METRIC_VALUES,
                    actor_id=actor,
                    target_type="strategy.metric",
                    target_id=metric.row.pk,
                    label=metric.row.name,
                    at=at,
                    product_id=metric.row.product_id,
                    changes={"values": ["", "1"], "source": ["", "api"]},
                )
            )
    context.insert(
        MetricValue,
        ("metric_id", "day", "value", "note", "source", "recorded_by_id", "recorded_at"),
        rows,
    )


def _cycles(context: LargeContext) -> list[Cycle]:
    today = context.today
    starts = [periods.quarter_bounds(today)[0]]
    while len(starts) < context.scale.cycles:
        starts.insert(0, periods.quarter_bounds(starts[0] - timedelta(days=1))[0])
    ids = context.next_ids(Cycle, len(starts))
    cycles = []
    for pk, start in zip(ids, starts, strict=True):
        _start, end = periods.quarter_bounds(start)
        closed = end < today
        cycle = Cycle(
            pk=pk,
            workspace=context.workspace,
            name=periods.quarter_name(start),
            starts_on=start,
            ends_on=end,
            closed_at=_at(end + timedelta(days=2), 10) if closed else None,
            closed_by=context.owner if closed else None,
            created_at=_at(start - timedelta(days=7), 9),
            version=2 if closed else 1,
            field_versions={"closed_at": 2, "closed_by": 2} if closed else {},
        )
        cycles.append(cycle)
        context.activity.append(
            entry(
                kind=CYCLE_CREATED,
                actor_id=context.owner.pk,
                target_type="strategy.cycle",
                target_id=pk,
                label=cycle.name,
                at=cycle.created_at,
            )
        )
        if closed:
            context.activity.append(
                entry(
                    kind=CYCLE_CLOSED,
                    actor_id=context.owner.pk,
                    target_type="strategy.cycle",
                    target_id=pk,
                    label=cycle.name,
                    at=cycle.closed_at,
                )
            )
    context.insert(
        Cycle,
        (
            "id",
            "workspace_id",
            "name",
            "starts_on",
            "ends_on",
            "closed_at",
            "closed_by_id",
            "created_at",
            "version",
            "field_versions",
        ),
        (
            (
                c.pk,
                context.workspace.pk,
                c.name,
                c.starts_on,
                c.ends_on,
                c.closed_at,
                c.closed_by_id,
                c.created_at,
                c.version,
                c.field_versions,
            )
            for c in cycles
        ),
    )
    return cycles


def _level(n: int, count: int) -> str:
    share = n / count
    return "workspace" if share < 0.1 else ("product" if share < 0.7 else "team")


def _okrs(context: LargeContext, cycle: Cycle, metrics: list[_Metric]) -> None:
    """One cycle's objectives, key results and check-ins, closed when its end has passed."""
    rng, scale, today, now = context.rng, context.scale, context.today, timezone.now()
    writers = context.writers()
    closed = cycle.closed_at is not None
    count = scale.objectives
    objective_ids = context.next_ids(Objective, count)
    kr_ids = iter(context.next_ids(KeyResult, count * scale.key_results))
    by_level: dict[str, list[tuple[int, int | None]]] = {"workspace": [], "product": []}
    weeks = []
    monday = periods.week_of(cycle.starts_on)
    while monday <= min(cycle.ends_on, today):
        weeks.append(monday)
        monday += timedelta(days=7)
    objectives, key_results, check_ins = [], [], []
    for n, pk in enumerate(objective_ids):
        level = _level(n, count)
        product = context.products[n % len(context.products)] if level == "product" else None
        team = context.teams[n % len(context.teams)] if level == "team" else None
        parent = None
        if level == "product" and by_level["workspace"]:
            parent = rng.choice(by_level["workspace"])[0]
        elif level == "team" and by_level["product"]:
            parent = rng.choice(by_level["product"])[0]
        if level in by_level:
            by_level[level].append((pk, product.pk if product else None))
        kind = "committed" if rng.random() < 0.7 else "aspirational"
        owner = rng.choice(writers)
        title = f"{OUTCOMES[n % len(OUTCOMES)]} ({cycle.name}, {n + 1})"
        created = cycle.created_at + timedelta(minutes=5 * n)
        scores: list[float] = []
        for k in range(scale.key_results):
            kr = _key_result(
                context,
                next(kr_ids),
                pk,
                cycle,
                weeks,
                product,
                owner,
                k,
                metrics,
                created + timedelta(minutes=1 + k),
            )
            key_results.append(kr.row)
            check_ins.extend(kr.check_ins)
            scores.append(kr.final_score)
        final = scoring.objective_score(scores) if closed else None
        committed_missed = kind == "committed" and (final is None or scoring.shown(final) < 1.0)
        review = {
            "learnings": LEARNINGS if closed and n % 3 == 0 else "",
            "postmortem": POSTMORTEM if closed and committed_missed else "",
            "final_score": final,
        }
        changed = [name for name, value in review.items() if value not in ("", None)]
        objectives.append(
            (
                pk,
                cycle.pk,
                product.pk if product else None,
                team.pk if team else None,
                title,
                f"Why it matters: {title.lower()}.",
                kind,
                owner.pk,
                parent,
                None,
                review["learnings"],
                review["postmortem"],
                final,
                created,
                cycle.closed_at if closed and changed else created,
                2 if closed and changed else 1,
                dict.fromkeys(changed, 2) if closed and changed else {},
            )
        )
        context.activity.append(
            entry(
                kind=OBJECTIVE_CREATED,
                actor_id=owner.pk,
                target_type="strategy.objective",
                target_id=pk,
                label=title,
                at=created,
                product_id=product.pk if product else None,
            )
        )
    context.insert(
        Objective,
        (
            "id",
            "cycle_id",
            "product_id",
            "team_id",
            "title",
            "description",
            "kind",
            "owner_id",
            "parent_id",
            "carried_from_id",
            "learnings",
            "postmortem",
            "final_score",
            "created_at",
            "updated_at",
            "version",
            "field_versions",
        ),
        objectives,
    )
    context.insert(
        KeyResult,
        (
            "id",
            "objective_id",
            "title",
            "metric_id",
            "baseline",
            "target",
            "current",
            "unit",
            "direction",
            "owner_id",
            "final_score",
            "final_value",
            "created_at",
            "updated_at",
            "version",
            "field_versions",
            # Kept by ``scores_rebuild`` at the end, as the services keep them.
            "kept_score",
            "kept_method",
            "risk_confidence_drop",
            "risk_low_confidence",
            "risk_behind_trend",
        ),
        ((*row, 0.0, "no_data", False, False, False) for row in key_results),
    )
    context.insert(
        CheckIn,
        ("key_result_id", "week", "value", "confidence", "comment", "author_id", "created_at"),
        (row for row in check_ins if row[-1] <= now),
    )


@dataclass
class _KeyResult:
    row: tuple
    check_ins: list[tuple]
    final_score: float


def _key_result(
    context: LargeContext,
    pk: int,
    objective_id: int,
    cycle: Cycle,
    weeks: list[date],
    product,
    objective_owner,
    k: int,
    metrics: list[_Metric],
    created: datetime,
) -> _KeyResult:
    """A key result with its weekly check-ins, as ``key_result_create``, ``check_in_record``
    (once a week, on Thursday morning) and, for a closed cycle, ``cycle_close`` leave it."""
    rng, now = context.rng, timezone.now()
    closed = cycle.closed_at is not None
    follows = None
    if k == 0 and rng.random() < 0.5:
        candidates = [m for m in metrics if product is None or m.row.product_id == product.pk]
        follows = rng.choice(candidates or metrics)
    owner = rng.choice(context.writers()) if rng.random() < 0.5 else None
    author = owner or objective_owner
    gain = rng.uniform(0.05, 0.3)
    if follows is not None:
        direction = "lower" if follows.direction == "lower" else "higher"
        baseline = follows.at(cycle.starts_on) or 1.0
        target = round(baseline * (1 - gain if direction == "lower" else 1 + gain), 2)
        unit, what = follows.row.unit, follows.row.name.lower()
    else:
        direction = "lower" if rng.random() < 0.2 else "higher"
        baseline = float(rng.randrange(10, 100)) if rng.random() < 0.8 else None
        start = baseline if baseline is not None else float(rng.randrange(10, 100))
        target = round(start * (1 - gain if direction == "lower" else 1 + gain), 1)
        unit, what = "%", rng.choice(WHATS)
    template = KEY_RESULTS[(k + (direction == "lower")) % 2 if baseline is not None else 2 + k % 2]
    title = template.format(what=what, baseline=baseline, target=target)
    # Check-ins: a value moving towards the target at this key result's pace, a confidence
    # wandering with it.
    pace = rng.uniform(0.2, 1.3)
    confidence = rng.randrange(4, 9)
    current, version, changed_at = None, 1, created
    check_ins = []
    origin = baseline if baseline is not None else 0.0
    for w, week in enumerate(weeks):
        at = _at(week + timedelta(days=3), 9, rng.randrange(60))
        if at > now or (cycle.closed_at and at > cycle.closed_at):
            break
        confidence = min(10, max(0, confidence + rng.choice((-2, -1, 0, 0, 0, 1, 1))))
        if follows is not None:
            value = follows.at(min(at.date(), cycle.ends_on))  # recorded as it stands
        else:
            progress = pace * (w + 1) / max(1, len(weeks)) + rng.gauss(0, 0.05)
            value = round(origin + (target - origin) * progress, 1)
            if value != current:
                current, version, changed_at = value, version + 1, at
        comment = rng.choice(COMMENTS)
        check_ins.append((pk, week, value, confidence, comment, author.pk, at))
        context.activity.append(
            entry(
                kind=CHECKED_IN,
                actor_id=author.pk,
                target_type="strategy.keyresult",
                target_id=pk,
                label=title,
                at=at,
                product_id=product.pk if product else None,
                changes={
                    "confidence": ["", str(confidence)],
                    "value": ["", "" if value is None else f"{value:g}"],
                },
                note=comment,
            )
        )
    field_versions = {"current": version} if version > 1 else {}
    value_now = follows.at(cycle.ends_on) if follows is not None else current
    score = scoring.key_result_score(
        baseline=baseline, target=target, current=value_now, direction=direction
    ).score
    final_value = final_score = None
    if closed:
        final_value, final_score = value_now, score
        version += 1
        field_versions.update(
            dict.fromkeys(
                ["final_score"] + (["final_value"] if final_value is not None else []), version
            )
        )
        changed_at = cycle.closed_at
    context.activity.append(
        entry(
            kind=KEY_RESULT_CREATED,
            actor_id=objective_owner.pk,
            target_type="strategy.keyresult",
            target_id=pk,
            label=title,
            at=created,
            product_id=product.pk if product else None,
        )
    )
    row = (
        pk,
        objective_id,
        title,
        follows.row.pk if follows else None,
        baseline,
        target,
        None if follows else current,
        unit,
        direction,
        owner.pk if owner else None,
        final_score,
        final_value,
        created,
        changed_at,
        version,
        field_versions,
    )
    return _KeyResult(row=row, check_ins=check_ins, final_score=score)


def verify(context: LargeContext) -> list[str]:
    """Problems found: a closed cycle's frozen score that differs from scoring its key
    result's data, or kept numbers that differ from computing them anew."""
    problems = []
    krs = (
        KeyResult.objects.filter(objective__cycle__workspace=context.workspace)
        .select_related("objective__cycle")
        .with_metric_current()
        .prefetch_related("check_ins")
    )
    for kr in krs.iterator(chunk_size=2000):
        check_ins = sorted((c.week, c.value, c.confidence) for c in kr.check_ins.all())
        kept = kept_for(kr, check_ins)
        if any(getattr(kr, name) != value for name, value in kept.items()):
            problems.append(f"key result {kr.pk}: kept numbers differ from its data")
        if kr.objective.cycle.is_closed and kept["kept_score"] != kr.final_score:
            problems.append(f"key result {kr.pk}: frozen score differs from its data")
    return problems

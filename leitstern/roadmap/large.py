"""The large workspace's roadmap (see ``leitstern.core.large``): the first product's
roadmap with ``scale.roadmap_items`` items and a history of ``scale.roadmap_changes``
changes over two years (adds, moves with why, rewordings, confidence and status changes,
reschedules, reorders, removals and restores), quarterly snapshots, two consolidation
periods and a decision log.

Rows are written directly, shaped as the services write them: each change row keeps the
item's state after it (``services._common.item_state``), ids grow with time, edits raise
the item's version and name the field's version in ``field_versions`` (moves and reorders
do not, as ``item_move`` writes them), and every change has its activity entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from leitstern.activity.large import entry
from leitstern.core.large import LargeContext
from leitstern.roadmap import kinds, services
from leitstern.roadmap.models import (
    DEFAULT_CONFIDENCE,
    Decision,
    ItemChange,
    Pause,
    RoadmapItem,
    Snapshot,
)
from leitstern.roadmap.models.history import state_key
from leitstern.strategy.models import KeyResult

YEARS = 2
THEMES = [
    "Returning buyers reorder in one click",
    "First-time buyers finish checkout",
    "Merchants see their numbers every morning",
    "Search finds the right product first",
    "Support questions answer themselves",
    "Payments never stop a purchase",
    "Delivery dates customers can trust",
    "Mobile buyers pay without typing",
    "Merchants list products in minutes",
    "Gift buyers find something in time",
]
OUTCOMES = [
    "More returning buyers order again within 30 days.",
    "Fewer buyers leave at the payment step.",
    "Merchants act on yesterday's numbers before noon.",
    "Searches end with a product page, not a second search.",
    "Fewer tickets per thousand orders.",
]
WHYS = [
    "Interviews showed returning buyers don't miss it (3 quotes).",
    "The experiment moved checkout completion by 2 points.",
    "Support load doubled; we consolidate first.",
    "A key account needs it before the season.",
    "The team's forecast puts it after the summer.",
    "Evidence is thin; we keep exploring.",
]
MOVES = {
    "now": ["next", "later", "parked"],
    "next": ["now", "later", "parked", "not_doing"],
    "later": ["next", "parked", "not_doing"],
    "parked": ["later", "next"],
    "not_doing": ["later"],
}
STATUSES = ["exploring", "validating", "building", "released", "measuring", "done"]
# (kind of change, weight) after an item was added.
KINDS = [
    ("moved", 30),
    ("reordered", 20),
    ("reworded", 12),
    ("confidence", 12),
    ("status", 14),
    ("rescheduled", 9),
    ("removed", 2),
    ("restored", 1),
]
ACTIVITY_KIND = {
    "added": kinds.ITEM_ADDED,
    "moved": kinds.ITEM_MOVED,
    "reordered": kinds.ITEM_REORDERED,
    "reworded": kinds.ITEM_CHANGED,
    "confidence": kinds.ITEM_CHANGED,
    "status": kinds.ITEM_CHANGED,
    "rescheduled": kinds.ITEM_CHANGED,
    "removed": kinds.ITEM_REMOVED,
    "restored": kinds.ITEM_RESTORED,
}
SET_ASIDE = ("parked", "not_doing")


@dataclass
class _Item:
    pk: int
    title: str
    outcome: str
    level: str
    horizon: str
    status: str
    team_id: int | None
    owner_id: int
    created_at: datetime
    position: float
    confidence: int | None = None
    visibility: str = "internal"
    window_start: date | None = None
    window_end: date | None = None
    reason: str = ""
    decided_by_id: int | None = None
    decided_on: date | None = None
    revisit_on: date | None = None
    removed_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1
    field_versions: dict[str, int] = field(default_factory=dict)

    @property
    def shown_confidence(self) -> int | None:
        if self.confidence is not None:
            return self.confidence
        return DEFAULT_CONFIDENCE.get(self.horizon)

    def edit(self, at: datetime, **values) -> dict[str, list[str]]:
        """An edit as ``update_versioned`` makes it: one version more, the fields'
        versions named; the changes as the activity log keeps them."""
        self.version += 1
        changes = {}
        for name, value in values.items():
            old = getattr(self, name)
            changes[name] = ["" if old is None else str(old), "" if value is None else str(value)]
            setattr(self, name, value)
            self.field_versions[name] = self.version
        self.updated_at = at
        return changes


def _month_window(today: date, offset: int, months: int) -> tuple[date, date]:
    start_month = today.month - 1 + offset
    start = date(today.year + start_month // 12, start_month % 12 + 1, 1)
    end_month = start_month + months
    end = date(today.year + end_month // 12, end_month % 12 + 1, 1) - timedelta(days=1)
    return start, end


def generate(context: LargeContext) -> None:
    scale, rng, today = context.scale, context.rng, context.today
    product = context.products[0]
    owner = context.owner
    roadmap = services.roadmap_create(actor=owner, workspace=context.workspace, product=product)
    editors = [user.pk for user in context.editors()]
    teams = [team.pk for team in context.teams]
    now = timezone.now()
    start = now - timedelta(days=365 * YEARS)
    span = (now - start).total_seconds()
    count, total = scale.roadmap_items, max(scale.roadmap_changes, scale.roadmap_items)
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(total))
    item_ids = iter(context.next_ids(RoadmapItem, count))
    change_ids = context.next_ids(ItemChange, total)
    items: list[_Item] = []
    live: list[_Item] = []  # on the roadmap (not removed)
    removed: list[_Item] = []
    ends: dict[str, float] = {}  # the highest position in each column
    changes = []
    weights = [w for _kind, w in KINDS]
    kind_names = [k for k, _w in KINDS]
    # Snapshots at the end of every quarter of the history: the last change before it.
    quarter_ends = []
    day = date(start.year, ((start.month - 1) // 3) * 3 + 1, 1)
    while True:
        day = _month_window(day, 3, 0)[0]
        if day > today:
            break
        quarter_ends.append(day)
    snapshot_at = [timezone.make_aware(datetime.combine(q, time.min)) for q in quarter_ends]
    snapshot_last: list[int | None] = [None] * len(snapshot_at)

    def at_end(horizon: str) -> float:
        ends[horizon] = ends.get(horizon, -1.0) + 1.0
        return ends[horizon]

    for n, (pk, at) in enumerate(zip(change_ids, moments, strict=True)):
        adds_left = count - len(items)
        left = total - n
        actor = rng.choice(editors)
        why, diff = "", {}
        if adds_left and (not live or rng.random() < adds_left / left):
            horizon = rng.choices(["now", "next", "later"], [1, 2, 4])[0]
            theme = THEMES[len(items) % len(THEMES)]
            item = _Item(
                pk=next(item_ids),
                title=f"{theme} ({len(items) + 1})",
                outcome=OUTCOMES[len(items) % len(OUTCOMES)],
                level=rng.choices(["outcome", "problem", "solution"], [3, 2, 2])[0],
                horizon=horizon,
                status="exploring",
                team_id=rng.choice(teams) if teams and rng.random() < 0.7 else None,
                owner_id=actor,
                created_at=at,
                updated_at=at,
                position=at_end(horizon),
                visibility="public" if rng.random() < 0.4 else "internal",
            )
            items.append(item)
            live.append(item)
            kind = "added"
            diff = {"horizon": ["", horizon]}
        else:
            kind = rng.choices(kind_names, weights)[0]
            if kind == "restored" and not removed:
                kind = "moved"
            if not live:  # everything removed and nothing left to add: bring one back
                kind = "restored"
            if kind == "restored":
                item = removed.pop(rng.randrange(len(removed)))
                item.removed_at = None
                item.position = at_end(item.horizon)
                live.append(item)
                diff = {"horizon": ["", item.horizon]}
            else:
                item = live[rng.randrange(len(live))]
            if kind == "moved":
                old, new = item.horizon, rng.choice(MOVES[item.horizon])
                why = rng.choice(WHYS)
                before = item.shown_confidence
                item.horizon, item.position = new, at_end(new)
                diff = {"horizon": [old, new]}
                if new in SET_ASIDE:
                    item.reason, item.decided_by_id = why, actor
                    item.decided_on = timezone.localtime(at).date()
                    item.revisit_on = None
                    if new == "parked":
                        item.revisit_on = today + timedelta(days=rng.randrange(14, 180))
                        diff["revisit_on"] = ["", item.revisit_on.isoformat()]
                else:
                    item.reason, item.decided_by_id = "", None
                    item.decided_on = item.revisit_on = None
                if item.shown_confidence != before:
                    diff["confidence"] = [
                        "" if before is None else str(before),
                        "" if item.shown_confidence is None else str(item.shown_confidence),
                    ]
                item.updated_at = at
            elif kind == "reordered":
                item.position = ends.get(item.horizon, 0.0) - rng.random() * 50
                item.updated_at = at
            elif kind == "reworded":
                item_number = item.title.rsplit("(", 1)[-1].rstrip(")")
                diff = item.edit(
                    at, title=f"{rng.choice(THEMES)} ({item_number})",
                    outcome=rng.choice(OUTCOMES),
                )  # fmt: skip
                why = rng.choice(WHYS) if rng.random() < 0.3 else ""
            elif kind == "confidence":
                diff = item.edit(at, confidence=rng.randrange(10, 95, 5))
            elif kind == "status":
                following = STATUSES[min(STATUSES.index(item.status) + 1, len(STATUSES) - 1)]
                diff = item.edit(at, status=following)
            elif kind == "rescheduled":
                window = _month_window(today, rng.randrange(-2, 12), rng.randrange(1, 4))
                diff = item.edit(at, window_start=window[0], window_end=window[1])
            elif kind == "removed":
                item.removed_at = at
                live.remove(item)
                removed.append(item)
                why = rng.choice(WHYS) if rng.random() < 0.5 else ""
        changes.append(
            (
                pk, roadmap.pk, item.pk, at, actor, kind, why, diff, "", "",
                item.title, item.outcome, item.horizon, item.status, item.shown_confidence,
                item.level, item.visibility, item.window_start, item.window_end, None,
                item.team_id, item.position, item.removed_at is not None,
                state_key(
                    title=item.title, outcome=item.outcome, horizon=item.horizon,
                    status=item.status, confidence=item.shown_confidence, level=item.level,
                    visibility=item.visibility, window_start=item.window_start,
                    window_end=item.window_end, hard_date=None,
                    removed=item.removed_at is not None,
                ),
            )
        )  # fmt: skip
        context.activity.append(
            entry(
                kind=ACTIVITY_KIND[kind],
                actor_id=actor,
                target_type="roadmap.roadmapitem",
                target_id=item.pk,
                label=item.title,
                at=at,
                product_id=product.pk,
                changes=diff,
                note=why,
            )
        )
        for s, moment in enumerate(snapshot_at):
            if at < moment:
                snapshot_last[s] = pk
    _write_items(context, roadmap.pk, items)
    context.insert(
        ItemChange,
        (
            "id", "roadmap_id", "item_id", "at", "actor_id", "kind", "why", "changes",
            "limit_reason", "pause_reason", "title", "outcome", "horizon", "status",
            "confidence", "level", "visibility", "window_start", "window_end", "hard_date",
            "team_id", "position", "removed", "state_key",
        ),
        changes,
    )  # fmt: skip
    _links(context, items)
    _snapshots(context, roadmap.pk, quarter_ends, snapshot_at, snapshot_last)
    _plans(context, roadmap.pk, items)


def _write_items(context: LargeContext, roadmap_id: int, items: list[_Item]) -> None:
    rng = context.rng
    context.insert(
        RoadmapItem,
        (
            "id", "roadmap_id", "title", "outcome", "description", "level", "horizon",
            "position", "status", "confidence", "size", "size_items", "owner_id", "team_id",
            "visibility", "tags", "window_start", "window_end", "hard_date", "hard_date_kind",
            "hard_date_note", "reason", "decided_by_id", "decided_on", "revisit_on",
            "reminded_on", "created_at", "updated_at", "removed_at", "version",
            "field_versions",
        ),
        (
            (
                i.pk, roadmap_id, i.title, i.outcome, "", i.level, i.horizon, i.position,
                i.status, i.confidence, rng.choice(["", "s", "m", "l"]),
                rng.randrange(3, 40) if i.team_id and rng.random() < 0.5 else None,
                i.owner_id, i.team_id, i.visibility,
                rng.choice(["", "checkout", "checkout, mobile", "merchants"]),
                i.window_start, i.window_end, None, "", "", i.reason, i.decided_by_id,
                i.decided_on, i.revisit_on, None, i.created_at, i.updated_at, i.removed_at,
                i.version, i.field_versions,
            )
            for i in items
        ),
    )  # fmt: skip


def _links(context: LargeContext, items: list[_Item]) -> None:
    """About a third of the items serve a key result of the running cycle."""
    rng = context.rng
    current = list(
        KeyResult.objects.filter(
            objective__cycle__workspace=context.workspace,
            objective__cycle__closed_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    if not current:
        return
    through = RoadmapItem.key_results.through
    context.insert(
        through,
        ("roadmapitem_id", "keyresult_id"),
        ((item.pk, rng.choice(current)) for item in items if rng.random() < 0.35),
    )


def _snapshots(
    context: LargeContext,
    roadmap_id: int,
    quarter_ends: list[date],
    moments: list[datetime],
    last: list[int | None],
) -> None:
    ids = context.next_ids(Snapshot, len(moments))
    context.insert(
        Snapshot,
        ("id", "roadmap_id", "name", "note", "taken_at", "last_change_id", "taken_by_id"),
        (
            (
                pk,
                roadmap_id,
                _quarter(day),
                "",
                moment,
                change_id,
                context.owner.pk,
            )
            for pk, day, moment, change_id in zip(ids, quarter_ends, moments, last, strict=True)
        ),
    )
    for pk, day, moment in zip(ids, quarter_ends, moments, strict=True):
        context.activity.append(
            entry(
                kind=kinds.SNAPSHOT_TAKEN,
                actor_id=context.owner.pk,
                target_type="roadmap.snapshot",
                target_id=pk,
                label=_quarter(day),
                at=moment,
            )
        )


def _quarter(end: date) -> str:
    """The name of the quarter that ends the day before ``end``."""
    last = end - timedelta(days=1)
    return f"Review {last.year} Q{(last.month - 1) // 3 + 1}"


def _plans(context: LargeContext, roadmap_id: int, items: list[_Item]) -> None:
    """Two consolidation periods ahead and a decision log of 40 decisions."""
    rng, today, now = context.rng, context.today, timezone.now()
    context.insert(
        Pause,
        ("roadmap_id", "title", "kind", "starts_on", "ends_on", "purpose", "created_at",
         "version", "field_versions"),
        [
            (roadmap_id, "Stabilise checkout", "consolidation", today + timedelta(days=40),
             today + timedelta(days=54), "Fix the top support issues.", now, 1, {}),
            (roadmap_id, "Season freeze", "feature_pause", today + timedelta(days=150),
             today + timedelta(days=170), "Nothing new ships in the peak season.", now, 1, {}),
        ],
    )  # fmt: skip
    decision_ids = context.next_ids(Decision, 40)
    rows = []
    for n, pk in enumerate(decision_ids):
        decided = today - timedelta(days=10 * (40 - n))
        rows.append(
            (pk, roadmap_id, f"Decision {n + 1}: {rng.choice(THEMES).lower()}",
             rng.choice(WHYS), "Do it now\nDo it later\nDo not do it",
             rng.choice(context.editors()).pk, decided,
             decided + timedelta(days=90) if n % 3 == 0 else None, None, context.owner.pk,
             now, 1, {})
        )  # fmt: skip
    context.insert(
        Decision,
        ("id", "roadmap_id", "title", "context", "options", "decided_by_id", "decided_on",
         "revisit_on", "reminded_on", "created_by_id", "created_at", "version",
         "field_versions"),
        rows,
    )  # fmt: skip
    context.insert(
        Decision.items.through,
        ("decision_id", "roadmapitem_id"),
        ((pk, rng.choice(items).pk) for pk in decision_ids),
    )


def verify(context: LargeContext) -> list[str]:
    """Problems found: an item whose last change row does not keep the state the item is
    in (every comparison of two moments reads the roadmap from those rows)."""
    problems = []
    items = RoadmapItem.objects.filter(roadmap__workspace=context.workspace)
    last = {
        row["item_id"]: row
        for row in ItemChange.objects.filter(
            id__in=ItemChange.objects.filter(roadmap__workspace=context.workspace)
            .order_by()
            .values("item_id")
            .annotate(last=Max("id"))
            .values("last")
        ).values("item_id", "title", "horizon", "status", "confidence", "removed", "position")
    }
    for item in items.iterator(chunk_size=2000):
        row = last.get(item.pk)
        state = (item.title, item.horizon, item.status, item.shown_confidence,
                 item.is_removed, item.position)  # fmt: skip
        kept = row and (row["title"], row["horizon"], row["status"], row["confidence"],
                        row["removed"], row["position"])  # fmt: skip
        if state != kept:
            problems.append(f"roadmap item {item.pk}: its last change keeps another state")
    return problems

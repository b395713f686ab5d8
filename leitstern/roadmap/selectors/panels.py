"""What the roadmap shows on lower modules' pages (``core.contributions``): the items
serving a key result on its page, and a product's roadmap at a glance on the product's
page. Each panel is a few bounded queries, whatever the roadmap's size."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, Q, Value, When, Window

from leitstern.core.http import WorkspaceRequest
from leitstern.roadmap.models import PLANNED, Horizon, Roadmap, RoadmapItem
from leitstern.strategy.models import KeyResult

# Items a panel lists; the rest are counted and one link away.
SHOWN = 10


def _by_horizon():
    return Case(
        *[When(horizon=h, then=Value(i)) for i, h in enumerate(Horizon.values)],
        output_field=IntegerField(),
    )


def key_result_items(request: WorkspaceRequest, kr: KeyResult) -> dict[str, Any] | None:
    """The roadmap items serving ``kr`` (on the roadmap, not removed): Now first, then
    Next, Later and the set-aside ones; none: no panel."""
    shown = list(
        RoadmapItem.objects.current()
        .filter(key_results=kr, roadmap__workspace=request.workspace)
        .select_related("roadmap__product", "team")
        .annotate(horizon_rank=_by_horizon(), total=Window(Count("id")))
        .order_by("horizon_rank", "position", "id")[:SHOWN]
    )  # one query: the first items, each with how many there are
    if not shown:
        return None
    total = shown[0].total  # type: ignore[attr-defined]  # annotated above
    return {"roadmap_items": shown, "roadmap_items_total": total}


def product_roadmap(request: WorkspaceRequest, product: Any) -> dict[str, Any] | None:
    """The product's roadmap at a glance: how many items each horizon holds, and what is
    in Now. Without a roadmap, editors are offered to start one."""
    roadmap = Roadmap.objects.filter(product=product, workspace=request.workspace).first()
    if roadmap is None:
        if not request.member.can_edit or product.is_archived:
            return None
        return {"roadmap": None, "product": product}
    current = RoadmapItem.objects.current().filter(roadmap=roadmap)
    counts = current.aggregate(
        **{h: Count("id", filter=Q(horizon=h)) for h in Horizon.values},
        measuring=Count("id", filter=Q(status="measuring")),
    )
    now = list(
        current.filter(horizon=Horizon.NOW)
        .select_related("team")
        .order_by("position", "id")[:SHOWN]
    )
    columns = [(Horizon(h).label, counts[h]) for h in Horizon.values]
    return {
        "roadmap": roadmap,
        "roadmap_columns": columns,
        "roadmap_now": now,
        "roadmap_now_total": counts[Horizon.NOW],
        "roadmap_planned": sum(counts[h] for h in PLANNED),
        "roadmap_measuring": counts["measuring"],
    }

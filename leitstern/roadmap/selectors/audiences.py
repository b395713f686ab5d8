"""An audience's view of the roadmaps: only the items, horizons, levels and fields that
audience sees. The same selector serves the signed-in page, the share link, the printable
page and the exports, so nothing internal can slip into one of them alone."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from leitstern.roadmap.models import (
    Audience,
    Horizon,
    Roadmap,
    RoadmapItem,
    ViewField,
    Visibility,
)
from leitstern.strategy.models import KeyResult

# A shared view lists at most this many items per horizon of a roadmap (and says how many
# more there are); a page for people outside the team is no place for thousands.
VIEW_PAGE = 200


@dataclass
class Lane:
    horizon: str
    label: str
    items: list[RoadmapItem]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass
class RoadmapView:
    roadmap: Roadmap
    lanes: list[Lane]

    @property
    def empty(self) -> bool:
        return not any(lane.count for lane in self.lanes)


def audience_roadmaps(audience: Audience) -> list[Roadmap]:
    chosen = list(audience.roadmaps.select_related("product"))
    if chosen:
        return [r for r in chosen if r.product_id is None or not r.product.is_archived]
    return list(
        Roadmap.objects.active().filter(workspace=audience.workspace).select_related("product")
    )


def audience_items(audience: Audience, roadmap: Roadmap) -> QuerySet[RoadmapItem]:
    """The items of ``roadmap`` this audience may see."""
    items = RoadmapItem.objects.current().filter(
        roadmap=roadmap, horizon__in=audience.horizons, level__in=audience.levels
    )
    if not audience.include_internal:
        items = items.filter(visibility=Visibility.PUBLIC)
    return items


def audience_view(audience: Audience, *, limit: int = VIEW_PAGE) -> list[RoadmapView]:
    """Each chosen roadmap with its lanes, in horizon order, as the audience sees them."""
    views = []
    for roadmap in audience_roadmaps(audience):
        items = audience_items(audience, roadmap)
        counts = dict(items.order_by().values_list("horizon").annotate(n=Count("id")))
        related = ["team", "owner", "decided_by"]
        lanes = []
        for horizon in audience.horizons:
            shown: list[RoadmapItem] = []
            if counts.get(horizon):
                query = items.filter(horizon=horizon).select_related(*related)
                if audience.shows(ViewField.KEY_RESULTS):
                    query = query.prefetch_related(
                        Prefetch("key_results", queryset=KeyResult.objects.order_by("title"))
                    )
                shown = list(query.order_by("position", "id")[:limit])
            lanes.append(Lane(horizon, Horizon(horizon).label, shown, counts.get(horizon, 0)))
        views.append(RoadmapView(roadmap, lanes))
    return views

"""The demo company's roadmaps hold what the issue promises to show."""

from __future__ import annotations

import pytest

from leitstern.roadmap.models import (
    Audience,
    Decision,
    Horizon,
    ItemChange,
    Pause,
    Roadmap,
    RoadmapItem,
    Snapshot,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_living_roadmaps(django_capture_on_commit_callbacks):
    from leitstern.site.demo import seed_demo

    with django_capture_on_commit_callbacks(execute=True):
        seed_demo(log=lambda _line: None)
    roadmaps = {str(r): r for r in Roadmap.objects.filter(workspace__slug="demo")}
    assert set(roadmaps) == {"Storefront", "Marketplace"}
    items = RoadmapItem.objects.current().filter(roadmap__in=roadmaps.values())
    planned = items.filter(horizon__in=["now", "next", "later"])
    assert 25 <= planned.count() <= 35
    assert items.filter(horizon=Horizon.NOT_DOING).count() == 2
    assert all(i.reason for i in items.filter(horizon=Horizon.NOT_DOING))
    assert Pause.objects.filter(roadmap__in=roadmaps.values()).count() == 1
    assert Decision.objects.filter(roadmap__in=roadmaps.values()).count() == 6
    names = set(Audience.objects.filter(workspace__slug="demo").values_list("name", flat=True))
    assert {"Management", "Sales", "Customers"} <= names
    assert Snapshot.objects.filter(roadmap__in=roadmaps.values()).count() == 2
    changes = ItemChange.objects.filter(roadmap__in=roadmaps.values())
    oldest = changes.order_by("at").first().at
    newest = changes.order_by("-at").first().at
    assert (newest - oldest).days >= 170, "six months of history"
    moved = changes.filter(kind="moved")
    assert moved.count() >= 6 and all(c.why for c in moved)

"""The demo company's roadmaps hold what the issue promises to show."""

from __future__ import annotations

import pytest

from leitstern.roadmap import followers
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


def test_the_demo_has_two_living_roadmaps(demo):
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
    management = Audience.objects.get(workspace__slug="demo", name="Management")
    heard_by = [r.email for r in followers.recipients(management)]
    assert len(heard_by) == 2 and all(heard_by)  # two stakeholders follow it
    assert Snapshot.objects.filter(roadmap__in=roadmaps.values()).count() == 2
    changes = ItemChange.objects.filter(roadmap__in=roadmaps.values())
    oldest = changes.order_by("at").first().at
    newest = changes.order_by("-at").first().at
    assert (newest - oldest).days >= 170, "six months of history"
    moved = changes.filter(kind="moved")
    assert moved.count() >= 6 and all(c.why for c in moved)
    # Discovery's evidence behind the Storefront: one item measured, waiting for a verdict.
    storefront = roadmaps["Storefront"]
    linked = items.filter(roadmap=storefront, hypotheses__isnull=False).distinct()
    assert linked.count() >= 2
    assert all(i.opportunities.exists() for i in linked)
    measuring = items.get(title="One-page checkout on phones")
    assert measuring.status == "measuring" and measuring.horizon == Horizon.NOW
    assert not any(h.verdicts.exists() for h in measuring.hypotheses.all())

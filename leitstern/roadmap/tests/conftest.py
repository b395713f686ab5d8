"""A roadmap with something in every horizon, for the page tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from leitstern.roadmap import clock
from leitstern.roadmap.models import Horizon, Roadmap, RoadmapItem
from leitstern.roadmap.tests.factory import (
    make_audience,
    make_decision,
    make_item,
    make_pause,
    make_roadmap,
    make_snapshot,
)


@dataclass
class Filled:
    roadmap: Roadmap
    now: RoadmapItem
    next: RoadmapItem
    later: RoadmapItem
    parked: RoadmapItem
    not_doing: RoadmapItem
    key_result: object
    team: object


@pytest.fixture
def filled(world) -> Filled:
    from leitstern.forecasts.tests.factory import make_team
    from leitstern.strategy.tests.factory import make_okr

    team = make_team(world, "Checkout squad", days=120)
    kr = make_okr(world)
    roadmap = make_roadmap(world, world.product, wip_limit=3)
    today = clock.today()
    start = today.replace(day=1)
    now = make_item(
        roadmap,
        world.owner,
        "Size advisor in checkout",
        horizon=Horizon.NOW,
        outcome="Fewer returns for first-time buyers",
        status="building",
        team=team,
        size_items=12,
        key_results=[kr],
        tags="checkout, mobile",
        window_start=start,
        window_end=start + timedelta(days=80),
        visibility="public",
    )
    later_item = make_item(roadmap, world.owner, "Merchant insights", horizon=Horizon.LATER)
    filled = Filled(
        roadmap=roadmap,
        now=now,
        next=make_item(
            roadmap,
            world.owner,
            "One-click reorder",
            horizon=Horizon.NEXT,
            hard_date=today + timedelta(days=200),
            hard_date_kind="event",
            hard_date_note="Trade fair",
        ),
        later=later_item,
        parked=make_item(roadmap, world.owner, "Voice search", horizon=Horizon.PARKED),
        not_doing=make_item(roadmap, world.owner, "Own payment app", horizon=Horizon.NOT_DOING),
        key_result=kr,
        team=team,
    )
    make_pause(roadmap, world.owner)
    make_decision(roadmap, world.owner, items=[now], revisit_on=today + timedelta(days=30))
    make_snapshot(roadmap, world.owner)
    make_audience(world, name="Customers", roadmaps=[roadmap])
    return filled

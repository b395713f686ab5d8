"""The board, the timeline and "what changed" answer within 20 queries, and with the same
number of queries for a roadmap twice as full (more items, more history, more links)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leitstern.roadmap import services
from leitstern.roadmap.models import Horizon
from leitstern.roadmap.tests.factory import make_item, make_roadmap, make_snapshot
from leitstern.strategy.tests.factory import make_okr

pytestmark = pytest.mark.django_db

BUDGET = 20
VIEWS = ["board", "timeline", "table", "changes", "history"]


def _fill(roadmap, world, kr, n: int) -> None:
    horizons = [Horizon.NOW, Horizon.NEXT, Horizon.LATER]
    for i in range(n):
        item = make_item(
            roadmap, world.owner, f"Outcome {n}-{i}", horizon=horizons[i % 3], key_results=[kr],
            tags="checkout, mobile", limit_reason="Busy quarter",
        )  # fmt: skip
        services.item_update(actor=world.owner, item=item, title=f"Outcome {n}-{i} (reworded)")


def _counts(client, world, roadmap, snapshot) -> dict[str, int]:
    counts = {}
    for view in VIEWS:
        url = reverse(f"roadmap:{view}", args=[world.workspace.slug, roadmap.pk])
        if view == "changes":
            url += f"?since_snapshot={snapshot.pk}"
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, view
        counts[view] = len(queries)
    return counts


def test_main_views_keep_their_query_count_as_the_roadmap_grows(world):
    kr = make_okr(world)
    client = Client()
    client.force_login(world.owner)
    small, double = make_roadmap(world), make_roadmap(world)
    for roadmap, n in ((small, 6), (double, 12)):
        snapshot = make_snapshot(roadmap, world.owner)
        _fill(roadmap, world, kr, n)
        roadmap.snapshot = snapshot
    _counts(client, world, small, small.snapshot)  # the session learns its workspace once
    small_counts = _counts(client, world, small, small.snapshot)
    double_counts = _counts(client, world, double, double.snapshot)
    assert small_counts == double_counts
    assert max(double_counts.values()) <= BUDGET, double_counts

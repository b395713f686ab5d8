"""A commitment's risk is stored with the forecast it came from: lists read it instead of
computing a team forecast per row, a changed team history makes it stale (computed anew
on reading, stored anew by the daily run), and the commitments list pages by it with a
number of queries that does not grow with the commitments."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leitstern.forecasts.services import items_merge
from leitstern.forecasts.tests.factory import history_rows, make_team
from leitstern.requests import selectors, services
from leitstern.requests.models import Commitment
from leitstern.requests.tests.factory import make_commitment
from leitstern.roadmap.tests.factory import make_item, make_roadmap

pytestmark = pytest.mark.django_db


def _slow_team_item(world, name="Checkout squad"):
    # About one item every three days: 20 items in 30 days are out of reach.
    team = make_team(world, name, days=120, per_day=0.3)
    return make_item(make_roadmap(world), world.owner, team=team, size_items=20, horizon="now")


def test_proposing_stores_the_risk_with_its_basis(world):
    item = _slow_team_item(world)
    commitment = make_commitment(world, days=30, roadmap_item=item)
    commitment.refresh_from_db()
    fresh = selectors.risk_of(commitment)
    assert fresh.level == "red"
    assert commitment.risk_level == "red" and commitment.risk_percent == fresh.percent
    assert commitment.risk_computed_at is not None
    assert (
        f"item {item.pk}" in commitment.risk_basis
        and f"team {item.team_id}" in commitment.risk_basis
    )


def test_a_changed_team_history_makes_the_stored_risk_stale_until_the_daily_run(world):
    item = _slow_team_item(world)
    commitment = make_commitment(world, days=30, roadmap_item=item)
    commitment.refresh_from_db()
    old_basis = commitment.risk_basis
    assert commitment.risk_level == "red"
    # The team turns out to finish about five items a day: 20 items in 30 days are sure.
    rows = history_rows(days=60, per_day=5.0, seed=11)
    for row in rows:
        row["key"] = "FAST-" + row["key"]
    items_merge(actor=None, team=item.team, items=rows, record=False)

    ((listed, risk),) = selectors.commitments_with_risk(Commitment.objects.filter(pk=commitment.pk))
    assert risk.level == "green" and risk.percent >= 85  # computed anew on reading
    listed.refresh_from_db()
    assert listed.risk_level == "red" and listed.risk_basis == old_basis  # a read writes nothing

    call_command("requests_daily")  # the immediate task backend runs the task at once
    commitment.refresh_from_db()
    assert commitment.risk_level == "green" and commitment.risk_percent == risk.percent
    assert commitment.risk_basis != old_basis


def test_moving_the_date_stores_the_new_risk(world):
    item = _slow_team_item(world)
    commitment = make_commitment(world, days=30, roadmap_item=item)
    moved = services.commitment_move(
        actor=world.editor,
        commitment=commitment,
        due_on=commitment.due_on.replace(year=commitment.due_on.year + 2),
        why="Scope grew",
    )
    moved.refresh_from_db()
    assert moved.risk_level == "green" and moved.risk_percent >= 85


def _list_queries(client, world) -> int:
    url = reverse("requests:commitments", args=[world.workspace.slug])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url + "?show=all")
    assert response.status_code == 200
    return len(captured)


def test_the_commitments_list_needs_the_same_queries_for_more_commitments_and_pages(client, world):
    client.force_login(world.viewer)
    item = _slow_team_item(world)
    make_commitment(world, days=10, roadmap_item=item)
    _list_queries(client, world)  # warm the caches every page shares
    few = _list_queries(client, world)
    other = _slow_team_item(world, "Payments squad")
    for days in range(20, 80):
        make_commitment(world, days=days, roadmap_item=other if days % 2 else item)
    assert _list_queries(client, world) == few <= 20
    page = client.get(reverse("requests:commitments", args=[world.workspace.slug]) + "?page=2")
    assert page.status_code == 200 and "Page 2 of 2" in page.content.decode()


def test_the_list_puts_overdue_and_red_first_by_the_stored_risk(world):
    safe = make_item(
        make_roadmap(world),
        world.owner,
        team=make_team(world, "Fast", days=120, per_day=5.0),
        size_items=5,
        horizon="now",
    )
    green = make_commitment(world, days=60, roadmap_item=safe)
    red = make_commitment(world, days=30, roadmap_item=_slow_team_item(world))
    unknown = make_commitment(world, days=20)
    overdue = make_commitment(world, days=40)
    Commitment.objects.filter(pk=overdue.pk).update(due_on="2020-01-01")
    ordered = list(selectors.by_risk(selectors.commitments_of(world.workspace)))
    assert ordered == [
        Commitment.objects.get(pk=overdue.pk),
        Commitment.objects.get(pk=red.pk),
        Commitment.objects.get(pk=unknown.pk),
        Commitment.objects.get(pk=green.pk),
    ]

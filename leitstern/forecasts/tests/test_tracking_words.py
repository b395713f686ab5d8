"""A tracking forecast never claims more items done than it tracks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leitstern.forecasts.models import TrackingForecast
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services import tracking_create, tracking_refresh
from leitstern.forecasts.tests.factory import make_team

pytestmark = pytest.mark.django_db


def _tracking(world, items: int) -> TrackingForecast:
    team = make_team(world, days=60, per_day=3)
    tracking = tracking_create(
        actor=world.owner, team=team, name="Release 2.0", items=items,
        start=today() - timedelta(days=30),
    )  # fmt: skip
    tracking_refresh(tracking=tracking)
    return tracking


def _page(world, tracking, client_for) -> str:
    url = f"/w/{world.workspace.slug}/forecasts/tracking/{tracking.pk}/"
    return client_for(world.viewer).get(url).text


def test_more_finished_than_tracked_says_all_count_as_done(world, client_for):
    tracking = _tracking(world, items=10)
    finished = tracking.points.get().done
    assert finished > 10
    page = _page(world, tracking, client_for)
    assert f"{finished} of 10 items done" not in page
    assert "All items count as done." in page
    assert f"The team has finished {finished} items since" in page
    assert "more than the 10 this forecast tracks" in page


def test_fewer_finished_than_tracked_counts_down(world, client_for):
    tracking = _tracking(world, items=1000)
    finished = tracking.points.get().done
    assert 0 < finished < 1000
    assert f"{finished} of 1000 items done since" in _page(world, tracking, client_for)

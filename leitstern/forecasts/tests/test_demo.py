from __future__ import annotations

import pytest

from leitstern.forecasts.models import SavedForecast, TrackingForecast, WorkItem
from leitstern.site.demo import DEMO_SLUG
from leitstern.teams.models import Team

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_teams_a_year_of_history_scored_forecasts_and_tracking(demo, client_for):
    teams = Team.objects.filter(workspace__slug=DEMO_SLUG)
    assert teams.count() == 2
    for team in teams:
        items = WorkItem.objects.filter(team=team).finished()
        assert items.count() > 1000
        # Open work to age on the flow page, with a WIP limit to draw.
        assert WorkItem.objects.filter(team=team).open().filter(started__isnull=False).count() == 10
        assert team.wip_limit.limit == 8
        first, last = items.order_by("done").first().done, items.order_by("done").last().done
        assert (last - first).days >= 300
    assert SavedForecast.objects.filter(team__in=teams).scored().count() >= 10
    tracking = TrackingForecast.objects.get(team__in=teams)
    assert tracking.points.count() >= 5
    owner = teams[0].workspace.memberships.get(role="owner").user
    page = client_for(owner).get(f"/w/{DEMO_SLUG}/forecasts/teams/{teams[0].pk}/accuracy/")
    assert page.status_code == 200 and 'data-chart="hitrates"' in page.text
    flow = client_for(owner).get(f"/w/{DEMO_SLUG}/forecasts/teams/{teams[0].pk}/flow/")
    assert (
        'data-chart="aging"' in flow.text and "WIP-Limit: 8." in flow.text
    )  # the demo's owner reads German

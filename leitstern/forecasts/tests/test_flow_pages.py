"""The flow page, the WIP limit and their API: numbers from items laid out by hand."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.activity.models import ActivityEntry
from leitstern.core.versioning import EditConflict
from leitstern.forecasts.flow import team_flow
from leitstern.forecasts.models import WipLimit
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services import items_merge, wip_limit_set
from leitstern.forecasts.tests.factory import make_team

pytestmark = pytest.mark.django_db


def ago(days: int) -> date:
    return today() - timedelta(days=days)


def _team(world, *, starts: bool = True):
    """Four finished items that took 1, 2, 3 and 4 days, two open items in progress (11
    and 3 days old today), one open item nobody started."""
    team = make_team(world, "Flow")
    finished = [
        {"key": f"F-{n}", "created": ago(20), "started": ago(10) if starts else None,
         "done": ago(10 - n + 1)}
        for n in range(1, 5)
    ]  # fmt: skip
    open_items = [
        {"key": "O-old", "title": "Oldest", "created": ago(30), "started": ago(10)},
        {"key": "O-new", "title": "Newer", "created": ago(5), "started": ago(2)},
        {"key": "O-wait", "title": "Waiting", "created": ago(1)},
    ]
    items_merge(actor=None, team=team, items=finished + open_items, record=False)
    return team


def _flow_url(world, team) -> str:
    return f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/flow/"


def _api(world, role: str) -> tuple[Client, dict]:
    _token, raw = api_token_create(actor=world.user(role), workspace=world.workspace, name="t")
    return Client(), {"Authorization": f"Bearer {raw}"}


def test_the_flow_numbers_are_the_items_counted(world):
    flow = team_flow(_team(world))
    aging = flow.aging
    # Cycle times 1, 2, 3, 4 days: 50% → 2nd, 70% → ceil(2.8) = 3rd, 85%/95% → 4th.
    assert aging.percentiles == {"50": 2, "70": 3, "85": 4, "95": 4}
    assert [(i.key, i.age, i.passed) for i in aging.items] == [
        ("O-old", 11, "95"),
        ("O-new", 3, "50"),
    ]
    assert aging.not_started == 1
    last = flow.cumulative[-1]
    # Arrived: 4 finished + 3 open, all created; started: 4 finished + 2 open in progress.
    assert (last.day, last.arrived, last.started, last.done) == (today(), 7, 6, 4)
    assert last.in_progress == 2
    assert flow.wip[-1] == [today().isoformat(), 2]
    assert flow.limit is None and flow.over_limit == 0


def test_viewers_see_aging_and_cumulative_flow_with_tables(world, client_for):
    team = _team(world)
    wip_limit_set(actor=world.editor, team=team, limit=1)
    page = client_for(world.viewer).get(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/flow/"
    )
    assert page.status_code == 200
    text = page.text
    assert 'data-chart="aging"' in text and 'data-chart="cumulative"' in text
    assert "2 items in progress now; WIP limit: 1." in text
    assert "1 item over the limit." in text
    assert "O-old" in text and "Oldest" in text
    assert "1 open item has no start date and counts as not started." in text
    assert "Change WIP limit" not in text  # viewers read only


def test_without_start_dates_the_page_says_cycle_time_cannot_be_computed(world, client_for):
    team = _team(world, starts=False)
    page = client_for(world.viewer).get(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/flow/"
    )
    assert "Cycle time cannot be computed: the items finished in the last 180 days" in page.text
    assert team_flow(team).aging.reason == "no_start_dates"


def test_an_editor_sets_the_limit_and_saving_it_unchanged_writes_nothing(world, client_for):
    team = _team(world)
    url = f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/flow/wip-limit/edit/"
    client = client_for(world.editor)
    # Saved unchanged while no limit exists: no row, no activity.
    form = client.get(url)
    assert form.status_code == 200
    client.post(url, {"limit": "", "version": "1", "base": json.dumps({"limit": None})})
    assert not WipLimit.objects.exists()
    response = client.post(url, {"limit": "5", "version": "1", "base": json.dumps({"limit": None})})
    assert response.status_code == 302
    assert WipLimit.objects.get(team=team).limit == 5
    assert ActivityEntry.objects.filter(kind="forecasts.wip_limit_changed").count() == 1
    bad = client.post(url, {"limit": "0", "version": "2", "base": json.dumps({"limit": 5})})
    assert bad.status_code == 200 and "greater than or equal to 1" in bad.text
    assert client_for(world.viewer).get(url).status_code == 404
    assert client_for(world.contributor).post(url, {"limit": "9"}).status_code == 404
    assert WipLimit.objects.get(team=team).limit == 5


def test_two_first_limits_at_once_conflict_instead_of_one_winning_silently(world):
    team = _team(world)
    wip_limit_set(actor=world.editor, team=team, limit=5, version=1)
    with pytest.raises(EditConflict):
        wip_limit_set(actor=world.owner, team=team, limit=8, version=1)
    assert WipLimit.objects.get(team=team).limit == 5


def test_the_api_answers_aging_cumulative_flow_and_the_limit(world):
    team = _team(world)
    base = f"/api/v1/workspaces/{world.workspace.slug}/teams/{team.pk}"
    client, auth = _api(world, "viewer")
    aging = client.get(f"{base}/flow/aging", headers=auth).json()
    assert aging["percentiles"] == {"50": 2, "70": 3, "85": 4, "95": 4}
    assert [(i["key"], i["age"], i["passed"]) for i in aging["items"]] == [
        ("O-old", 11, "95"),
        ("O-new", 3, "50"),
    ]
    assert (aging["in_progress"], aging["not_started"], aging["wip_limit"]) == (2, 1, None)
    flow = client.get(f"{base}/flow/cumulative?days=7", headers=auth).json()
    assert len(flow["days"]) == 7
    assert flow["days"][-1] == {
        "day": today().isoformat(), "arrived": 7, "started": 6, "done": 4, "in_progress": 2,
    }  # fmt: skip
    # A viewer reads the limit but cannot set it.
    assert client.get(f"{base}/wip-limit", headers=auth).json() == {
        "team": team.pk, "limit": None, "version": 1,
    }  # fmt: skip
    denied = client.put(f"{base}/wip-limit", {"limit": 3}, content_type="application/json",
                        headers=auth)  # fmt: skip
    assert denied.status_code == 404

    editor, editor_auth = _api(world, "editor")
    put = editor.put(f"{base}/wip-limit", {"limit": 3}, content_type="application/json",
                     headers={**editor_auth, "If-Match": '"1"'})  # fmt: skip
    assert put.status_code == 200 and put.json()["limit"] == 3 and put["ETag"] == '"2"'
    stale = editor.put(f"{base}/wip-limit", {"limit": 4}, content_type="application/json",
                       headers={**editor_auth, "If-Match": '"1"'})  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["current"]["limit"] == 3
    invalid = editor.put(f"{base}/wip-limit", {"limit": 0}, content_type="application/json",
                         headers=editor_auth)  # fmt: skip
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["field"].endswith("limit")
    cleared = editor.put(f"{base}/wip-limit", {"limit": None}, content_type="application/json",
                         headers=editor_auth)  # fmt: skip
    assert cleared.json()["limit"] is None
    assert client.get(f"{base}/flow/aging", headers=auth).json()["wip_limit"] is None

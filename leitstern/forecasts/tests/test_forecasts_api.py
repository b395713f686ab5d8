from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.forecasts.models import WorkItem
from leitstern.forecasts.selectors import today
from leitstern.forecasts.tests.factory import make_team

pytestmark = pytest.mark.django_db


def _api(world, role: str = "editor") -> tuple[Client, dict]:
    _token, raw = api_token_create(actor=world.user(role), workspace=world.workspace, name="t")
    return Client(), {"Authorization": f"Bearer {raw}"}


def _post(client, auth, url, body):
    return client.post(url, body, content_type="application/json", headers=auth)


def test_pushing_items_twice_is_idempotent_and_updates_by_key(world):
    team = make_team(world)
    client, auth = _api(world)
    url = f"/api/v1/workspaces/{world.workspace.slug}/teams/{team.pk}/items"
    day = (today() - timedelta(days=3)).isoformat()
    items = [{"key": f"CI-{i}", "title": "Build", "done": day, "started": day} for i in range(50)]
    assert _post(client, auth, url, {"items": items}).json() == {
        "created": 50,
        "updated": 0,
        "unchanged": 0,
    }
    assert _post(client, auth, url, {"items": items}).json() == {
        "created": 0,
        "updated": 0,
        "unchanged": 50,
    }
    items[0]["title"] = "Build, renamed"
    assert _post(client, auth, url, {"items": items[:1]}).json()["updated"] == 1
    listed = client.get(url + "?q=CI-1&limit=5", headers=auth).json()
    assert len(listed) == 5 and all("CI-1" in i["key"] for i in listed)
    deleted = _post(client, auth, url + "/delete", {"keys": ["CI-0", "CI-1", "nope"]})
    assert deleted.json() == {"deleted": 2}
    assert WorkItem.objects.filter(team=team).count() == 48


def test_an_invalid_item_refuses_the_whole_batch(world):
    team = make_team(world)
    client, auth = _api(world)
    url = f"/api/v1/workspaces/{world.workspace.slug}/teams/{team.pk}/items"
    day = today() - timedelta(days=3)
    bad = {"key": "X-2", "done": day.isoformat(), "started": (day + timedelta(days=1)).isoformat()}
    response = _post(client, auth, url, {"items": [{"key": "X-1", "done": day.isoformat()}, bad]})
    assert response.status_code == 422 and "starts after it was done" in response.text
    assert WorkItem.objects.count() == 0


def test_compute_and_save_a_forecast(world):
    team = make_team(world, days=200)
    client, auth = _api(world)
    base = f"/api/v1/workspaces/{world.workspace.slug}"
    body = {"question": "when", "items": 60, "window": 90}
    answer = _post(client, auth, f"{base}/teams/{team.pk}/forecast", body).json()
    assert answer["question"] == "when" and "85" in answer["result"]["calibrated"]
    assert "chance that the 60 items are done by" in answer["sentence"]
    saved = _post(client, auth, f"{base}/teams/{team.pk}/forecasts", {**body, "name": "Q3"})
    assert saved.status_code == 201
    pk = saved.json()["id"]
    assert client.get(f"{base}/forecasts/{pk}", headers=auth).json()["name"] == "Q3"
    problem = _post(
        client,
        auth,
        f"{base}/teams/{team.pk}/forecast",
        {"question": "when", "items": 5, "done": 5},
    )
    assert problem.status_code == 422 and "already met" in problem.text


def test_a_viewer_token_cannot_push(world):
    team = make_team(world)
    client, auth = _api(world, "viewer")
    url = f"/api/v1/workspaces/{world.workspace.slug}/teams/{team.pk}/items"
    assert _post(client, auth, url, {"items": []}).status_code == 404

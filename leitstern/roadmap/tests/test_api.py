"""The roadmap API: the same services and rules as the pages. A move between horizons
without a why is refused with the field named and nothing saved; contributors comment,
editors change; the history tells who moved what and why."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from leitstern.accounts.services import api_token_create
from leitstern.roadmap.models import Horizon, ItemChange, RoadmapItem
from leitstern.roadmap.tests.factory import make_item, make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def api(world, user=None):
    user = user or world.editor
    _token, raw = api_token_create(actor=user, workspace=world.workspace, name="t")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    return client, f"/api/v1/workspaces/{world.workspace.slug}"


def test_an_item_added_and_moved_with_a_why_shows_in_the_history(world):
    roadmap = make_roadmap(world)
    client, base = api(world)
    added = client.post(
        f"{base}/roadmaps/{roadmap.pk}/items",
        {"title": "One-click reorder", "outcome": "Returning buyers reorder faster"},
        content_type="application/json",
    )
    assert added.status_code == 201
    item_id = added.json()["id"]
    assert added.json()["horizon"] == "next"

    moved = client.post(
        f"{base}/roadmap-items/{item_id}/move",
        {"horizon": "now", "why": "Three interviews asked for it"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["horizon"] == "now"
    history = client.get(f"{base}/roadmaps/{roadmap.pk}/history").json()
    assert [(c["kind"], c["why"]) for c in history][:2] == [
        ("moved", "Three interviews asked for it"),
        ("added", ""),
    ]
    assert history[0]["actor_id"] == world.editor.pk


def test_a_move_without_a_why_is_refused_and_saves_nothing(world):
    item = make_item(make_roadmap(world), world.owner, "Merchant insights")
    client, base = api(world)
    changes = ItemChange.objects.count()
    response = client.post(
        f"{base}/roadmap-items/{item.pk}/move",
        {"horizon": "later"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["why"]
    assert RoadmapItem.objects.get(pk=item.pk).horizon == Horizon.NEXT
    assert ItemChange.objects.count() == changes


def test_contributors_comment_but_do_not_move(world):
    item = make_item(make_roadmap(world), world.owner)
    client, base = api(world, world.contributor)
    commented = client.post(
        f"{base}/roadmap-items/{item.pk}/comments",
        {"text": "Two key accounts asked"},
        content_type="application/json",
    )
    assert commented.status_code == 201
    assert item.comments.get().text == "Two key accounts asked"
    moved = client.post(
        f"{base}/roadmap-items/{item.pk}/move",
        {"horizon": "now", "why": "Sales wants it"},
        content_type="application/json",
    )
    assert moved.status_code == 404
    assert RoadmapItem.objects.get(pk=item.pk).horizon == Horizon.NEXT


def test_lists_are_paged_and_stay_in_the_workspace(world):
    roadmap = make_roadmap(world)
    for n in range(3):
        make_item(roadmap, world.owner, f"Outcome {n}")
    client, base = api(world, world.viewer)
    first = client.get(f"{base}/roadmaps/{roadmap.pk}/items?limit=2").json()
    rest = client.get(f"{base}/roadmaps/{roadmap.pk}/items?limit=2&offset=2").json()
    assert len(first) == 2 and len(rest) == 1
    assert {i["title"] for i in first + rest} == {"Outcome 0", "Outcome 1", "Outcome 2"}
    elsewhere = make_roadmap(world)
    outsider_base = f"/api/v1/workspaces/{world.other_workspace.slug}"
    assert client.get(f"{outsider_base}/roadmaps/{elsewhere.pk}/items").status_code == 404


def test_snapshots_are_taken_and_listed(world):
    roadmap = make_roadmap(world)
    client, base = api(world)
    taken = client.post(
        f"{base}/roadmaps/{roadmap.pk}/snapshots",
        {"name": "Q3 review"},
        content_type="application/json",
    )
    assert taken.status_code == 201
    listed = client.get(f"{base}/roadmaps/{roadmap.pk}/snapshots").json()
    assert [s["name"] for s in listed] == ["Q3 review"]

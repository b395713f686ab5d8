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


def _json(client, method, url, body=None, **headers):
    return getattr(client, method)(url, body, content_type="application/json", headers=headers)


def test_an_edit_from_a_stale_version_is_refused_with_409_and_saves_nothing(world):
    item = make_item(make_roadmap(world), world.owner, "Guest checkout")
    client, base = api(world)
    url = f"{base}/roadmap-items/{item.pk}"
    etag = client.get(url)["ETag"]
    assert etag == f'"{item.version}"'

    first = _json(client, "patch", url, {"title": "Guest checkout v2"}, **{"If-Match": etag})
    assert first.status_code == 200 and first.json()["title"] == "Guest checkout v2"
    assert first["ETag"] == f'"{item.version + 1}"'
    stale = _json(client, "patch", url, {"title": "Guest checkout v3"}, **{"If-Match": etag})
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["field"] == "title"
    assert stale.json()["current"]["title"] == "Guest checkout v2"
    # Another field than the one changed meanwhile is no conflict.
    other = _json(client, "patch", url, {"confidence": 70}, **{"If-Match": etag})
    assert other.status_code == 200 and other.json()["confidence"] == 70
    assert RoadmapItem.objects.get(pk=item.pk).title == "Guest checkout v2"


def test_an_edit_links_key_results_and_records_why(world):
    from leitstern.strategy.tests.factory import make_okr

    kr = make_okr(world)
    item = make_item(make_roadmap(world), world.owner, "Faster checkout")
    client, base = api(world)
    url = f"{base}/roadmap-items/{item.pk}"
    response = _json(
        client,
        "patch",
        url,
        {"key_result_ids": [kr.pk], "status": "building", "why": "The team started"},
    )
    assert response.status_code == 200
    assert response.json()["key_result_ids"] == [kr.pk]
    assert response.json()["status"] == "building"
    change = ItemChange.objects.filter(item=item).order_by("-id").first()
    assert change.why == "The team started" and change.status == "building"
    foreign = _json(client, "patch", url, {"owner_id": world.outsider.pk})
    assert foreign.status_code == 422
    assert foreign.json()["errors"][0]["field"] == "owner_id"


def test_remove_restore_and_the_item_history(world):
    item = make_item(make_roadmap(world), world.owner, "Wishlists")
    client, base = api(world)
    removed = _json(client, "post", f"{base}/roadmap-items/{item.pk}/remove", {"why": "Merged"})
    assert removed.status_code == 200 and removed.json()["removed"] is True
    again = _json(client, "post", f"{base}/roadmap-items/{item.pk}/remove", {})
    assert again.status_code == 422
    edit = _json(client, "patch", f"{base}/roadmap-items/{item.pk}", {"title": "Lists"})
    assert edit.status_code == 422
    restored = _json(client, "post", f"{base}/roadmap-items/{item.pk}/restore", {})
    assert restored.status_code == 200 and restored.json()["removed"] is False
    history = client.get(f"{base}/roadmap-items/{item.pk}/history").json()
    assert [(c["kind"], c["why"]) for c in history] == [
        ("restored", ""),
        ("removed", "Merged"),
        ("added", ""),
    ]


def test_compare_between_a_snapshot_and_now_tells_what_moved_and_why(world):
    from leitstern.roadmap.tests.factory import make_snapshot

    roadmap = make_roadmap(world)
    moved = make_item(roadmap, world.owner, "One-click reorder")
    make_item(roadmap, world.owner, "Stays put")
    snapshot = make_snapshot(roadmap, world.owner)
    client, base = api(world)
    _json(
        client,
        "post",
        f"{base}/roadmap-items/{moved.pk}/move",
        {"horizon": "later", "why": "Returning buyers don't miss it"},
    )
    _json(client, "post", f"{base}/roadmaps/{roadmap.pk}/items", {"title": "Gift cards"})
    answer = client.get(f"{base}/roadmaps/{roadmap.pk}/compare?since_snapshot={snapshot.pk}")
    assert answer.status_code == 200
    data = answer.json()
    assert data["before"]["snapshot_id"] == snapshot.pk
    assert data["counts"]["moved"] == 1 and data["counts"]["added"] == 1
    entries = {e["after"]["title"]: e for e in data["items"]}
    assert entries["One-click reorder"]["categories"] == ["moved"]
    assert entries["One-click reorder"]["before"]["horizon"] == "next"
    assert entries["One-click reorder"]["why"] == "Returning buyers don't miss it"
    assert "Stays put" not in entries
    # A snapshot of another roadmap is named as the wrong field, not followed.
    other = make_snapshot(make_roadmap(world), world.owner)
    wrong = client.get(f"{base}/roadmaps/{roadmap.pk}/compare?since_snapshot={other.pk}")
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "since_snapshot"


def test_decisions_and_pauses_are_logged_and_edited_with_versions(world):
    roadmap = make_roadmap(world)
    item = make_item(roadmap, world.owner)
    client, base = api(world)
    logged = _json(
        client,
        "post",
        f"{base}/roadmaps/{roadmap.pk}/decisions",
        {"title": "No app this year", "options": "App\nPWA", "item_ids": [item.pk]},
    )
    assert logged.status_code == 201
    decision = logged.json()
    assert decision["item_ids"] == [item.pk] and decision["decided_by_id"] == world.editor.pk
    url = f"{base}/roadmap-decisions/{decision['id']}"
    changed = _json(client, "patch", url, {"context": "Budget", "version": decision["version"]})
    assert changed.status_code == 200 and changed.json()["context"] == "Budget"
    stale = _json(client, "patch", url, {"context": "Other", "version": decision["version"]})
    assert stale.status_code == 409

    pause = _json(
        client,
        "post",
        f"{base}/roadmaps/{roadmap.pk}/pauses",
        {"title": "Stabilise", "starts_on": "2031-03-01", "ends_on": "2031-02-01"},
    )
    assert pause.status_code == 422
    assert pause.json()["errors"][0]["field"] == "ends_on"
    pause = _json(
        client,
        "post",
        f"{base}/roadmaps/{roadmap.pk}/pauses",
        {"title": "Stabilise", "starts_on": "2031-03-01", "ends_on": "2031-03-14"},
    )
    assert pause.status_code == 201
    pause_url = f"{base}/roadmap-pauses/{pause.json()['id']}"
    assert _json(client, "patch", pause_url, {"purpose": "Fix"}).json()["purpose"] == "Fix"
    assert client.delete(pause_url).status_code == 204
    assert client.get(pause_url).status_code == 404


def test_audiences_and_share_links_through_the_api(world):
    roadmap = make_roadmap(world)
    make_item(roadmap, world.owner, "Secret plan")
    client, base = api(world)
    created = _json(
        client,
        "post",
        f"{base}/roadmap-audiences",
        {"name": "Customers", "preset": "customers", "roadmap_ids": [roadmap.pk]},
    )
    assert created.status_code == 201
    audience = created.json()
    assert audience["include_internal"] is False and "owner" not in audience["item_fields"]
    same_name = _json(client, "post", f"{base}/roadmap-audiences", {"name": "Customers"})
    assert same_name.status_code == 422
    link = _json(client, "post", f"{base}/roadmap-audiences/{audience['id']}/links", {"days": 7})
    assert link.status_code == 201
    url = link.json()["url"]
    anonymous = Client()
    page = anonymous.get(url)
    assert page.status_code == 200 and b"Secret plan" not in page.content
    listed = client.get(f"{base}/roadmap-audiences/{audience['id']}/links").json()
    assert [entry["working"] for entry in listed] == [True] and "url" not in listed[0]
    revoked = _json(client, "post", f"{base}/roadmap-links/{link.json()['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["working"] is False
    assert anonymous.get(url).status_code != 200
    viewer, _ = api(world, world.viewer)
    assert viewer.get(f"{base}/roadmap-audiences/{audience['id']}/links").status_code == 404

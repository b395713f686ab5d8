"""The connectors API: create, status, test, sync now, revoke, remove; structured errors;
credentials go in and never come out."""

from __future__ import annotations

from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.connectors.models import Connector
from leitstern.connectors.tests.stub import fixture
from leitstern.forecasts.models import WorkItem

TOKEN = "api-token-for-github-0123"


def _client(world, user=None):
    token = api_token_create(actor=user or world.editor, workspace=world.workspace, name="t")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_create_test_sync_status_revoke_and_delete(
    db, world, team, stub, django_capture_on_commit_callbacks
):
    stub.add("GET", "/repos/nordwind/shop", fixture("github/repo.json"))
    stub.add("GET", "/repos/nordwind/shop/issues", fixture("github/issues_page2.json"))
    client = _client(world)
    base = f"/api/v1/workspaces/{world.workspace.slug}"
    created = client.post(
        f"{base}/teams/{team.pk}/connectors",
        {"kind": "github", "name": "Shop", "url": stub.url, "scope": "nordwind/shop",
         "secret": TOKEN, "interval": 1},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert TOKEN not in created.content.decode() and "secret" not in body
    pk = body["id"]
    assert body["health"]["has_credentials"] is True and body["health"]["state"] == "idle"

    tested = client.post(f"{base}/connectors/{pk}/test").json()
    assert tested["ok"] is True and tested["account"] == "nordwind/shop"

    with django_capture_on_commit_callbacks(execute=True):
        synced = client.post(f"{base}/connectors/{pk}/sync", {}, content_type="application/json")
    assert synced.status_code == 200 and synced.json()["queued"] is True
    status = client.get(f"{base}/connectors/{pk}").json()
    assert status["health"]["items"] == 1 and status["health"]["problem"] == ""
    assert WorkItem.objects.filter(team=team).count() == 1
    listed = client.get(f"{base}/teams/{team.pk}/connectors").json()
    assert [c["id"] for c in listed] == [pk]

    revoked = client.post(f"{base}/connectors/{pk}/revoke").json()
    assert revoked["health"]["has_credentials"] is False
    refused = client.post(f"{base}/connectors/{pk}/sync", {}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "secret"

    assert client.delete(f"{base}/connectors/{pk}").status_code == 204
    assert not Connector.objects.exists()


def test_a_failed_test_answers_the_problem_in_words(db, world, team):
    from leitstern.connectors.tests.factory import make_connector

    connector = make_connector(team)
    answer = _client(world).post(
        f"/api/v1/workspaces/{world.workspace.slug}/connectors/{connector.pk}/test"
    )
    assert answer.status_code == 200
    assert answer.json()["problem"] == "unreachable" and "reached" in answer.json()["message"]


def test_bad_input_names_the_field(db, world, team):
    answer = _client(world).post(
        f"/api/v1/workspaces/{world.workspace.slug}/teams/{team.pk}/connectors",
        {"kind": "github", "name": "Shop", "scope": "no-slash", "secret": TOKEN},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "scope"


def test_viewers_may_read_the_status_but_not_sync(db, world, team):
    from leitstern.connectors.tests.factory import make_connector

    connector = make_connector(team)
    client = _client(world, world.viewer)
    base = f"/api/v1/workspaces/{world.workspace.slug}/connectors/{connector.pk}"
    assert client.get(base).status_code == 200
    assert client.post(f"{base}/sync", {}, content_type="application/json").status_code == 404

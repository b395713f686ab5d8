"""The stakeholders API operation by operation: what an editor gets, bad input answered as
structured JSON naming the field (nothing saved), 404 for contributors, viewers, outsiders
and for ids of another workspace, erasure for owners only, and 409 on a conflicting edit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.stakeholders import services
from leitstern.stakeholders.models import (
    Conversation,
    Influence,
    PlanItem,
    PositionRecord,
    Stakeholder,
    Theme,
)
from leitstern.stakeholders.tests.factory import (
    make_conversation,
    make_influence,
    make_plan_item,
    make_stakeholder,
    make_theme,
)

pytestmark = pytest.mark.django_db


def api(world, user, workspace=None) -> tuple[Client, str]:
    """A client with an API token of ``user`` in ``workspace`` (default: the world's),
    and the base path of the world's workspace."""
    _token, raw = api_token_create(actor=user, workspace=workspace or world.workspace, name="t")
    return Client(headers={"Authorization": f"Bearer {raw}"}), (
        f"/api/v1/workspaces/{world.workspace.slug}"
    )


def call(client: Client, method: str, path: str, body: dict | None = None, **headers):
    send = getattr(client, method)
    if method in ("post", "patch"):
        return send(path, body or {}, content_type="application/json", headers=headers)
    return send(path, headers=headers)


@dataclass
class Objects:
    """One of each thing in a workspace, for the table of operations."""

    klein: Stakeholder
    yilmaz: Stakeholder
    tie: Influence
    conversation: Conversation
    plan: PlanItem
    theme: Theme


def objects(workspace, actor) -> Objects:
    klein = make_stakeholder(workspace, actor, "Dr. Klein")
    yilmaz = make_stakeholder(workspace, actor, "Selin Yilmaz")
    return Objects(
        klein=klein,
        yilmaz=yilmaz,
        tie=make_influence(yilmaz, klein, actor, strength=3),
        conversation=make_conversation(klein, actor, "Pricing"),
        plan=make_plan_item(workspace, actor, klein, information="Roadmap changes"),
        theme=make_theme(workspace, actor, "Usage-based pricing"),
    )


# (name, method, path under the workspace, body, status for an editor)
OPERATIONS: list[tuple[str, str, str, Any, int]] = [
    ("stakeholder_list", "get", "/stakeholders", None, 200),
    ("stakeholder_create", "post", "/stakeholders", lambda o: {"name": "Frau Berger"}, 201),
    ("stakeholder_detail", "get", "/stakeholders/{klein}", None, 200),
    ("stakeholder_update", "patch", "/stakeholders/{klein}", lambda o: {"title": "CFO"}, 200),
    ("position_list", "get", "/stakeholders/{klein}/positions", None, 200),
    ("grid_place", "post", "/stakeholders/{klein}/grid",
     lambda o: {"power": 8, "interest": 3}, 201),
    ("salience_assess", "post", "/stakeholders/{klein}/salience",
     lambda o: {"power": True, "legitimacy": True, "urgency": False}, 201),
    ("engagement_assess", "post", "/stakeholders/{klein}/engagement",
     lambda o: {"engagement": "resistant", "desired_engagement": "supportive"}, 201),
    ("attitude_set", "post", "/stakeholders/{klein}/attitudes",
     lambda o: {"theme_id": o.theme.pk, "attitude": "opposes"}, 201),
    ("suggestion_list", "get", "/stakeholders/{klein}/suggestions", None, 200),
    ("network", "get", "/stakeholder-network", None, 200),
    ("influence_list", "get", "/influences", None, 200),
    ("influence_add", "post", "/influences",
     lambda o: {"influencer_id": o.klein.pk, "listener_id": o.yilmaz.pk, "strength": 1}, 201),
    ("influence_update", "patch", "/influences/{tie}", lambda o: {"strength": 1}, 200),
    ("influence_remove", "delete", "/influences/{tie}", None, 204),
    ("conversation_list", "get", "/stakeholders/{klein}/conversations", None, 200),
    ("conversation_record", "post", "/stakeholders/{klein}/conversations",
     lambda o: {"topic": "Budget"}, 201),
    ("conversation_update", "patch", "/stakeholder-conversations/{conversation}",
     lambda o: {"outcome": "Agreed"}, 200),
    ("conversation_delete", "delete", "/stakeholder-conversations/{conversation}", None, 204),
    ("plan_list", "get", "/comms-plan", None, 200),
    ("plan_create", "post", "/comms-plan",
     lambda o: {"information": "Release notes", "stakeholder_id": o.klein.pk}, 201),
    ("plan_update", "patch", "/comms-plan/{plan}", lambda o: {"channel": "email"}, 200),
    ("plan_sent", "post", "/comms-plan/{plan}/sent", lambda o: {}, 200),
    ("plan_delete", "delete", "/comms-plan/{plan}", None, 204),
    ("theme_list", "get", "/stakeholder-themes", None, 200),
    ("theme_create", "post", "/stakeholder-themes", lambda o: {"name": "Self-service"}, 201),
]  # fmt: skip


def _path(template: str, o: Objects) -> str:
    return template.format(
        klein=o.klein.pk, tie=o.tie.pk, conversation=o.conversation.pk, plan=o.plan.pk
    )


def _state() -> tuple:
    """Everything the operations can change, to show that a refused call changed nothing."""
    return (
        list(Stakeholder.objects.order_by("pk").values_list("pk", "version", "title")),
        PositionRecord.objects.count(),
        list(Influence.objects.order_by("pk").values_list("pk", "strength", "version")),
        list(Conversation.objects.order_by("pk").values_list("pk", "outcome", "version")),
        list(PlanItem.objects.order_by("pk").values_list("pk", "channel", "last_sent_on")),
        Theme.objects.count(),
    )


def test_the_table_names_every_stakeholder_operation():
    from leitstern.site.api import api

    # The operations of every topic module of ``stakeholders/api/``, bound as the API has
    # them (the package's ``router`` holds them in its child routers, not its own paths).
    names = {
        operation.view_func.__name__
        for bound in api._get_bound_routers()
        for path in bound.path_operations.values()
        for operation in path.operations
        if operation.view_func.__module__.startswith("leitstern.stakeholders.api.")
    }
    assert names - {"stakeholder_erase"} == {name for name, *_ in OPERATIONS}


@pytest.mark.parametrize(("name", "method", "path", "body", "status"), OPERATIONS,
                         ids=[o[0] for o in OPERATIONS])  # fmt: skip
def test_an_editor_uses_every_operation(world, name, method, path, body, status):
    o = objects(world.workspace, world.owner)
    client, base = api(world, world.editor)
    response = call(client, method, base + _path(path, o), body(o) if body else None)
    assert response.status_code == status, response.content
    if status != 204:
        assert response["Content-Type"].startswith("application/json")


def test_what_an_editor_writes_is_saved_as_sent(world):
    o = objects(world.workspace, world.owner)
    client, base = api(world, world.editor)
    k = f"{base}/stakeholders/{o.klein.pk}"
    assert call(client, "post", f"{k}/grid", {"power": 8, "interest": 3}).json()["power"] == 8
    assert call(client, "get", k).json()["quadrant"] == "keep_satisfied"
    call(client, "post", f"{k}/attitudes", {"theme_id": o.theme.pk, "attitude": "opposes"})
    assert call(client, "get", k).json()["attitudes"] == {str(o.theme.pk): "opposes"}
    trail = call(client, "get", f"{k}/positions?analysis=grid").json()
    assert [(p["power"], p["interest"]) for p in trail] == [(8, 3)]
    body = {"influencer_id": o.klein.pk, "listener_id": o.yilmaz.pk, "strength": 1}
    tie = call(client, "post", f"{base}/influences", body).json()
    assert Influence.objects.get(pk=tie["id"]).strength == 1
    network = call(client, "get", f"{base}/stakeholder-network").json()
    assert {p["id"] for p in network["people"]} == {o.klein.pk, o.yilmaz.pk}
    assert len(network["ties"]) == 2


@pytest.mark.parametrize("role", ["contributor", "viewer", "outsider"])
def test_everyone_but_editors_and_owners_gets_404_and_changes_nothing(world, role):
    o = objects(world.workspace, world.owner)
    user = world.user(role)
    workspace = world.other_workspace if role == "outsider" else world.workspace
    client, base = api(world, user, workspace)
    before = _state()
    for name, method, path, body, _status in [*OPERATIONS, ERASE]:
        response = call(client, method, base + _path(path, o), body(o) if body else None)
        assert response.status_code == 404, (role, name, response.status_code)
        assert response["Content-Type"].startswith("application/json"), name
    assert _state() == before


ERASE = ("stakeholder_erase", "delete", "/stakeholders/{klein}", None, 204)


def test_another_workspaces_ids_are_404_in_the_path_and_422_in_the_body(world):
    mine = objects(world.workspace, world.owner)
    theirs = objects(world.other_workspace, world.outsider)
    client, base = api(world, world.owner)
    before = _state()
    for name, method, path, body, _status in [*OPERATIONS, ERASE]:
        if "{" not in path:
            continue
        response = call(client, method, base + _path(path, theirs), body(mine) if body else None)
        assert response.status_code == 404, (name, response.status_code)
    for path, body, field in [
        ("/influences", {"influencer_id": theirs.klein.pk, "listener_id": mine.yilmaz.pk},
         "influencer_id"),
        ("/influences", {"influencer_id": mine.klein.pk, "listener_id": theirs.yilmaz.pk},
         "listener_id"),
        (f"/stakeholders/{mine.klein.pk}/attitudes",
         {"theme_id": theirs.theme.pk, "attitude": "supports"}, "theme_id"),
        ("/comms-plan", {"information": "x", "stakeholder_id": theirs.klein.pk},
         "stakeholder_id"),
        ("/stakeholders", {"name": "New", "reports_to_id": theirs.klein.pk}, "reports_to_id"),
    ]:  # fmt: skip
        response = call(client, "post", base + path, body)
        assert response.status_code == 422, path
        assert [e["field"] for e in response.json()["errors"]] == [field]
        assert "No such object in this workspace" in response.json()["errors"][0]["reason"]
    assert _state() == before


def test_only_owners_erase(world):
    o = objects(world.workspace, world.owner)
    editor, base = api(world, world.editor)
    assert call(editor, "delete", f"{base}/stakeholders/{o.klein.pk}").status_code == 404
    assert Stakeholder.objects.filter(pk=o.klein.pk).exists()
    owner, base = api(world, world.owner)
    assert call(owner, "delete", f"{base}/stakeholders/{o.klein.pk}").status_code == 204
    assert not Stakeholder.objects.filter(pk=o.klein.pk).exists()
    assert not Influence.objects.filter(pk=o.tie.pk).exists()
    assert not Conversation.objects.filter(pk=o.conversation.pk).exists()


def test_a_private_stakeholder_is_404_for_everyone_but_the_keeper(world):
    secret = make_stakeholder(world.workspace, world.editor, "Secret", private=True)
    owner, base = api(world, world.owner)
    assert call(owner, "get", f"{base}/stakeholders/{secret.pk}").status_code == 404
    assert secret.pk not in [p["id"] for p in call(owner, "get", f"{base}/stakeholders").json()]
    editor, base = api(world, world.editor)
    assert call(editor, "get", f"{base}/stakeholders/{secret.pk}").json()["private"] is True


BAD = [
    # (path, body, field, words of the reason)
    ("/stakeholders", {"name": ""}, "name", ""),
    ("/stakeholders/{klein}/grid", {"power": 11, "interest": 5}, "power", ""),
    ("/stakeholders/{klein}/grid", {"power": 5, "interest": -1}, "interest", ""),
    ("/stakeholders/{klein}/grid", {"power": "high", "interest": 5}, "power", ""),
    ("/stakeholders/{klein}/grid", {"interest": 5}, "power", ""),
    ("/stakeholders/{klein}/engagement", {"engagement": "hostile"}, "engagement", ""),
    ("/stakeholders/{klein}/attitudes", {"theme_id": "{theme}", "attitude": "loves"},
     "attitude", ""),
    ("/influences", {"influencer_id": "{klein}", "listener_id": "{klein}"}, "influencer",
     "cannot influence themselves"),
    ("/influences", {"influencer_id": "{yilmaz}", "listener_id": "{klein}"}, "influencer",
     "already listens to"),
    ("/influences", {"influencer_id": "{klein}", "listener_id": "{yilmaz}", "strength": 4},
     "strength", "1 (weak), 2 (medium) or 3 (strong)"),
    ("/stakeholders/{klein}/conversations", {"topic": ""}, "topic", ""),
    ("/comms-plan", {"information": "x"}, None, ""),
]  # fmt: skip


@pytest.mark.parametrize(("path", "body", "field", "words"), BAD)
def test_bad_input_is_a_structured_422_naming_the_field_and_nothing_is_saved(
    world, path, body, field, words
):
    o = objects(world.workspace, world.owner)
    client, base = api(world, world.editor)
    ids = {"klein": o.klein.pk, "yilmaz": o.yilmaz.pk, "theme": o.theme.pk}
    body = {k: int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v
            for k, v in body.items()}  # fmt: skip
    before = _state()
    response = call(client, "post", base + path.format(**ids), body)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert errors and all({"field", "reason"} <= set(e) and e["reason"] for e in errors)
    if field is not None:
        assert any(e["field"].endswith(field) for e in errors), errors
    if words:
        assert any(words in e["reason"] for e in errors), errors
    assert _state() == before


def test_a_conflicting_edit_answers_409_and_saves_nothing(world):
    o = objects(world.workspace, world.owner)
    client, base = api(world, world.editor)
    path = f"{base}/stakeholders/{o.klein.pk}"
    etag = call(client, "get", path)["ETag"]
    services.stakeholder_update(
        actor=world.owner, stakeholder=o.klein, version=o.klein.version, title="CEO"
    )
    response = call(client, "patch", path, {"title": "CFO"}, **{"If-Match": etag})
    assert response.status_code == 409
    o.klein.refresh_from_db()
    assert o.klein.title == "CEO"
    # With the current version it goes through.
    fresh = call(client, "get", path)["ETag"]
    response = call(client, "patch", path, {"title": "CFO"}, **{"If-Match": fresh})
    assert response.status_code == 200 and response.json()["title"] == "CFO"


def test_a_tie_edit_over_a_change_since_its_version_is_409_but_another_field_merges(world):
    o = objects(world.workspace, world.owner)
    client, base = api(world, world.editor)
    path = f"{base}/influences/{o.tie.pk}"
    stale = o.tie.version
    assert call(client, "patch", path, {"strength": 2, "version": stale}).status_code == 200
    # The strength changed since ``stale``: refused, nothing saved.
    response = call(client, "patch", path, {"strength": 1, "version": stale})
    assert response.status_code == 409
    assert Influence.objects.get(pk=o.tie.pk).strength == 2
    # The note did not: saved beside the other change.
    response = call(client, "patch", path, {"note": "trusts him", "version": stale})
    assert response.status_code == 200
    tie = Influence.objects.get(pk=o.tie.pk)
    assert (tie.strength, tie.note) == (2, "trusts him")

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.workspaces.models import Invitation, Membership

pytestmark = pytest.mark.django_db


def _owner(world) -> tuple[Client, dict]:
    _token, raw = api_token_create(actor=world.owner, workspace=world.workspace, name="ops")
    return Client(), {"Authorization": f"Bearer {raw}"}


def test_owner_invites_through_the_api(world, django_capture_on_commit_callbacks):
    client, auth = _owner(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/workspaces/{world.workspace.slug}/invitations",
            {"email": "sales@example.com", "role": "contributor"},
            content_type="application/json",
            headers=auth,
        )
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert mail.outbox[0].to == ["sales@example.com"]


def test_an_unknown_role_is_a_422_naming_the_field(world):
    client, auth = _owner(world)
    response = client.post(
        f"/api/v1/workspaces/{world.workspace.slug}/invitations",
        {"email": "sales@example.com", "role": "king"},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "role"
    assert not Invitation.objects.exists()


def test_role_change_and_removal(world):
    client, auth = _owner(world)
    viewer = Membership.objects.get(user=world.viewer)
    url = f"/api/v1/workspaces/{world.workspace.slug}/members/{viewer.pk}"
    changed = client.patch(url, {"role": "editor"}, content_type="application/json", headers=auth)
    assert changed.json()["role"] == "editor"
    assert client.delete(url, headers=auth).status_code == 204
    assert not Membership.objects.filter(pk=viewer.pk).exists()


def test_the_last_owner_cannot_be_removed_through_the_api_either(world):
    client, auth = _owner(world)
    me = Membership.objects.get(user=world.owner)
    response = client.delete(
        f"/api/v1/workspaces/{world.workspace.slug}/members/{me.pk}", headers=auth
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["reason"] == "A workspace needs at least one owner."

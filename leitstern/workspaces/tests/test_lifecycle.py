"""Owners download a workspace's export, delete it with a grace period, restore it; the
daily purge removes it for good."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leitstern.accounts.services import api_token_create
from leitstern.activity.models import ActivityEntry
from leitstern.products.models import Product
from leitstern.workspaces import lifecycle
from leitstern.workspaces.models import Workspace


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_owner_downloads_the_same_export_the_command_writes(world, tmp_path):
    response = _client(world.owner).post(reverse("workspaces:export", args=[world.workspace.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert f"leitstern-{world.workspace.slug}-" in response["Content-Disposition"]
    downloaded = json.loads(b"".join(response.streaming_content))
    path = tmp_path / "cli.json"
    call_command("export-workspace", world.workspace.slug, output=str(path))
    written = json.loads(path.read_text())
    for data in (downloaded, written):
        data.pop("exported_at")
    # The download is recorded in the log first, so the command's later export has it too.
    assert downloaded == written
    assert ActivityEntry.objects.filter(
        workspace=world.workspace, kind=lifecycle.WORKSPACE_EXPORTED, actor=world.owner
    ).exists()


@pytest.mark.parametrize("role", ["editor", "contributor", "viewer", "outsider"])
def test_only_owners_may_download_the_export(world, role):
    url = reverse("workspaces:export", args=[world.workspace.slug])
    assert _client(world.user(role)).post(url).status_code == 404


def test_reading_the_export_address_writes_nothing(world):
    url = reverse("workspaces:export", args=[world.workspace.slug])
    assert _client(world.owner).get(url).status_code == 405
    assert not ActivityEntry.objects.filter(kind=lifecycle.WORKSPACE_EXPORTED).exists()


def test_settings_page_offers_download_and_deletion_to_owners(world):
    page = _client(world.owner).get(reverse("workspaces:settings", args=[world.workspace.slug]))
    assert reverse("workspaces:export", args=[world.workspace.slug]) in page.text
    assert reverse("workspaces:delete", args=[world.workspace.slug]) in page.text


def test_deletion_needs_the_exact_name(world):
    url = reverse("workspaces:delete", args=[world.workspace.slug])
    response = _client(world.owner).post(url, {"confirm_name": "acme"})
    assert response.status_code == 200
    assert "Type the workspace&#x27;s name exactly" in response.text
    world.workspace.refresh_from_db()
    assert not world.workspace.is_pending_deletion


def test_a_deleted_workspace_is_hidden_until_an_owner_restores_it(world):
    slug = world.workspace.slug
    owner = _client(world.owner)
    _token, raw = api_token_create(actor=world.editor, workspace=world.workspace, name="ci")

    response = owner.post(reverse("workspaces:delete", args=[slug]), {"confirm_name": "Acme"})
    assert response.status_code == 302 and response["Location"] == reverse("workspaces:list")
    world.workspace.refresh_from_db()
    assert world.workspace.is_pending_deletion
    assert world.workspace.purge_after.date() == (timezone.now() + timedelta(days=14)).date()

    # Hidden from every member, pages and API alike.
    for role in ["owner", "editor", "viewer"]:
        assert _client(world.user(role)).get(reverse("site:home", args=[slug])).status_code == 404
    api = Client().get(f"/api/v1/workspaces/{slug}", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 404
    # Owners see it in their list with the date and a way back; others do not see it.
    listing = owner.get(reverse("workspaces:list")).text
    assert reverse("workspaces:restore", args=[slug]) in listing
    assert (
        reverse("workspaces:restore", args=[slug])
        not in _client(world.editor).get(reverse("workspaces:list")).text
    )
    assert _client(world.editor).get(reverse("workspaces:restore", args=[slug])).status_code == 404

    response = owner.post(reverse("workspaces:restore", args=[slug]))
    assert response.status_code == 302
    world.workspace.refresh_from_db()
    assert not world.workspace.is_pending_deletion
    assert _client(world.viewer).get(reverse("site:home", args=[slug])).status_code == 200
    kinds = list(
        ActivityEntry.objects.filter(workspace=world.workspace).values_list("kind", flat=True)
    )
    assert lifecycle.WORKSPACE_DELETION_REQUESTED in kinds and lifecycle.WORKSPACE_RESTORED in kinds


def test_purge_removes_only_workspaces_past_the_grace_period(world, capsys):
    lifecycle.workspace_request_deletion(
        actor=world.owner, workspace=world.workspace, confirm_name="Acme"
    )
    recent = lifecycle.workspace_request_deletion(
        actor=world.outsider, workspace=world.other_workspace, confirm_name="Elsewhere"
    )
    Workspace.objects.filter(pk=world.workspace.pk).update(
        deletion_requested_at=timezone.now() - timedelta(days=14, minutes=1)
    )
    call_command("purge_workspaces", dry_run=True)
    assert "would remove" in capsys.readouterr().out
    assert Workspace.objects.filter(pk=world.workspace.pk).exists()

    call_command("purge_workspaces")
    assert f"removed {world.workspace.slug}" in capsys.readouterr().out
    assert not Workspace.objects.filter(pk=world.workspace.pk).exists()
    assert not Product.objects.filter(pk=world.product.pk).exists()
    assert not ActivityEntry.objects.filter(workspace_id=world.workspace.pk).exists()
    assert Workspace.objects.filter(pk=recent.pk).exists()


def test_a_workspace_not_scheduled_is_never_purged(world):
    with pytest.raises(Exception, match="not scheduled"):
        lifecycle.workspace_purge(workspace=world.workspace)
    assert Workspace.objects.filter(pk=world.workspace.pk).exists()

"""Each model reached by a user-supplied id declares once how it belongs to a workspace;
access checks and the workspace export both read that one declaration."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from leitstern.accounts.models import User
from leitstern.core import portability
from leitstern.teams.models import Team
from leitstern.teams.services import team_create
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need, Workspace

DECLARED = [model for model in apps.get_models() if getattr(model, "workspace_path", None)]


def test_the_leitstern_models_declare_their_paths():
    assert len(DECLARED) >= 20
    assert {Team, Membership} <= set(DECLARED)


@pytest.mark.parametrize("model", DECLARED, ids=lambda model: model._meta.label)
def test_a_declared_path_leads_to_the_workspace(model):
    current = model
    for name in model.workspace_path.split("__"):
        field = current._meta.get_field(name)
        assert field.many_to_one or field.one_to_one, f"{model._meta.label}: {name} is no key"
        current = field.related_model
    assert current is Workspace


def test_the_workspace_export_uses_the_same_paths():
    for entry in portability.registered():
        assert entry.workspace == entry.model.workspace_path, entry.label


@pytest.mark.django_db
def test_a_lookup_finds_only_the_members_workspace(world):
    member = Membership.objects.get(workspace=world.workspace, user=world.viewer)
    mine = team_create(actor=world.owner, workspace=world.workspace, name="Mine")
    theirs = team_create(actor=world.outsider, workspace=world.other_workspace, name="Theirs")
    assert get_object_for(member, Team, mine.pk) == mine
    for pk in (theirs.pk, "x", None, 10**9):
        with pytest.raises(Http404):
            get_object_for(member, Team, pk)
    with pytest.raises(Http404):
        get_object_for(member, Team, mine.pk, need=Need.EDIT)


@pytest.mark.django_db
def test_a_model_without_a_path_is_refused_not_guessed(world):
    member = Membership.objects.get(workspace=world.workspace, user=world.owner)
    with pytest.raises(ImproperlyConfigured, match="workspace_path"):
        get_object_for(member, User, world.owner.pk)

"""A person's own data: the download, deleting the account, and claiming a placeholder
account created by a workspace import."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from leitstern.accounts import deletion
from leitstern.accounts.models import ApiToken, User
from leitstern.accounts.placeholders import is_placeholder, placeholder_create
from leitstern.accounts.services import api_token_create
from leitstern.activity.models import ActivityEntry
from leitstern.activity.selectors import runs
from leitstern.strategy.models import KeyResult, Objective
from leitstern.strategy.tests.factory import make_okr
from leitstern.testing import PASSWORD, make_user, make_workspace
from leitstern.workspaces.models import Membership, Workspace
from leitstern.workspaces.services import membership_change_role


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_personal_export_holds_account_memberships_tokens_and_authored_activity(world):
    token, raw = api_token_create(actor=world.editor, workspace=world.workspace, name="laptop")
    response = _client(world.editor).get(reverse("accounts:personal_export"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)

    assert data["format"] == "leitstern-personal-data" and data["version"] == 1
    assert data["sections"]["account"]["email"] == world.editor.email
    assert data["sections"]["api_tokens"] == [
        {
            "name": "laptop",
            "workspace": world.workspace.slug,
            "ends_with": raw[-4:],
            "created_at": token.created_at.isoformat(),
            "last_used_at": None,
            "revoked_at": None,
        }
    ]
    assert raw not in response.text and token.token_hash not in response.text
    memberships = data["records"]["workspaces.membership"]
    assert [(m["workspace"], m["role"]) for m in memberships] == [(world.workspace.slug, "editor")]
    authored = data["records"]["activity.activityentry"]
    assert {e["kind"] for e in authored} == {"token.created"}
    assert all(e["actor"] == world.editor.email for e in authored)
    # Nothing of another person's.
    assert world.owner.email not in json.dumps(data["records"]["activity.activityentry"])


def test_personal_export_includes_what_later_modules_register(world):
    key_result = make_okr(world)
    objective = key_result.objective
    data = json.loads(_client(world.owner).get(reverse("accounts:personal_export")).content)
    assert objective.title in [o["title"] for o in data["records"]["strategy.objective"]]


def test_account_page_explains_first_and_refuses_the_last_owner_with_members(world):
    page = _client(world.owner).get(reverse("accounts:delete"))
    assert "Deleted user" in page.text and "handed to an owner" in page.text
    assert reverse("workspaces:members", args=[world.workspace.slug]) in page.text
    assert 'type="password"' not in page.text
    response = _client(world.owner).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert "You are the only owner of these workspaces" in response.text
    assert User.objects.filter(pk=world.owner.pk).exists()
    with pytest.raises(ValidationError, match="You are the only owner of “Acme”"):
        deletion.account_delete(actor=world.owner, password=PASSWORD)
    assert User.objects.filter(pk=world.owner.pk).exists()


def test_wrong_password_deletes_nothing(world):
    response = _client(world.editor).post(reverse("accounts:delete"), {"password": "nope"})
    assert response.status_code == 200 and "The password is not correct." in response.text
    assert User.objects.filter(pk=world.editor.pk).exists()


def test_deleting_an_account_keeps_content_and_names_a_deleted_user(world):
    editor_membership = Membership.objects.get(workspace=world.workspace, user=world.editor)
    membership_change_role(actor=world.owner, membership=editor_membership, role="owner")
    key_result = make_okr(world)
    objective = key_result.objective
    Objective.objects.filter(pk=objective.pk).update(owner=world.editor)
    KeyResult.objects.filter(pk=key_result.pk).update(owner=world.editor)
    api_token_create(actor=world.editor, workspace=world.workspace, name="ci")
    editor_pk, editor_email = world.editor.pk, world.editor.email
    authored = ActivityEntry.objects.filter(actor=world.editor).count()
    assert authored > 0

    response = _client(world.editor).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")

    assert not User.objects.filter(pk=editor_pk).exists()
    objective.refresh_from_db()
    key_result.refresh_from_db()
    assert objective.owner == world.owner  # handed to the remaining owner
    assert key_result.owner is None  # kept, without an owner
    assert not ApiToken.objects.filter(user_id=editor_pk).exists()
    entries = ActivityEntry.objects.filter(workspace=world.workspace, actor_deleted=True)
    assert entries.count() == authored + 1  # their entries plus "deleted their account"
    assert {e.actor_display for e in entries} == {"Deleted user"}
    # Entries about them keep the change but no longer carry their name.
    about = ActivityEntry.objects.filter(target_type="accounts.user", target_id=editor_pk)
    assert about.exists() and all(e.target_label == "—" for e in about)
    assert editor_email not in json.dumps(list(about.values_list("target_label", flat=True)))
    shown = render_to_string(
        "activity/entries.html", {"runs": runs(list(entries)), "compact": True}
    )
    assert "<strong>Deleted user</strong>" in shown


def test_a_workspace_with_no_other_member_goes_with_the_account(db):
    person = make_user()
    workspace = make_workspace(person, "Solo")
    response = _client(person).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not Workspace.objects.filter(pk=workspace.pk).exists()
    assert not User.objects.filter(pk=person.pk).exists()


def test_a_placeholder_is_claimed_through_a_password_reset(db, django_capture_on_commit_callbacks):
    placeholder = placeholder_create(email="Moved@Example.com", name="Moved Person")
    assert is_placeholder(placeholder) and placeholder.email == "moved@example.com"
    client = Client()
    assert not client.login(email="moved@example.com", password="")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "moved@example.com"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link[link.index("/accounts/") :].strip()
    form_page = client.get(path, follow=True)
    new = "a-fresh-claim-password-42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    placeholder.refresh_from_db()
    assert placeholder.is_active and not is_placeholder(placeholder)
    assert Client().login(email="moved@example.com", password=new)


def test_a_deactivated_account_is_not_reactivated_by_a_reset(
    db, django_capture_on_commit_callbacks
):
    person = make_user(email="gone@example.com")
    person.is_active = False
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("accounts:password_reset"), {"email": "gone@example.com"})
    assert mail.outbox == []

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from leitstern.accounts.models import User
from leitstern.activity.models import ActivityEntry
from leitstern.testing import add_member, make_user, make_workspace
from leitstern.workspaces.models import Invitation, Membership, Role
from leitstern.workspaces.services import (
    invitation_accept,
    invitation_create,
    membership_change_role,
    membership_remove,
)

pytestmark = pytest.mark.django_db


def _invite(client: Client, slug: str, email: str, role: str = "editor"):
    return client.post(f"/w/{slug}/members/", {"email": email, "role": role, "days_valid": 14})


def test_owner_invites_by_email_and_an_existing_account_accepts(
    world, django_capture_on_commit_callbacks
):
    owner = Client()
    owner.force_login(world.owner)
    colleague = make_user(email="colleague@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(owner, world.workspace.slug, "Colleague@Example.com", "contributor")
    assert mail.outbox[0].to == ["colleague@example.com"]
    path = re.search(r"/invite/\S+/", mail.outbox[0].body).group(0)

    other = Client()
    other.force_login(colleague)
    assert "Join Acme" in other.get(path).text
    assert other.post(path, {"action": "accept"}).url == f"/w/{world.workspace.slug}/"
    assert Membership.objects.get(user=colleague).role == Role.CONTRIBUTOR
    # The link is single-use.
    assert other.get(path).status_code == 410


def test_an_anonymous_visitor_is_offered_sign_up_with_the_invited_address(world):
    _invitation, token = invitation_create(
        actor=world.owner, workspace=world.workspace, email="new@example.com", role="viewer"
    )
    response = Client().get(f"/invite/{token}/")
    assert "email=new%40example.com" in response.text


def test_expired_and_revoked_invitations_cannot_be_used(world):
    invitation, token = invitation_create(
        actor=world.owner, workspace=world.workspace, email="late@example.com", role="viewer"
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client = Client()
    client.force_login(make_user(email="late@example.com"))
    assert client.post(f"/invite/{token}/", {"action": "accept"}).status_code == 410
    assert Client().get("/invite/not-a-token/").status_code == 404


def test_owner_revokes_a_pending_invitation(world):
    invitation, token = invitation_create(
        actor=world.owner, workspace=world.workspace, email="x@example.com", role="viewer"
    )
    owner = Client()
    owner.force_login(world.owner)
    owner.post(f"/w/{world.workspace.slug}/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert Client().get(f"/invite/{token}/").status_code == 410


def test_a_new_invitation_to_the_same_address_replaces_the_old_one(world):
    first, _ = invitation_create(
        actor=world.owner, workspace=world.workspace, email="x@example.com", role="viewer"
    )
    invitation_create(
        actor=world.owner, workspace=world.workspace, email="x@example.com", role="editor"
    )
    first.refresh_from_db()
    assert first.status == "revoked"


def test_inviting_a_member_is_refused_with_the_reason(world):
    owner = Client()
    owner.force_login(world.owner)
    response = _invite(owner, world.workspace.slug, world.viewer.email)
    assert "This person is already a member." in response.text
    assert not Invitation.objects.exists()


def test_an_invitation_with_an_invalid_role_or_validity_saves_nothing(world):
    owner = Client()
    owner.force_login(world.owner)
    response = owner.post(
        f"/w/{world.workspace.slug}/members/",
        {"email": "a@example.com", "role": "emperor", "days_valid": 400},
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert not Invitation.objects.exists()


def test_the_last_owner_cannot_step_down_or_be_removed(world):
    last_owner = Membership.objects.get(user=world.owner, workspace=world.workspace)
    with pytest.raises(ValidationError, match="at least one owner"):
        membership_change_role(actor=world.owner, membership=last_owner, role=Role.EDITOR)
    with pytest.raises(ValidationError, match="at least one owner"):
        membership_remove(actor=world.owner, membership=last_owner)
    second = Membership.objects.get(user=world.editor)
    membership_change_role(actor=world.owner, membership=second, role=Role.OWNER)
    membership_change_role(actor=world.owner, membership=last_owner, role=Role.EDITOR)
    assert Membership.objects.filter(workspace=world.workspace, role=Role.OWNER).count() == 1


def test_role_changes_are_in_the_activity_log_with_before_and_after(
    world, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(user=world.viewer)
    with django_capture_on_commit_callbacks(execute=True):
        membership_change_role(
            actor=world.owner, membership=membership, role=Role.EDITOR, note="Leads checkout now"
        )
    entry = ActivityEntry.objects.get(kind="member.role_changed")
    assert entry.changes == {"role": ["Viewer", "Editor"]}
    assert entry.note == "Leads checkout now"
    assert entry.actor == world.owner


def test_people_switch_between_their_workspaces(world):
    second = make_workspace(world.editor, "Side Project")
    client = Client()
    client.force_login(world.editor)
    client.get(f"/w/{second.slug}/")
    assert client.get("/").url == f"/w/{second.slug}/"
    page = client.get(f"/w/{world.workspace.slug}/").text
    assert "Side Project" in page and "Switch workspace" in page
    assert client.get("/").url == f"/w/{world.workspace.slug}/"


def test_accepting_when_already_a_member_keeps_the_membership(world):
    invitation, _ = invitation_create(
        actor=world.owner, workspace=world.workspace, email="late@example.com", role="editor"
    )
    # Joined meanwhile (another owner added them) before opening the link.
    joined = add_member(world.workspace, Role.VIEWER, make_user(email="late@example.com"))
    membership = invitation_accept(actor=joined, invitation=invitation)
    assert membership.role == Role.VIEWER
    assert Membership.objects.filter(user=joined).count() == 1


def test_an_invitation_to_a_workspace_scheduled_for_deletion_cannot_be_accepted(world):
    from django.core.exceptions import ValidationError

    from leitstern.workspaces.lifecycle import workspace_request_deletion

    invitation, _ = invitation_create(
        actor=world.owner, workspace=world.workspace, email="late@example.com", role="editor"
    )
    workspace_request_deletion(
        actor=world.owner, workspace=world.workspace, confirm_name=world.workspace.name
    )
    late = make_user(email="late@example.com")
    with pytest.raises(ValidationError, match="scheduled for deletion"):
        invitation_accept(actor=late, invitation=invitation)
    assert not Membership.objects.filter(user=late).exists()


def test_members_page_query_count_does_not_grow_with_members(world, django_assert_max_num_queries):
    for _ in range(15):
        add_member(world.workspace, Role.VIEWER)
    client = Client()
    client.force_login(world.owner)
    with django_assert_max_num_queries(12):
        assert client.get(f"/w/{world.workspace.slug}/members/").status_code == 200


def test_the_members_page_says_why_a_removal_was_refused(world):
    owner = Client()
    owner.force_login(world.owner)
    me = Membership.objects.get(user=world.owner)
    response = owner.post(f"/w/{world.workspace.slug}/members/{me.pk}/remove/", follow=True)
    assert "A workspace needs at least one owner." in response.text
    assert Membership.objects.filter(pk=me.pk).exists()


def test_role_changes_decide_on_the_rows_as_they_are_now_not_as_the_caller_read_them(world):
    # The caller's copies were read before someone else acted (as a request does before
    # its service call); the service decides on the current rows.
    owner_seen = Membership.objects.get(user=world.owner)
    viewer_seen = Membership.objects.get(user=world.viewer)
    second_owner = Membership.objects.get(user=world.editor)
    membership_change_role(actor=world.owner, membership=second_owner, role=Role.OWNER)
    membership_change_role(actor=world.editor, membership=owner_seen, role=Role.EDITOR)
    with pytest.raises(ValidationError, match="Only an owner of the workspace can do this"):
        membership_change_role(actor=world.owner, membership=viewer_seen, role=Role.OWNER)
    viewer_seen.delete()
    with pytest.raises(ValidationError, match="no longer a member"):
        membership_change_role(actor=world.editor, membership=viewer_seen, role=Role.EDITOR)
    assert not Membership.objects.filter(user=world.viewer).exists()


def test_a_member_may_leave_but_the_last_owner_may_not(world):
    membership_remove(actor=world.viewer, membership=Membership.objects.get(user=world.viewer))
    assert not Membership.objects.filter(user=world.viewer, workspace=world.workspace).exists()
    with pytest.raises(ValidationError, match="at least one owner"):
        membership_remove(actor=world.owner, membership=Membership.objects.get(user=world.owner))


def _bob_invited(world) -> str:
    _invitation, token = invitation_create(
        actor=world.owner, workspace=world.workspace, email="bob@example.com", role="editor"
    )
    return f"/invite/{token}/"


@pytest.mark.parametrize(
    "language,explains,switch",
    [
        (
            "en",
            "To accept, sign out, then sign in as bob@example.com or create an account",
            "Sign out and continue",
        ),
        (
            "de",
            "Um sie anzunehmen, melden Sie sich ab und dann als bob@example.com an",
            "Abmelden und fortfahren",
        ),
    ],
)
def test_an_invitation_for_bob_cannot_be_accepted_by_mallory(world, language, explains, switch):
    path = _bob_invited(world)
    mallory = make_user(email="mallory@example.com", language=language)
    client = Client()
    client.force_login(mallory)
    page = client.get(path)
    assert page.status_code == 403
    assert "bob@example.com" in page.text and "mallory@example.com" in page.text
    assert explains in page.text and switch in page.text
    accepted = client.post(path, {"action": "accept"})
    assert accepted.status_code == 403
    assert not Membership.objects.filter(user=mallory).exists()
    assert Invitation.objects.get(email="bob@example.com").status == "pending"


def test_the_service_refuses_another_account_too(world):
    invitation, _token = invitation_create(
        actor=world.owner, workspace=world.workspace, email="bob@example.com", role="editor"
    )
    mallory = make_user(email="mallory@example.com")
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match=r"This invitation is for bob@example\.com"),
    ):
        invitation_accept(actor=mallory, invitation=invitation)
    assert not Membership.objects.filter(user__email="mallory@example.com").exists()


def test_the_invited_address_accepts_whatever_its_letter_case(world):
    path = _bob_invited(world)
    bob = make_user(email="bob@example.com")
    User.objects.filter(pk=bob.pk).update(email="Bob@Example.COM")
    bob.refresh_from_db()
    client = Client()
    client.force_login(bob)
    assert client.post(path, {"action": "accept"}).url == f"/w/{world.workspace.slug}/"
    assert Membership.objects.get(user=bob).role == Role.EDITOR


def test_signing_out_from_the_wrong_account_leads_back_to_the_invitation(world):
    path = _bob_invited(world)
    client = Client()
    client.force_login(make_user(email="mallory@example.com"))
    response = client.post(path, {"action": "switch"})
    assert response.url == path
    page = client.get(path)
    assert "_auth_user_id" not in client.session
    assert "The invitation is for bob@example.com" in page.text
    assert "email=bob%40example.com" in page.text


def test_an_account_created_from_the_link_gets_the_invited_address(world):
    path = _bob_invited(world)
    client = Client()
    form = client.get(f"/accounts/signup/?next={path}&email=mallory%40example.com")
    assert 'value="bob@example.com"' in form.text and "disabled" in form.text
    response = client.post(
        "/accounts/signup/",
        {
            "next": path,
            "name": "Bob",
            "email": "mallory@example.com",
            "password": "a-long-enough-passphrase",
            "language": "en",
        },
    )
    assert response.url == path
    assert not User.objects.filter(email="mallory@example.com").exists()
    bob = User.objects.get(email="bob@example.com")
    assert client.post(path, {"action": "accept"}).url == f"/w/{world.workspace.slug}/"
    assert Membership.objects.get(user=bob).role == Role.EDITOR


def test_the_invitation_email_says_which_address_may_accept(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _bob_invited(world)
    assert "Sign in or create your account with bob@example.com" in mail.outbox[0].body


def test_nobody_but_an_owner_changes_a_role_not_even_their_own(world):
    viewer = Membership.objects.get(user=world.viewer)
    with pytest.raises(ValidationError, match="Only an owner of the workspace can do this"):
        membership_change_role(actor=world.viewer, membership=viewer, role=Role.OWNER)
    with pytest.raises(ValidationError, match="Only an owner of the workspace can do this"):
        membership_remove(actor=world.viewer, membership=Membership.objects.get(user=world.editor))
    viewer.refresh_from_db()
    assert viewer.role == Role.VIEWER

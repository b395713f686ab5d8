"""Writes for workspaces, memberships and invitations. Views, API and the demo call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User, hash_token
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.core.tasks import send_email_on_commit
from leitstern.workspaces.models import Invitation, Membership, Role, Workspace

WORKSPACE_CREATED = kinds.register("workspace.created", gettext_lazy("created the workspace"))
WORKSPACE_UPDATED = kinds.register("workspace.updated", gettext_lazy("changed the workspace"))
INVITATION_SENT = kinds.register("invitation.sent", gettext_lazy("invited someone"))
INVITATION_REVOKED = kinds.register("invitation.revoked", gettext_lazy("revoked an invitation"))
MEMBER_JOINED = kinds.register("member.joined", gettext_lazy("joined"))
MEMBER_ROLE_CHANGED = kinds.register("member.role_changed", gettext_lazy("changed a role"))
MEMBER_REMOVED = kinds.register("member.removed", gettext_lazy("removed a member"))


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "workspace"
    slug, n = base, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def workspace_create(*, actor: User, name: str, slug: str = "") -> Workspace:
    """Create a workspace with ``actor`` as its owner."""
    workspace = Workspace(name=name.strip(), slug=slug or _unique_slug(name))
    workspace.full_clean()
    workspace.save()
    Membership.objects.create(workspace=workspace, user=actor, role=Role.OWNER)
    activity_record(workspace=workspace, actor=actor, kind=WORKSPACE_CREATED, target=workspace)
    return workspace


@transaction.atomic
def workspace_update(*, actor: User, workspace: Workspace, name: str, note: str = "") -> Workspace:
    before = workspace.name
    workspace.name = name.strip()
    workspace.full_clean()
    workspace.save(update_fields=["name"])
    if before != workspace.name:
        activity_record(
            workspace=workspace,
            actor=actor,
            kind=WORKSPACE_UPDATED,
            target=workspace,
            changes={"name": [before, workspace.name]},
            note=note,
        )
    return workspace


def _invitation_link(token: str) -> str:
    return settings.BASE_URL + reverse("workspaces:invitation_accept", args=[token])


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    workspace: Workspace,
    email: str,
    role: str,
    days_valid: int = 14,
    notify: bool = True,
) -> tuple[Invitation, str]:
    """Invite ``email`` with ``role``; returns the invitation and its one-time token.

    An earlier pending invitation to the same address is replaced, so only the newest link
    works. ``notify=False`` skips the email (the demo seeder accepts on the spot)."""
    email = User.objects.normalize_email(email).strip().lower()
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    if not 1 <= days_valid <= 90:
        raise ValidationError({"days_valid": _("Choose between 1 and 90 days.")})
    token = Invitation.generate_token()
    invitation = Invitation(
        workspace=workspace,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=days_valid),
    )
    invitation.full_clean()
    Invitation.objects.pending().filter(workspace=workspace, email=email).update(
        revoked_at=timezone.now()
    )
    invitation.save()
    activity_record(
        workspace=workspace,
        actor=actor,
        kind=INVITATION_SENT,
        target=invitation,
        changes={"role": ["", invitation.get_role_display()]},
    )
    if notify:
        _send_invitation(actor, workspace, invitation, token)
    return invitation, token


def _send_invitation(actor: User, workspace: Workspace, invitation: Invitation, token: str) -> None:
    body = render_to_string(
        "workspaces/email/invitation.txt",
        {
            "inviter": actor,
            "workspace": workspace,
            "role": invitation.get_role_display(),
            "link": _invitation_link(token),
            "expires_at": invitation.expires_at,
            "email": invitation.email,
        },
    )
    send_email_on_commit(
        subject=_("%(name)s invites you to %(workspace)s on Leitstern")
        % {"name": actor.name or actor.email, "workspace": workspace.name},
        body=body,
        to=[invitation.email],
    )


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    if not invitation.is_usable:
        raise ValidationError(_("This invitation is no longer pending."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    activity_record(
        workspace=invitation.workspace, actor=actor, kind=INVITATION_REVOKED, target=invitation
    )
    return invitation


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation a link's token belongs to (whatever its state), or ``None``."""
    return (
        Invitation.objects.select_related("workspace", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, actor: User, invitation: Invitation) -> Membership:
    """Make ``actor`` a member. Only the account with the invited email address may accept
    (``Invitation.is_for``). Someone already a member keeps their membership and role."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation has expired or was revoked."))
    if invitation.workspace.is_pending_deletion:
        raise ValidationError(
            _("This workspace is scheduled for deletion, so it takes no new members."),
            code="pending_deletion",
        )
    if not invitation.is_for(actor):
        raise ValidationError(
            _(
                "This invitation is for %(invited)s, and you are signed in as %(email)s. "
                "Sign out, then sign in or create an account as %(invited)s to accept it."
            )
            % {"invited": invitation.email, "email": actor.email},
            code="wrong_account",
        )
    membership = Membership.objects.filter(workspace=invitation.workspace, user=actor).first()
    if membership is None:
        membership = Membership.objects.create(
            workspace=invitation.workspace, user=actor, role=invitation.role
        )
        activity_record(
            workspace=invitation.workspace,
            actor=actor,
            kind=MEMBER_JOINED,
            target=invitation.workspace,
            changes={"role": ["", membership.get_role_display()]},
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def memberships_lock(
    *, workspace: Workspace, members: Iterable[Membership] = (), users: Iterable[User] = ()
) -> list[Membership]:
    """Lock every owner membership of ``workspace``, plus the given members' and users'
    memberships there, and return them as they are now.

    Every rule of the form "at least one owner" calls this inside its transaction and decides
    on the rows returned, never on rows read earlier: a concurrent change of the same
    workspace's owners waits for the locks and then sees the other's outcome, so two owners
    stepping down at once cannot both succeed. Rows are locked in primary-key order, the same
    order for everyone, so two such changes never deadlock. (SQLite has no row locks; there
    every write transaction takes the database's write lock at its start.)"""
    rows = (
        Membership.objects.select_for_update()
        .filter(workspace=workspace)
        .filter(
            Q(role=Role.OWNER)
            | Q(pk__in=[m.pk for m in members])
            | Q(user__in=[u.pk for u in users])
        )
        .order_by("pk")
    )
    return list(rows)


def _owner_rule_check(
    *, workspace: Workspace, membership: Membership, actor: User, leaving: bool = False
) -> tuple[Membership, int]:
    """Lock for a change of ``membership``; returns its current row and how many other
    owners the workspace has. Refuses when the member is gone, or when the actor is no
    longer an owner (their right was checked before the locks) unless ``leaving`` and the
    membership is their own."""
    rows = memberships_lock(workspace=workspace, members=[membership], users=[actor])
    current = next((m for m in rows if m.pk == membership.pk), None)
    if current is None:
        raise ValidationError(_("This person is no longer a member of the workspace."))
    is_owner = any(m.user_id == actor.pk and m.is_owner for m in rows)
    if not is_owner and not (leaving and current.user_id == actor.pk):
        raise ValidationError(_("Only an owner of the workspace can do this."))
    other_owners = sum(1 for m in rows if m.is_owner and m.pk != current.pk)
    return current, other_owners


@transaction.atomic
def membership_change_role(
    *, actor: User, membership: Membership, role: str, note: str = ""
) -> Membership:
    """Change a member's role. A workspace always keeps at least one owner, also when
    owners change roles at the same moment (see ``memberships_lock``)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    current, other_owners = _owner_rule_check(
        workspace=membership.workspace, membership=membership, actor=actor
    )
    if current.is_owner and role != Role.OWNER and other_owners == 0:
        raise ValidationError({"role": _("A workspace needs at least one owner.")})
    before = current.get_role_display()
    membership.role = role
    membership.save(update_fields=["role"])
    activity_record(
        workspace=membership.workspace,
        actor=actor,
        kind=MEMBER_ROLE_CHANGED,
        target=membership.user,
        changes={"role": [before, membership.get_role_display()]},
        note=note,
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Remove a member (``actor`` is an owner, or the member leaving). A workspace always
    keeps at least one owner (see ``memberships_lock``)."""
    current, other_owners = _owner_rule_check(
        workspace=membership.workspace, membership=membership, actor=actor, leaving=True
    )
    if current.is_owner and other_owners == 0:
        raise ValidationError(_("A workspace needs at least one owner."))
    workspace, user = membership.workspace, membership.user
    current.delete()
    activity_record(workspace=workspace, actor=actor, kind=MEMBER_REMOVED, target=user)

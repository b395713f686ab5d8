"""Deleting one's own account, and what happens to what the person leaves behind.

* Activity entries they wrote stay, with the change they record, and name the author as
  "Deleted user". Entries about the person (a role change, an invitation to their
  address) keep the change but no longer show their name or address.
* What needs an owner is kept and handed to an owner of the same workspace: objectives (and
  any later module's object whose user field protects it). Where an owner is optional
  (key results) the object is kept without an owner. Records of who did something
  (recorded by, created by, check-in author) are kept without the name.
* Memberships, API tokens, reminder choices and invitations to the address are removed.
* A workspace where the person is the only member is deleted with the account.
* The last owner of a workspace with other members must first make someone else owner:
  deletion is refused until then.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.accounts.services import sign_in_unlock
from leitstern.activity import kinds
from leitstern.activity.models import ActivityEntry
from leitstern.activity.services import activity_record
from leitstern.core import portability
from leitstern.workspaces.models import Invitation, Membership, Role, Workspace

ACCOUNT_DELETED = kinds.register(
    "member.account_deleted", gettext_lazy("deleted their account and left")
)
ERASED_LABEL = "—"


def deletion_blockers(user: User, *, lock: bool = False) -> list[Workspace]:
    """Workspaces the person is the only owner of while others are members too."""
    memberships = Membership.objects.filter(user=user, role=Role.OWNER).select_related("workspace")
    if lock:
        # Lock every membership of those workspaces, so an owner leaving at the same time
        # cannot leave a workspace without an owner.
        list(
            Membership.objects.select_for_update()
            .filter(workspace__in=[m.workspace_id for m in memberships])
            .order_by("pk")
        )
    blockers = []
    for membership in memberships:
        others = Membership.objects.filter(workspace=membership.workspace).exclude(user=user)
        if others.exists() and not others.filter(role=Role.OWNER).exists():
            blockers.append(membership.workspace)
    return blockers


def sole_member_workspaces(user: User) -> list[Workspace]:
    """Workspaces nobody but the person belongs to: they go with the account."""
    return [
        m.workspace
        for m in Membership.objects.filter(user=user).select_related("workspace")
        if not Membership.objects.filter(workspace=m.workspace).exclude(user=user).exists()
    ]


@transaction.atomic
def account_delete(*, actor: User, password: str) -> None:
    """Delete ``actor``'s account after checking the password (see the module doc)."""
    if not actor.check_password(password):
        raise ValidationError({"password": _("The password is not correct.")})
    blockers = deletion_blockers(actor, lock=True)
    if blockers:
        raise ValidationError(
            _(
                "You are the only owner of %(names)s. Make another member owner first, "
                "or remove the other members."
            )
            % {"names": ", ".join(f"“{w.name}”" for w in blockers)}
        )
    alone = sole_member_workspaces(actor)
    for workspace in alone:
        workspace.delete()
    remaining = list(Membership.objects.filter(user=actor).select_related("workspace"))
    _hand_over_protected(actor)
    for membership in remaining:
        activity_record(
            workspace=membership.workspace,
            actor=actor,
            kind=ACCOUNT_DELETED,
            target=membership.workspace,
        )
    ActivityEntry.objects.filter(actor=actor).update(actor_deleted=True)
    ActivityEntry.objects.filter(target_type=actor._meta.label_lower, target_id=actor.pk).update(
        target_label=ERASED_LABEL
    )
    invitations = Invitation.objects.filter(email__iexact=actor.email)
    ActivityEntry.objects.filter(
        target_type=Invitation._meta.label_lower,
        target_id__in=list(invitations.values_list("pk", flat=True)),
    ).update(target_label=ERASED_LABEL)
    invitations.delete()
    sign_in_unlock(email=actor.email)
    actor.delete()


def _successor(workspace_id: int, leaving: User) -> User:
    membership = (
        Membership.objects.filter(workspace_id=workspace_id, role=Role.OWNER)
        .exclude(user=leaving)
        .select_related("user")
        .order_by("joined_at", "pk")
        .first()
    )
    if membership is None:  # cannot happen after deletion_blockers; never hand to nobody
        raise ValidationError(_("This workspace needs another owner first."))
    return membership.user


def _hand_over_protected(actor: User) -> None:
    """Objects whose user field protects them (an objective needs an owner) go to the
    earliest-joined other owner of their workspace."""
    for entry in portability.registered():
        for f in entry.user_fields():
            if f.remote_field.on_delete is not models.PROTECT:
                continue
            rows = entry.model._base_manager.filter(**{f.name: actor}).values_list(
                "pk", f"{entry.workspace}__id"
            )
            by_workspace: dict[int, list[int]] = defaultdict(list)
            for pk, workspace_id in rows:
                by_workspace[workspace_id].append(pk)
            for workspace_id, pks in by_workspace.items():
                successor = _successor(workspace_id, actor)
                entry.model._base_manager.filter(pk__in=pks).update(**{f.name: successor})


def protected_counts(user: User) -> dict[str, int]:
    """What would be handed over, by model name, for the explanation page."""
    counts: dict[str, int] = {}
    for entry in portability.registered():
        for f in entry.user_fields():
            if f.remote_field.on_delete is models.PROTECT:
                n = entry.model._base_manager.filter(**{f.name: user}).count()
                if n:
                    name = str(entry.model._meta.verbose_name_plural)
                    counts[name] = counts.get(name, 0) + n
    return counts

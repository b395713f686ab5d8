"""Workspaces, their members with roles, and invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    CONTRIBUTOR = "contributor", _("Contributor")
    VIEWER = "viewer", _("Viewer")


class Need(models.IntegerChoices):
    """What an action needs. A role can do everything up to its own level."""

    VIEW = 1, _("read")
    CONTRIBUTE = 2, _("contribute")
    EDIT = 3, _("edit")
    ADMIN = 4, _("administer")


ROLE_LEVEL: dict[str, int] = {
    Role.VIEWER: Need.VIEW,
    Role.CONTRIBUTOR: Need.CONTRIBUTE,
    Role.EDITOR: Need.EDIT,
    Role.OWNER: Need.ADMIN,
}


def roles_reaching(need: int) -> list[str]:
    """The roles whose members can do what ``need`` asks: the list form of
    ``Membership.can``, for queries over memberships."""
    return [role for role, level in ROLE_LEVEL.items() if level >= need]


ROLE_DESCRIPTIONS = {
    Role.OWNER: _("Everything, including members and settings."),
    Role.EDITOR: _("Creates and changes everything in the product modules."),
    Role.CONTRIBUTOR: _("Reads, comments, submits requests and feedback."),
    Role.VIEWER: _("Reads only."),
}


class Workspace(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Deleting is a request first: the workspace is hidden for a grace period in which an
    # owner can restore it, then ``leitstern purge_workspaces`` removes it for good.
    deletion_requested_at = models.DateTimeField(null=True, blank=True)
    deletion_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self) -> str:
        return self.name

    @property
    def is_pending_deletion(self) -> bool:
        return self.deletion_requested_at is not None

    @property
    def purge_after(self):
        """When the grace period ends (None when no deletion was requested)."""
        if self.deletion_requested_at is None:
            return None
        return self.deletion_requested_at + timedelta(days=settings.WORKSPACE_DELETION_GRACE_DAYS)


class Membership(models.Model):
    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")
        ]
        ordering = ["workspace__name"]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} ({self.role})"

    def can(self, need: int) -> bool:
        """True when this member's role reaches ``need`` (roles are strictly ordered)."""
        return ROLE_LEVEL[self.role] >= need

    @property
    def can_edit(self) -> bool:
        return self.can(Need.EDIT)

    @property
    def can_contribute(self) -> bool:
        return self.can(Need.CONTRIBUTE)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An emailed link that makes its holder a member with ``role``.

    Only the SHA-256 of the token is stored, like a password: a leaked database does not
    let anyone join."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @staticmethod
    def generate_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_usable(self) -> bool:
        return self.status == "pending"

    def is_for(self, user) -> bool:
        """Only the account with the invited email address (compared case-insensitively) may
        accept: a forwarded or leaked link lets nobody else in."""
        return (user.email or "").strip().lower() == self.email.strip().lower()

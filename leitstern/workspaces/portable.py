"""What of this app a workspace export carries, and a person's own invitations."""

from __future__ import annotations

from leitstern.core import portability
from leitstern.workspaces.models import Invitation, Membership, Workspace

portability.skip(Workspace, reason="written as the export's header (name, address, created)")
portability.register(Membership)
portability.register(Invitation, secrets={"token_hash": portability.random_secret_hash})


def _invitations_received(user) -> list[dict]:
    return [
        {
            "workspace": invitation.workspace.name,
            "email": invitation.email,
            "role": invitation.role,
            "created_at": invitation.created_at.isoformat(),
            "expires_at": invitation.expires_at.isoformat(),
            "accepted_at": invitation.accepted_at.isoformat() if invitation.accepted_at else None,
            "revoked_at": invitation.revoked_at.isoformat() if invitation.revoked_at else None,
        }
        for invitation in Invitation.objects.filter(email__iexact=user.email).select_related(
            "workspace"
        )
    ]


portability.register_personal("invitations_received", _invitations_received)

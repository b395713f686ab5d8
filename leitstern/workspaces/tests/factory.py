"""Samples of workspaces, members and invitations for the access walk
(``core/tests/test_access.py``). People and workspaces themselves come from
``leitstern.testing`` (``make_user``, ``make_workspace``, ``add_member``, ``make_world``)."""

from __future__ import annotations

from itertools import count

from leitstern.testing import make_user
from leitstern.workspaces.models import Membership
from leitstern.workspaces.services import invitation_create

_n = count(1)


def _invitation(world) -> tuple:
    return invitation_create(
        actor=world.owner, workspace=world.workspace, email="new@example.com", role="viewer"
    )


def _new_viewer(world) -> Membership:
    return Membership.objects.create(workspace=world.workspace, user=make_user(), role="viewer")


# URL arguments by route name: ``(world, requesting user or None) -> kwargs``.
ROUTE_SAMPLES = {
    "workspaces:invitation_accept": lambda w, u: {"token": _invitation(w)[1]},
    "workspaces:invitation_revoke": lambda w, u: {"pk": _invitation(w)[0].pk},
    "workspaces:member_role": lambda w, u: {
        "pk": Membership.objects.get(workspace=w.workspace, user=w.viewer).pk
    },
    "workspaces:member_remove": lambda w, u: {"pk": _new_viewer(w).pk},
}

# API path parameters by name: ``world -> value``.
API_PATH_SAMPLES = {
    "slug": lambda w: w.workspace.slug,
    "member_id": lambda w: _new_viewer(w).pk,
}

# A valid body per operation id, so access (not validation) decides the answer.
API_BODIES = {
    "leitstern_workspaces_api_invitation_create": lambda: {
        "email": f"invitee{next(_n)}@example.com",
        "role": "viewer",
    },
    "leitstern_workspaces_api_member_update": lambda: {"role": "contributor"},
}

# Real ids of a workspace by API path parameter, for the API fuzzing (api/tests/test_fuzz.py).
FUZZ_IDS = {
    "member_id": lambda workspace: workspace.memberships.all(),
}

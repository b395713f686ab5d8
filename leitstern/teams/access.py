"""Teams by a user-supplied id, only inside the member's workspace (404 otherwise)."""

from __future__ import annotations

from leitstern.teams.models import Team
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def get_team_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Team:
    return get_object_for(member, Team, pk, need=need)

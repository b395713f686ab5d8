"""Connectors by a user-supplied id, only inside the member's workspace (404 otherwise)."""

from __future__ import annotations

from leitstern.connectors.models import Connector
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def get_connector_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Connector:
    queryset = Connector.objects.select_related("team")
    return get_object_for(member, queryset, pk, need=need)

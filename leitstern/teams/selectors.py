"""Reads about teams that pages, the API and other modules share."""

from __future__ import annotations

from django.db.models import QuerySet

from leitstern.teams.models import Team
from leitstern.workspaces.models import Workspace


def teams_of(workspace: Workspace) -> QuerySet[Team]:
    """The workspace's teams by name, with their products and members at hand."""
    return workspace.teams.prefetch_related("products", "members").order_by("name")

"""What the research API's topic modules share: the path prefix, the most ids a body may
name, and objects named by id in a body (refused naming the field for anything outside the
workspace)."""

from __future__ import annotations

from typing import Any

from leitstern.api.types import Id
from leitstern.research.services._common import of_workspace

W = "/workspaces/{slug}/research"
MAX_IDS = 100

IdList = list[Id]


def one_of(workspace, pk: int | None, model, field: str) -> Any:
    """The workspace's object of ``model`` with ``pk`` (None stays None); refused on
    ``field`` otherwise."""
    if pk is None:
        return None
    return of_workspace(workspace, [pk], model, field=field)[0]

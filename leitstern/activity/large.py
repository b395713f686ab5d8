"""The activity log of the large workspace (see ``leitstern.core.large``).

Every generator appends the entries its services would have recorded for what it made
(``entry``), at the moments it happened; ``generate`` runs last and writes them all, oldest
first. ``missing`` says how many entries the log still lacks to reach ``scale.activity``,
for a generator that makes its own share larger to fill it (strategy's metric feed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from leitstern.activity.models import ActivityEntry
from leitstern.core.large import LargeContext

FIELDS = (
    "workspace_id",
    "actor_id",
    "actor_deleted",
    "product_id",
    "kind",
    "target_type",
    "target_id",
    "target_label",
    "changes",
    "note",
    "created_at",
)


def entry(
    *,
    kind: str,
    actor_id: int | None,
    target_type: str,
    target_id: int,
    label: str,
    at: datetime,
    product_id: int | None = None,
    changes: dict[str, list[str]] | None = None,
    note: str = "",
) -> dict[str, Any]:
    """One entry as ``activity_record`` writes it (``target_type`` is the target's
    ``app_label.model``, ``label`` its ``str()``)."""
    return {
        "kind": kind,
        "actor_id": actor_id,
        "target_type": target_type,
        "target_id": target_id,
        "target_label": label[:300],
        "product_id": product_id,
        "changes": changes or {},
        "note": note.strip(),
        "created_at": at,
    }


def missing(context: LargeContext) -> int:
    """How many entries the log lacks to reach ``scale.activity``: those written already
    (by services) and those collected count."""
    written = ActivityEntry.objects.filter(workspace=context.workspace).count()
    return max(0, context.scale.activity - written - len(context.activity))


def generate(context: LargeContext) -> None:
    """Write the entries the modules collected."""
    workspace_id = context.workspace.pk
    context.activity.sort(key=lambda row: row["created_at"])
    rows = (
        (
            workspace_id,
            row["actor_id"],
            False,
            row["product_id"],
            row["kind"],
            row["target_type"],
            row["target_id"],
            row["target_label"],
            row["changes"],
            row["note"],
            row["created_at"],
        )
        for row in context.activity
    )
    context.insert(ActivityEntry, FIELDS, rows)
    context.activity = []

"""Recording activity. Every service function of every domain calls ``activity_record``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import connection, models

from leitstern.activity.models import ActivityEntry

if TYPE_CHECKING:
    from leitstern.accounts.models import User
    from leitstern.workspaces.models import Workspace


def activity_record(
    *,
    workspace: Workspace,
    actor: User | None,
    kind: str,
    target: models.Model,
    product: models.Model | None = None,
    changes: Mapping[str, list[str]] | None = None,
    note: str = "",
) -> None:
    """Record that ``actor`` did ``kind`` to ``target``, in the same transaction as the change:
    a rolled-back change leaves no trace in the log, and a committed change always has its
    entry (a failed insert rolls the change back with it). Callers are atomic services; a
    call outside a transaction is a bug, refused here so it cannot slip through.

    ``actor`` is ``None`` for what Leitstern does by itself (a scheduled recomputation);
    ``product`` is the product the change belongs to, if any, so the log can be filtered
    by product; ``changes`` maps a field to ``[old, new]`` as text."""
    if not connection.in_atomic_block:
        raise RuntimeError("activity_record must run inside the change's transaction.")
    ActivityEntry.objects.create(
        workspace=workspace,
        actor=actor,
        product_id=None if product is None else product.pk,
        kind=kind,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        target_label=str(target)[:300],
        changes=dict(changes or {}),
        note=note.strip(),
    )

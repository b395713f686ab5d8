"""Recording activity. Every service function of every domain calls ``activity_record``."""

from __future__ import annotations

from typing import Any

from django.db import connection, models

from leitstern.activity.models import ActivityEntry


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def diff_fields(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict:
    """``{field: [old, new]}`` for the fields whose value changed since ``before``."""
    changes = {}
    for field in fields:
        old, new = before.get(field), getattr(instance, field)
        if old != new:
            changes[field] = [_text(old), _text(new)]
    return changes


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {field: getattr(instance, field) for field in fields}


def activity_record(
    *,
    workspace,
    actor,
    kind: str,
    target: models.Model,
    product=None,
    changes: dict | None = None,
    note: str = "",
) -> None:
    """Record that ``actor`` did ``kind`` to ``target``, in the same transaction as the change:
    a rolled-back change leaves no trace in the log, and a committed change always has its
    entry (a failed insert rolls the change back with it). Callers are atomic services; a
    call outside a transaction is a bug, refused here so it cannot slip through."""
    if not connection.in_atomic_block:
        raise RuntimeError("activity_record must run inside the change's transaction.")
    ActivityEntry.objects.create(
        workspace=workspace,
        actor=actor,
        product=product,
        kind=kind,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        target_label=str(target)[:300],
        changes=changes or {},
        note=note.strip(),
    )

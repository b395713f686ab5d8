"""Field values to JSON and back, for workspace exports and personal data exports.

Dates and times are ISO 8601 (times in UTC), binary columns and files base64. A file field
is ``{"name": "...", "content": "<base64>"}``: the file travels inside the JSON, so an
export is one self-contained document, and is saved through the field's storage on import.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

from django.core.files.base import ContentFile
from django.db import models

from leitstern.core.portability import (
    Portable,
    concrete_relations,
    is_user_model,
    is_workspace_model,
)

EmailOf = Callable[[int | None], str | None]


class PortabilityError(Exception):
    """A file that cannot be imported, with a message that says where and why."""


def encode_value(f: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(f, models.FileField):
        if not value:
            return None
        with value.open("rb") as handle:
            content = handle.read()
        return {"name": value.name, "content": base64.b64encode(content).decode("ascii")}
    if isinstance(f, models.BinaryField):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        raise PortabilityError(f"{f.model._meta.label_lower}.{f.name} holds {value}.")
    if isinstance(f, models.DecimalField | models.UUIDField):
        return str(value)
    return value


def decode_value(f: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(f, models.FileField):
        stored = f.storage.save(value["name"], ContentFile(base64.b64decode(value["content"])))
        return stored
    if isinstance(f, models.BinaryField):
        return base64.b64decode(value)
    if isinstance(f, models.JSONField):
        return value
    return f.to_python(value)


def is_generic_user(entry: Portable, type_field: str, obj_or_row: Any) -> bool:
    target_type = (
        obj_or_row.get(type_field)
        if isinstance(obj_or_row, dict)
        else getattr(obj_or_row, type_field)
    )
    return target_type == _user_label()


def _user_label() -> str:
    from django.contrib.auth import get_user_model

    return get_user_model()._meta.label_lower


def encode_row(entry: Portable, obj: models.Model, email_of: EmailOf) -> dict[str, Any]:
    """One object as a JSON object: its source ``id``, its own fields, users as email
    addresses, other registered models as their source ids, the workspace left out."""
    meta = obj._meta
    row: dict[str, Any] = {}
    if not meta.pk.is_relation:
        row["id"] = obj.pk
    relations = {f.name for f in concrete_relations(type(obj))}
    for f in meta.concrete_fields:
        if f.name in entry.secrets or (f.primary_key and not f.is_relation):
            continue
        if f.name in relations:
            target = f.related_model
            raw = getattr(obj, f.attname)
            if is_workspace_model(target):
                continue
            row[f.name] = email_of(raw) if is_user_model(target) else raw
        elif f.name in entry.generic and is_generic_user(entry, entry.generic[f.name], obj):
            row[f.name] = email_of(getattr(obj, f.attname))
        else:
            row[f.name] = encode_value(f, getattr(obj, f.attname))
    for f in meta.many_to_many:
        ids = sorted(related.pk for related in getattr(obj, f.name).all())
        if is_user_model(f.related_model):
            row[f.name] = sorted(email for pk in ids if (email := email_of(pk)))
        else:
            row[f.name] = ids
    return row

"""Helpers every domain's service functions share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from leitstern.activity.services import diff_fields, snapshot


def reject_unknown_fields(data: Mapping[str, Any], allowed: list[str]) -> None:
    """Refuse fields a caller may not set, naming each (the API passes payloads through)."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})


def apply_changes(instance: models.Model, data: Mapping[str, Any], fields: list[str]) -> dict:
    """Set ``data`` on ``instance``, validate it, and return ``{field: [old, new]}`` for what
    actually changed. Nothing is saved: the caller saves and records the activity."""
    before = snapshot(instance, fields)
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean()
    return diff_fields(instance, before, fields)

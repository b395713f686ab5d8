from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats

from leitstern.activity import kinds

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return str(kinds.label(kind))


@register.filter
def field_label(field: object, entry) -> str:
    """The changed field's name in the reader's language: a label registered for the
    activity log, else the model field's verbose name, else the name itself made readable.
    Never fails: one odd entry must not take the activity page down with it."""
    name = str(field)
    registered = kinds.field_label(name)
    if registered is not None:
        return str(registered)
    try:
        model = apps.get_model(entry.target_type)
        return str(model._meta.get_field(name).verbose_name)
    except (FieldDoesNotExist, LookupError, ValueError, AttributeError, TypeError):
        return name.replace("_", " ")


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _text(value: object) -> str:
    """A recorded value for the reader: numbers and days were stored machine-readable
    ("74.21", "2026-07-06") and are shown in the reader's format ("74,21", "06.07.2026")."""
    if value is None:
        return ""
    text = str(value)
    if _NUMBER.match(text):
        return formats.number_format(Decimal(text))
    if _ISO_DAY.match(text):
        try:
            return formats.date_format(date.fromisoformat(text), "SHORT_DATE_FORMAT")
        except ValueError:
            return text
    return text


@register.filter
def change_rows(entry) -> list[tuple[str, str, str]]:
    """``(label, old, new)`` for each recorded change, whatever shape ``changes`` has: a
    dict of ``[old, new]`` pairs is the rule, anything else is shown as well as it can be."""
    changes = getattr(entry, "changes", None)
    if not isinstance(changes, dict):
        return []
    rows = []
    for field, pair in changes.items():
        if isinstance(pair, list | tuple) and len(pair) == 2:
            old, new = pair
        else:
            old, new = "", pair
        rows.append((field_label(field, entry), _text(old), _text(new)))
    return rows

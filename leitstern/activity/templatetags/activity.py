from __future__ import annotations

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from leitstern.activity import kinds

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return str(kinds.label(kind))


@register.filter
def field_label(field: object, entry) -> str:
    """The changed field's name in the reader's language: the model field's verbose name,
    else a registered label, else the name itself made readable. Never fails: one odd
    entry must not take the activity page down with it."""
    name = str(field)
    try:
        model = apps.get_model(entry.target_type)
        return str(model._meta.get_field(name).verbose_name)
    except (FieldDoesNotExist, LookupError, ValueError, AttributeError, TypeError):
        pass
    registered = kinds.field_label(name)
    return str(registered) if registered is not None else name.replace("_", " ")


def _text(value: object) -> str:
    return "" if value is None else str(value)


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

from __future__ import annotations

from django import template
from django.apps import apps

from leitstern.activity import kinds

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return str(kinds.label(kind))


@register.filter
def field_label(field: str, entry) -> str:
    """The changed field's verbose name in the reader's language, when the model knows it."""
    try:
        model = apps.get_model(entry.target_type)
        return str(model._meta.get_field(field).verbose_name)
    except (LookupError, ValueError, AttributeError):
        return field.replace("_", " ")

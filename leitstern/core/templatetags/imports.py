"""Template filters for import previews, whose sample rows are stored as JSON."""

from __future__ import annotations

from datetime import date

from django import template

register = template.Library()


@register.filter
def iso_date(value: object) -> object:
    """An ISO date string as a ``date`` (for ``|date``); anything else as it is."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value

"""Numbers of business cases in the reader's locale."""

from __future__ import annotations

from typing import Any

from django import template

from leitstern.cases import estimates, selectors
from leitstern.cases.forms import FIELD_LABELS

register = template.Library()


@register.filter
def money(value: float | None, currency: str = "") -> str:
    return selectors.money(value, currency).strip()


@register.filter
def pct(value: float | None) -> str:
    return selectors.percent(value)


@register.filter
def estimate(kept: dict[str, Any] | None) -> str:
    """An estimate as written in the form (``8..20``, ``8/12/20``, ``12``)."""
    return estimates.as_text(kept)


@register.filter
def input_name(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@register.filter
def category_label(name: str) -> str:
    return selectors.category_label(name)

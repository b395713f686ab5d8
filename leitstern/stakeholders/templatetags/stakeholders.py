"""Small filters of the stakeholder pages: the analyses' names in the reader's language."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.formats import number_format

from leitstern.stakeholders import wording

register = template.Library()


@register.filter
def quadrant_name(code: str | None) -> str:
    return wording.quadrant(code)


@register.filter
def engagement_name(code: str | None) -> str:
    return wording.engagement(code or None)


@register.filter
def attitude_name(code: str | None) -> str:
    return wording.attitude(code or None)


@register.filter
def salience_name(code: str) -> str:
    return str(wording.SALIENCE.get(code, code))


@register.filter
def strength_name(value: int) -> str:
    return wording.strength(int(value))


@register.filter
def axis(value: float | None) -> str:
    """A grid coordinate for the reader: "7,5" in German, "—" while not placed."""
    return "—" if value is None else number_format(value, decimal_pos=1)


@register.filter
def share(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else number_format(value, decimal_pos=int(digits))


@register.filter
def weeks_ago(day: date | None, today: date) -> int | None:
    return None if day is None else (today - day).days // 7

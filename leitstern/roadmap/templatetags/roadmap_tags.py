"""Small display helpers for roadmap templates."""

from __future__ import annotations

import functools

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from leitstern.roadmap import display
from leitstern.roadmap.cards import card
from leitstern.roadmap.models import Horizon, Level, Status
from leitstern.roadmap.selectors.history import horizon_label

register = template.Library()


@register.filter
def window(item) -> str:
    """The item's (or a change row's) time window as coarse as it was meant."""
    return display.window_label(item.window_start, item.window_end)


@register.filter
def percent(value) -> str:
    return display.percent(value)


@register.filter
def horizon_name(value: str) -> str:
    return horizon_label(value)


@register.filter
def status_name(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


@register.filter
def level_name(value: str) -> str:
    try:
        return str(Level(value).label)
    except ValueError:
        return value


@register.filter
def tenths(value) -> int:
    """A percentage as tenths (0–10), for the width and fade classes."""
    if value is None:
        return 10
    return max(0, min(10, round(int(value) / 10)))


@register.simple_tag
def horizons() -> list:
    return list(Horizon)


# A placeholder id no real object has in a URL pattern, replaced by the real id.
_PLACEHOLDER = 2_147_483_629


@functools.cache
def _pattern(prefix: str, name: str, slug: str) -> str:
    return reverse(f"roadmap:{name}", args=[slug, _PLACEHOLDER])


@register.simple_tag(takes_context=True)
def item_url(context, name: str, pk: int) -> str:
    """``{% url "roadmap:<name>" workspace.slug pk %}`` for the many cards of a page: the
    pattern is reversed once per name and workspace, then only the id changes."""
    pattern = _pattern(get_script_prefix(), name, context["workspace"].slug)
    return pattern.replace(str(_PLACEHOLDER), str(int(pk)))


@register.simple_tag(takes_context=True)
def cards(context, items, editable) -> SafeString:
    """The cards of a board column (``roadmap.cards``), the URL patterns and the CSRF
    field made once for all of them."""
    slug = context["workspace"].slug
    prefix = get_script_prefix()

    def url(name: str, pk: int) -> str:
        return _pattern(prefix, name, slug).replace(str(_PLACEHOLDER), str(int(pk)))

    csrf = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', context.get("csrf_token")
    )
    editable = bool(editable)
    return mark_safe(  # noqa: S308 - each card built by format_html
        "".join(card(item, editable=editable, url=url, csrf=csrf) for item in items)
    )

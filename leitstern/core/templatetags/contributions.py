"""``{% contributions "slot" obj %}``: the panels other modules contribute to this page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from leitstern.core.contributions import panels

register = template.Library()


@register.simple_tag(takes_context=True)
def contributions(
    context: template.Context, slot: str, obj: Any, separator: str = ""
) -> SafeString:
    """Render each panel of ``slot`` for ``obj`` inside this page's context (member,
    workspace, the CSP nonce), with its selector's context on top; ``separator`` goes
    between panels (for a line of links)."""
    request = context["request"]
    parts = []
    for panel in panels(request, slot, obj):
        with context.push(panel.context):
            # The backend's wrapper renders a dict; this page's Context (with its nonce and
            # member) needs the Django template underneath.
            template = get_template(panel.contribution.template).template  # type: ignore[attr-defined]  # Django backend's template
            parts.append(template.render(context).strip())
    return mark_safe(conditional_escape(separator).join(parts))  # noqa: S308 - each part was rendered and escaped

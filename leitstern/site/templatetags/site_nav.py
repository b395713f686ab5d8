"""The side navigation's module links, written in Python: on every signed-in page, where
fifteen includes with a reversed URL each cost as much as a short page's own content."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from leitstern.site.modules import Module

register = template.Library()
_CURRENT = mark_safe(' aria-current="page"')


@lru_cache(maxsize=4096)
def _module_url(url_name: str, slug: str, _urlconf: object, _prefix: str) -> str:
    # The URL of a module's page follows from the name, the workspace and the URLconf with
    # its prefix, which are all in the key.
    return reverse(url_name, args=[slug])


@register.simple_tag(takes_context=True)
def module_links(context: template.Context, modules: list[Module]) -> SafeString:
    """A link per module to its page in the current workspace, the current one marked."""
    slug = context["workspace"].slug
    current = context.get("nav_current")
    urlconf, prefix = get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    return format_html_join(
        "\n",
        '<a href="{}"{}>{}</a>',
        (
            (
                _module_url(module.url_name, slug, urlconf, prefix),
                _CURRENT if module.key == current else "",
                module.label,
            )
            for module in modules
        ),
    )

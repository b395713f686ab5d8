"""Template tags of the requests pages."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def _esc(text: object) -> str:
    return escape(str(text), quote=True)


@register.simple_tag
def sales_asks(row) -> SafeString | str:
    """The chosen accounts' requests an item of the sales roadmap answers (``SalesItem``:
    its ``asks``, and a note with the item's link when there are more), built in Python
    like discovery's ranked rows: some 700 requests, each with its accounts, through
    template tags and filters cost a quarter of the page's time. Every text is escaped;
    the links are paths the page built from a slug and numbers."""
    if not row.asks:
        return ""
    out = ["<ul>"]
    for ask in row.asks:
        names = ", ".join(f'<a href="{a.url}">{_esc(a.name)}</a>' for a in ask.accounts)
        out.append(
            f'<li>{names}: <a href="{ask.request_url}">{_esc(ask.title)}</a> '
            f'<small class="muted">· {_esc(ask.status_label)}</small></li>'
        )
    out.append("</ul>")
    if row.more_asks:
        n = len(row.asks)
        note = ngettext(
            "Only the newest request is listed.", "Only the %(n)s newest requests are listed.", n
        ) % {"n": n}
        link = _("All requests on this item")
        out.append(f'<p class="muted">{_esc(note)} <a href="{row.more_url}">{_esc(link)}</a></p>')
    return mark_safe("".join(out))  # noqa: S308 - every text above went through html.escape

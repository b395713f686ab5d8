"""Template tags of the requests pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

from django import template
from django.template import Context
from django.utils.formats import date_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from leitstern.requests.selectors import Risk
from leitstern.requests.selectors.sales import Ask, SalesItem, SalesLane, SalesRoadmap
from leitstern.roadmap.display import window_label
from leitstern.roadmap.models import Level
from leitstern.roadmap.models import Status as ItemStatus

register = template.Library()


def _esc(text: object) -> str:
    return escape(str(text), quote=True)


def _asks(row: SalesItem, words: _Words) -> str:
    """The chosen accounts' requests an item of the sales roadmap answers (``SalesItem``:
    its ``asks``, each with its accounts, and a note with the item's link when there are
    more). Some 700 requests with their accounts through template tags and filters cost a
    quarter of the page's time."""
    if not row.asks:
        return ""
    out = ["<ul>"]
    for ask in row.asks:
        names = ", ".join(f'<a href="{a.url}">{_esc(a.name)}</a>' for a in ask.accounts)
        out.append(
            f'<li>{names}: <a href="{ask.request_url}">{_esc(ask.title)}</a> '
            f'<small class="muted">· {words.request_status(ask)}</small></li>'
        )
    out.append("</ul>")
    if row.more_asks:
        out.append(
            f'<p class="muted">{words.only_newest(len(row.asks))} '
            f'<a href="{row.more_url}">{words.all_requests}</a></p>'
        )
    return "".join(out)


class _Words:
    """The texts of the sales roadmap's items in the reader's language, each translated
    once per page: choice labels and fixed phrases when made, plural phrases, windows and
    dates the first time a number or a date comes up. Escaped for HTML."""

    def __init__(self) -> None:
        self.levels = {value: _esc(label) for value, label in Level.choices}
        self.statuses = {value: _esc(label) for value, label in ItemStatus.choices}
        self.portfolio = _esc(_("Portfolio"))
        self.yours = _esc(_("yours with their risk"))
        self.promise = _esc(_("Promise"))
        self.proposed = _esc(_("proposed, not approved: do not promise yet"))
        self.by = _esc(pgettext("until a date", "by"))
        self.overdue = _esc(_("overdue"))
        self.no_forecast = _esc(_("no forecast"))
        self.all_requests = _esc(_("All requests on this item"))
        self._said: dict[tuple[str, Any], str] = {}

    def _once(self, key: str, value: Any, make: Callable[[], str]) -> str:
        found = self._said.get((key, value))
        if found is None:
            found = self._said[(key, value)] = _esc(make())
        return found

    def answers(self, n: int) -> str:
        return self._once(
            "answers",
            n,
            lambda: (
                ngettext("Answers %(n)s request", "Answers %(n)s requests", n) % {"n": localize(n)}
            ),
        )

    def asking(self, n: int) -> str:
        return self._once(
            "asking",
            n,
            lambda: (
                ngettext("%(n)s account asking", "%(n)s accounts asking", n) % {"n": localize(n)}
            ),
        )

    def promises(self, n: int) -> str:
        return self._once(
            "promises",
            n,
            lambda: (
                ngettext(
                    "%(n)s promise to customers rests on it",
                    "%(n)s promises to customers rest on it",
                    n,
                )
                % {"n": localize(n)}
            ),
        )

    def only_newest(self, n: int) -> str:
        return self._once(
            "only newest",
            n,
            lambda: (
                ngettext(
                    "Only the newest request is listed.",
                    "Only the %(n)s newest requests are listed.",
                    n,
                )
                % {"n": n}
            ),
        )

    def request_status(self, ask: Ask) -> str:
        return self._once("status", ask.status, lambda: str(ask.status_label))

    def day(self, day: date) -> str:
        return self._once("day", day, lambda: date_format(day, "SHORT_DATE_FORMAT"))

    def window(self, start: date | None, end: date | None) -> str:
        return self._once("window", (start, end), lambda: window_label(start, end))

    def risk(self, risk: Risk) -> str:
        """As ``requests/_risk.html`` shows it."""
        if risk.overdue:
            return f'<span class="badge risk-red">{self.overdue}</span>'
        if risk.level == "unknown":
            return f'<span class="badge" title="{_esc(risk.note)}">{self.no_forecast}</span>'
        css = _RISK_CSS.get(risk.level)
        if css is None:  # settled: no badge
            return ""
        label = self._once(
            risk.level,
            risk.percent,
            lambda: _risk_phrase(risk.level) % {"p": localize(risk.percent)},
        )
        return f'<span class="{css}">{label}</span>'


_WORDS = "requests.sales_items.words"  # where a page keeps its ``_Words``
_RISK_CSS = {"green": "badge good risk-green", "amber": "badge risk-amber", "red": "badge risk-red"}


def _risk_phrase(level: str) -> str:
    """The template's messages for a risk with its chance, written out for makemessages."""
    if level == "green":
        return _("green · %(p)s %%")
    if level == "amber":
        return _("amber · %(p)s %%")
    return _("red · %(p)s %%")


def _item(
    row: SalesItem,
    words: _Words,
    fields: list[str],
    commitment_link: tuple[str, str],
    *,
    several: bool,
    chosen: bool,
) -> str:
    """One item of the sales roadmap (``SalesItem``) as ``sales_roadmap.html`` showed it
    through the template: title, product, outcome, the fields the sales view shares, its
    requests and promises, the chosen accounts' asks and promises with their risk."""
    item = row.item
    out = ['<li class="sales-item">\n      <strong>', _esc(item.title), "</strong>"]
    if several:
        product = item.roadmap.product
        name = _esc(product.name) if product else words.portfolio
        out.append(f' <small class="muted">{name}</small>')
    out.append("\n      ")
    if "outcome" in fields and item.outcome:
        out.append(f"<p>{_esc(item.outcome)}</p>")
    out.append("\n      <p>")
    if "level" in fields:
        out.append(
            f'<span class="badge">{words.levels.get(item.level) or _esc(item.level)}</span> '
        )
    if "status" in fields:
        label = words.statuses.get(item.status) or _esc(item.status)
        out.append(f'<span class="badge">{label}</span> ')
    if "window" in fields:
        shown = words.window(item.window_start, item.window_end)
        if shown:
            out.append(f"<span>{shown}</span> ")
    if "hard_date" in fields and item.hard_date:
        out.append(f"<span>◆ {words.day(item.hard_date)}</span> ")
    if "team" in fields and item.team:
        out.append(f'<span class="badge">{_esc(item.team.name)}</span> ')
    if "owner" in fields and item.owner:
        out.append(f"<span>{_esc(item.owner)}</span>")
    out.append("</p>\n      ")
    if row.requests:
        out.append(
            f'<p class="muted">{words.answers(row.requests)} · {words.asking(row.accounts)}</p>'
        )
    out.append("\n      ")
    if row.promises and not chosen:
        out.append(
            f'<p class="muted">{words.promises(row.promises)} · '
            f'<a href="?mine=1">{words.yours}</a></p>'
        )
    out.append("\n      ")
    out.append(_asks(row, words))
    out.append("\n      ")
    if row.commitments:
        before, after = commitment_link
        out.append("<ul>")
        for commitment, risk in row.commitments:
            out.append(f"<li><strong>{words.promise}:</strong> ")
            if commitment.state == "proposed":
                out.append(f'<span class="badge">{words.proposed}</span> ')
            out.append(
                f'<a href="{before}{commitment.pk}{after}">{_esc(commitment.what)}</a> '
                f'<small class="muted">· {_esc(commitment.organisation.name)} · {words.by} '
                f"{words.day(commitment.due_on)}</small> {words.risk(risk)}</li>"
            )
        out.append("</ul>")
    out.append("\n    </li>")
    return "".join(out)


@register.simple_tag(takes_context=True)
def sales_items(context: Context, lane: SalesLane, data: SalesRoadmap) -> SafeString:
    """The items of one lane of the sales roadmap (``SalesLane``), built in Python: 140
    items through the template's tags, filters and includes took a quarter of the page's
    time, translating the same labels and phrases again for every item. The page's texts
    are translated once (kept for the whole page) and every text is escaped; the links
    are paths built from the workspace's slug and numbers."""
    words = context.render_context.get(_WORDS)
    if words is None:
        words = context.render_context[_WORDS] = _Words()
    fields = data.fields
    several = len(data.roadmaps) > 1
    chosen = data.organisations is not None
    shown = "\n  ".join(
        _item(row, words, fields, data.commitment_link, several=several, chosen=chosen)
        for row in lane.items
    )
    return mark_safe(shown)  # noqa: S308 - every text in it went through html.escape

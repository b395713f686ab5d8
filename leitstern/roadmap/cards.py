"""A board card as HTML, built in Python: a board shows up to 44 cards, and the template
language spent most of the board's time deciding, per card, what this function decides once.
The markup is what ``_column_cards.html`` showed per card."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leitstern.roadmap import display
from leitstern.roadmap.models import RoadmapItem


def _tenths(value: int | None) -> int:
    if value is None:
        return 10
    return max(0, min(10, round(int(value) / 10)))


def _day(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _meta(item: RoadmapItem) -> SafeString:
    parts = [
        format_html('<span class="pill lv-{}">{}</span>', item.level, item.get_level_display()),
        format_html('<span class="pill st-{}">{}</span>', item.status, item.get_status_display()),
    ]
    if getattr(item, "waiting", False):
        parts.append(
            format_html(
                '<span class="pill waiting" title="{}">{}</span>',
                _("Measuring until its hypotheses have their verdicts"),
                _("waiting for a verdict"),
            )
        )
    shown = item.shown_confidence
    if shown is not None:
        own = item.confidence is not None
        parts.append(
            format_html(
                '<span class="conf{}" title="{}"><span class="meter" aria-hidden="true">'
                '<span class="fill w{}"></span></span> {}</span>',
                " own" if own else "",
                _("Confidence") if own else _("The horizon’s default confidence"),
                _tenths(shown),
                display.percent(shown),
            )
        )
    if item.team_id and item.team:
        parts.append(format_html('<span class="pill">{}</span>', item.team.name))
    window = display.window_label(item.window_start, item.window_end)
    if window:
        parts.append(format_html("<span>{}</span>", window))
    if item.hard_date:
        parts.append(
            format_html(
                '<span class="hard" title="{}">◆ {}</span>',
                item.get_hard_date_kind_display(),
                _day(item.hard_date),
            )
        )
    links, bets = getattr(item, "links", 0), getattr(item, "bets", 0)
    if links:
        text = ngettext("%(n)s link to goals", "%(n)s links to goals", links) % {"n": links}
        parts.append(format_html('<span class="muted">{}</span>', text))
    if bets:
        text = ngettext("%(n)s link to discovery", "%(n)s links to discovery", bets) % {"n": bets}
        parts.append(format_html('<span class="muted">{}</span>', text))
    parts.append(
        format_html_join("", '<span class="pill">#{}</span>', ((t,) for t in item.tag_list))
    )
    return mark_safe("\n    ".join(parts))  # noqa: S308 - every part built by format_html


def _set_aside(item: RoadmapItem) -> SafeString:
    if not item.is_set_aside:
        return mark_safe("")
    by = ""
    if item.decided_by:
        by = _("Decided by %(who)s on %(day)s") % {
            "who": item.decided_by,
            "day": _day(item.decided_on) if item.decided_on else "",
        }
    again = ""
    if item.revisit_on:
        again = " · " + _("look again on %(day)s") % {"day": _day(item.revisit_on)}
    return format_html(
        '\n  <p class="reason">{}</p>\n  <p class="reason-by">{}{}</p>',
        Truncator(item.reason).chars(200),
        by,
        again,
    )


def _tools(item: RoadmapItem, url: Callable[[str, int], str], csrf: SafeString) -> SafeString:
    step = url("item_step", item.pk)
    buttons = [
        format_html(
            '<form method="post" action="{}" hx-post="{}" hx-swap="none">{}'
            '<input type="hidden" name="direction" value="{}"><button type="submit" '
            'class="secondary" aria-label="{}">{}</button></form>',
            step,
            step,
            csrf,
            direction,
            label % {"title": item.title},
            arrow,
        )
        for direction, label, arrow in (
            (-1, _("Move “%(title)s” up"), "↑"),
            (1, _("Move “%(title)s” down"), "↓"),
        )
    ]
    return format_html(
        '\n  <div class="tools">\n    {}\n    {}\n    <a href="{}">{}</a>\n  </div>',
        buttons[0],
        buttons[1],
        url("item_move", item.pk),
        _("Move to …"),
    )


def card(
    item: RoadmapItem, *, editable: bool, url: Callable[[str, int], str], csrf: SafeString
) -> SafeString:
    """One card: title, outcome, level, status, confidence, team, window, hard date, link
    counts, tags; the reason of a set-aside item; the move tools for editors."""
    data = ""
    drag = mark_safe("")
    if editable:
        data = format_html(
            ' data-drop="{}" data-move="{}"', url("item_drop", item.pk), url("item_move", item.pk)
        )
        drag = format_html(
            '<button type="button" class="drag" hidden aria-label="{}">⠿</button> ',
            _("Drag “%(title)s” to move it") % {"title": item.title},
        )
    outcome = ""
    if item.outcome:
        outcome = format_html('\n  <p class="outcome">{}</p>', Truncator(item.outcome).chars(140))
    return format_html(
        '<li class="item-card" id="item-{}" data-id="{}" data-title="{}"{}>\n'
        '  <div>{}<a class="title" href="{}">{}</a></div>{}\n'
        '  <div class="meta">\n    {}\n  </div>{}{}\n</li>',
        item.pk,
        item.pk,
        item.title,
        data,
        drag,
        url("item", item.pk),
        item.title,
        outcome,
        _meta(item),
        _set_aside(item),
        _tools(item, url, csrf) if editable else "",
    )

"""CSV and Markdown of a roadmap or of an audience's view: the same rows the pages show,
nothing the audience may not see. Written by the kernel's writers (``core.exports``,
``core.markdown``): every cell spreadsheet-safe, CSV plain or for (German) Excel."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from leitstern.core import exports as kernel
from leitstern.core import markdown as md
from leitstern.roadmap.display import day_label, percent, window_label
from leitstern.roadmap.models import ALL_FIELDS, Audience, Horizon, RoadmapItem, ViewField
from leitstern.roadmap.selectors.audiences import RoadmapView


def _labels() -> dict[str, str]:
    return {
        ViewField.OUTCOME: _("outcome or problem"),
        ViewField.LEVEL: _("level of detail"),
        ViewField.STATUS: _("status"),
        ViewField.CONFIDENCE: _("confidence"),
        ViewField.WINDOW: _("time window"),
        ViewField.HARD_DATE: _("hard date"),
        ViewField.OWNER: _("owner"),
        ViewField.TEAM: _("team"),
        ViewField.SIZE: _("size"),
        ViewField.TAGS: _("tags"),
        ViewField.KEY_RESULTS: _("key results"),
        ViewField.NOTES: _("notes"),
        ViewField.REASON: _("reason"),
    }


def _value(item: RoadmapItem, field: str) -> str:
    if field == ViewField.OUTCOME:
        return item.outcome
    if field == ViewField.LEVEL:
        return item.get_level_display()
    if field == ViewField.STATUS:
        return item.get_status_display()
    if field == ViewField.CONFIDENCE:
        return percent(item.shown_confidence)
    if field == ViewField.WINDOW:
        return window_label(item.window_start, item.window_end)
    if field == ViewField.HARD_DATE:
        if not item.hard_date:
            return ""
        return f"{day_label(item.hard_date)} ({item.get_hard_date_kind_display()})"
    if field == ViewField.OWNER:
        return str(item.owner or "")
    if field == ViewField.TEAM:
        return str(item.team or "")
    if field == ViewField.SIZE:
        size = item.get_size_display() if item.size else ""
        if item.size_items:
            size = f"{size} ({item.size_items})".strip()
        return size
    if field == ViewField.TAGS:
        return item.tags
    if field == ViewField.KEY_RESULTS:
        return "; ".join(kr.title for kr in item.key_results.all())
    if field == ViewField.NOTES:
        return item.description
    if field == ViewField.REASON:
        return item.reason
    return ""


def rows(views: list[RoadmapView], fields: list[str]) -> Iterator[list[str]]:
    """The header and one row per item: roadmap, horizon, title, then ``fields``."""
    labels = _labels()
    yield [_("roadmap"), _("horizon"), _("title"), *[labels[f] for f in fields]]
    for view in views:
        for lane in view.lanes:
            for item in lane.items:
                yield [
                    str(view.roadmap),
                    str(Horizon(lane.horizon).label),
                    item.title,
                    *[_value(item, f) for f in fields],
                ]


def csv_response(
    request: HttpRequest, table: Iterable[list[str]], filename: str
) -> StreamingHttpResponse:
    """The rows as a CSV download, in the dialect the link asks for (``?dialect=plain``,
    ``excel`` by default, ``excel-de`` for German Excel)."""
    return kernel.csv_response(table, filename=filename, dialect=kernel.dialect_for(request))


def markdown(title: str, views: list[RoadmapView], fields: list[str], disclaimer: bool) -> str:
    """The views as a Markdown document: one section per roadmap and horizon, one bullet
    per item with the chosen fields."""
    labels = _labels()
    lines = [md.heading(title), ""]
    for view in views:
        lines += [md.heading(view.roadmap, level=2), ""]
        for lane in view.lanes:
            lines += [md.heading(lane.label, level=3), ""]
            if not lane.items:
                lines += ["- " + md.text(_("nothing here")), ""]
                continue
            for item in lane.items:
                lines.append(f"- **{md.text(item.title)}**")
                for field in fields:
                    value = _value(item, field)
                    if value:
                        lines.append(f"  - {md.text(labels[field])}: {md.text(value)}")
            if lane.more:
                lines.append("- " + md.text(_("and %(count)d more") % {"count": lane.more}))
            lines.append("")
        if disclaimer and view.roadmap.disclaimer:
            lines += [f"> {md.text(view.roadmap.disclaimer)}", ""]
    return md.document(lines)


def markdown_response(text: str, filename: str) -> HttpResponse:
    return kernel.markdown_response(text, filename=filename)


def audience_fields(audience: Audience | None) -> list[str]:
    """The fields an export shows: the audience's, or all for the team's own export."""
    return list(audience.item_fields) if audience is not None else list(ALL_FIELDS)

"""``{% load charts %}{% chart spec %}``: a chart's container, its numbers as JSON and the
same numbers as a table (``core.charts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.formats import date_format, number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from leitstern.core.charts import Chart, ColumnKind, Table

register = template.Library()


def format_value(value: Any, kind: ColumnKind, places: int | None = None) -> str:
    """A chart value as the reader writes it: dates and numbers in the page's language,
    fractions as percentages; ``—`` for none."""
    if value is None or value == "":
        return "—"
    if kind == "date":
        day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
        return date_format(day, "SHORT_DATE_FORMAT")
    # Rounded here: Django's number_format cuts decimals off (99.7 would read "99").
    if kind == "percent":
        shown = number_format(
            round(float(value) * 100, places or 0), decimal_pos=places or 0, use_l10n=True
        )
        # Translators: a percentage; German puts a no-break space before the sign.
        return _("%(value)s%%") % {"value": shown}
    if kind == "number":
        if isinstance(value, float) and places is None:
            value = round(value, 2)
            places = 0 if value.is_integer() else None
        elif isinstance(value, float):
            value = round(value, places)
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return str(value)


def table_rows(table: Table) -> SafeString:
    """The rows as HTML, built here rather than in a template loop: a year of days is a
    few hundred rows on every team page. Numbers are right-aligned, like every table's."""
    columns = table.columns
    lines = []
    for row in table.rows:
        cells = []
        for index, (column, value) in enumerate(zip(columns, row, strict=True)):
            text = conditional_escape(format_value(value, column.kind, column.places))
            right = index and column.kind != "text"
            cells.append(f'<td class="num">{text}</td>' if right else f"<td>{text}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return mark_safe("\n".join(lines))  # noqa: S308 - every value is escaped above


def table_notes(table: Table) -> list[str]:
    return [
        note.text
        + (
            ": " + note.sep.join(format_value(v, kind) for v, kind in note.values)
            if note.values
            else ""
        )
        for note in table.notes
    ]


def render_chart(spec: Chart) -> SafeString:
    """The chart ``spec`` with its table as HTML (the same for every request in one
    language, so a page may keep it)."""
    table = spec.table
    return render_to_string(
        "core/chart.html",
        {
            "chart": spec,
            "rows": table_rows(table) if table else "",
            "notes": table_notes(table) if table else [],
        },
    )


@register.simple_tag
def chart(spec: Chart | SafeString | None) -> SafeString:
    """The chart ``spec`` with its table; a chart ``render_chart`` made before as it is;
    nothing for ``None`` (a chart without data)."""
    if spec is None:
        return SafeString("")
    if isinstance(spec, SafeString):
        return spec
    return render_chart(spec)

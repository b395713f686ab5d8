"""Charts, the same way on every page (``docs/charts.md``).

A view builds a ``Chart`` with one of the builders below; the template shows it with
``{% load charts %}{% chart spec %}``, which renders the chart's container, its numbers as
JSON in a ``json_script`` element, and the same numbers as a table under it (in a
``<details>``, so the page works and stays traceable without JavaScript and for screen
readers). The kernel's ``leitstern/charts.js`` draws every container with the vendored
ECharts, in the page's language, and again after an htmx swap or a resize.

Built-in kinds, each with one small initialiser in ``charts.js``:

* ``line``: series over a date or number axis, drawn as lines, dashed lines, steps, areas,
  bars or points, with vertical and horizontal marker lines, pins and shaded bands;
* ``bar``: counts per category (a histogram);
* ``scatter``: single points with a label each, with horizontal marker lines;
* ``distribution``: probabilities as bars, the cumulative probability as a line, and
  marker lines (the percentiles of a forecast).

A module adds a kind (a tree, a fan chart, a tornado) by registering an initialiser in its
own script (``LeitsternCharts.register("tornado", build)``) and building ``Chart(kind=
"tornado", data=..., table=Table(...))`` itself.

Values: dates as ``date`` (sent as ISO text), numbers as ``int``/``float``; percentages
as fractions (0.85) on a ``percent`` axis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _

AxisKind = Literal["date", "number", "percent", "category"]
Style = Literal["line", "dashed", "step", "area", "bar", "points"]
MarkStyle = Literal["solid", "dashed", "alert"]
# Colours are named; charts.js holds the palette, so a module never hard-codes one.
Color = Literal["blue", "gold", "green", "grey", "red", "light"]
Size = Literal["normal", "small", "spark"]

# The most rows a chart's table shows (the most recent ones for a series over time, with a
# note saying so); the chart itself draws every point. A team page has five charts over a
# year or more of days: formatting their every row was nine tenths of the page's time.
TABLE_ROWS = 100


@dataclass(frozen=True)
class Axis:
    kind: AxisKind = "number"
    name: str = ""
    min: Any = None
    max: Any = None
    # ``True``: the axis fits the data instead of starting at zero.
    scale: bool = False
    # Decimals shown in the table (``None``: as many as the value has, up to 2).
    places: int | None = None

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "name": str(self.name),
            "min": _value(self.min),
            "max": _value(self.max),
            "scale": self.scale,
        }


@dataclass(frozen=True)
class Series:
    """One named series of ``(x, y)`` points (``y`` ``None``: a gap)."""

    name: str
    points: Sequence[Sequence[Any]]
    style: Style = "line"
    color: Color = "blue"
    axis: int = 0  # which y axis (0 left, 1 right)
    # One label per point, shown with the point (scatter charts: the item's key).
    labels: Sequence[str] | None = None

    def as_json(self) -> dict:
        found = {
            "name": str(self.name),
            "style": self.style,
            "color": self.color,
            "axis": self.axis,
            "points": [[_value(x), _value(y)] for x, y, *_rest in self.points],
        }
        if self.labels is not None:
            found["labels"] = [str(label) for label in self.labels]
        return found


@dataclass(frozen=True)
class Mark:
    """A marker line at ``at`` on the x axis (``Chart`` ``x_marks``) or a y axis."""

    at: Any
    label: str = ""
    style: MarkStyle = "dashed"
    color: Color = "grey"
    # ``False``: named in the tooltip and the table only (crowded markers).
    show_label: bool = True
    # What the chart writes at the line, when shorter than ``label`` ("85 %").
    short: str = ""

    def as_json(self) -> dict:
        return {
            "at": _value(self.at),
            "label": str(self.label),
            "short": str(self.short),
            "style": self.style,
            "color": self.color,
            "show_label": self.show_label,
        }


@dataclass(frozen=True)
class Band:
    """A shaded stretch between ``start`` and ``end`` (``None``: open to that side)."""

    start: Any
    end: Any
    label: str = ""
    color: Color = "gold"

    def as_json(self) -> dict:
        return {
            "start": _value(self.start),
            "end": _value(self.end),
            "label": str(self.label),
            "color": self.color,
        }


@dataclass(frozen=True)
class Pin:
    """A labelled point, such as a target to reach by a date."""

    x: Any
    y: Any
    label: str = ""

    def as_json(self) -> dict:
        return {"x": _value(self.x), "y": _value(self.y), "label": str(self.label)}


ColumnKind = Literal["date", "number", "percent", "text"]


@dataclass(frozen=True)
class Column:
    label: str
    kind: ColumnKind = "number"
    places: int | None = None


@dataclass(frozen=True)
class Note:
    """A line under a chart's table: ``text``, then its values (each formatted by its
    kind) joined by ``sep``: a marker ("Target: 40 · 30.06.2026"), a band, a remark."""

    text: str
    values: Sequence[tuple[Any, ColumnKind]] = ()
    sep: str = " – "


@dataclass(frozen=True)
class Table:
    """The chart's numbers as rows, with notes under them."""

    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[Note] = ()


@dataclass(frozen=True)
class Chart:
    """What ``{% chart %}`` renders. ``name`` is the container's ``data-chart`` (a hook
    for tests and styles, e.g. ``run``); ``source`` the id of its JSON, unique on the page
    (default ``<name>-data``); ``label`` the accessible name and the table's caption."""

    name: str
    kind: str
    label: str
    data: dict
    table: Table | None
    size: Size = "normal"
    source: str = ""

    @property
    def source_id(self) -> str:
        return self.source or f"{self.name}-data"


def _value(value: Any) -> Any:
    if isinstance(value, date):  # a datetime is a date too
        return value.isoformat()
    return value


def _kind(axis: Axis) -> ColumnKind:
    return "text" if axis.kind == "category" else axis.kind


def series_table(
    series: Sequence[Series], *, x: Axis, y: Sequence[Axis], x_label: str = ""
) -> tuple[list[Column], list[list[Any]]]:
    """What a chart draws, as rows: one per x value (one per point where points have
    labels, as on a scatter chart), one column per series; a series without a point at an
    x leaves its cell empty. Rows follow the x axis (categories keep their order)."""
    first = x_label or x.name or (_("Date") if x.kind == "date" else "")
    columns = [Column(str(first), _kind(x), x.places)]
    for one in series:
        axis = y[min(one.axis, len(y) - 1)]
        columns.append(Column(str(one.name), _kind(axis), axis.places))
    width = 1 + len(series)
    labelled = any(one.labels is not None for one in series)
    rows: list[list[Any]] = []
    if labelled:
        columns.append(Column(str(_("Item")), "text"))
        for index, one in enumerate(series):
            for n, point in enumerate(one.points):
                row = [point[0], *([None] * len(series)), one.labels[n] if one.labels else ""]
                row[1 + index] = point[1]
                rows.append(row)
    else:
        by_x: dict[Any, list[Any]] = {}
        for index, one in enumerate(series):
            for point in one.points:
                by_x.setdefault(point[0], [point[0], *([None] * (width - 1))])[1 + index] = point[1]
        rows = list(by_x.values())
    if x.kind != "category":
        rows.sort(key=lambda row: row[0])
    return columns, rows


def _limited(
    columns: list[Column], rows: list[list[Any]], notes: list[Note], limit: int = TABLE_ROWS
) -> Table:
    if len(rows) > limit:
        shown = _("The table shows the last %(shown)s of %(total)s rows; the chart shows all.")
        notes = [Note(str(shown) % {"shown": limit, "total": len(rows)}), *notes]
        rows = rows[-limit:]
    return Table(columns, rows, notes)


def line_chart(
    *,
    name: str,
    label: str,
    series: Sequence[Series],
    x: Axis = Axis("date"),
    y: Axis | Sequence[Axis] = Axis(),
    x_marks: Sequence[Mark] = (),
    y_marks: Sequence[Mark] = (),
    pins: Sequence[Pin] = (),
    x_bands: Sequence[Band] = (),
    y_bands: Sequence[Band] = (),
    zoom: bool = False,
    size: Size = "normal",
    source: str = "",
    kind: str = "line",
    x_label: str = "",
    table_rows: int = TABLE_ROWS,
) -> Chart:
    """Series over a date (or number) axis; up to two y axes (``Series.axis``). The table
    under it shows the last ``table_rows`` rows (a page that lists every value elsewhere,
    paged, asks for fewer)."""
    axes = [y] if isinstance(y, Axis) else list(y)
    data = {
        "x": x.as_json(),
        "y": [a.as_json() for a in axes],
        "series": [s.as_json() for s in series],
        "marks": {"x": [m.as_json() for m in x_marks], "y": [m.as_json() for m in y_marks]},
        "bands": {"x": [b.as_json() for b in x_bands], "y": [b.as_json() for b in y_bands]},
        "pins": [p.as_json() for p in pins],
        "zoom": zoom,
        "compact": size == "spark",
    }
    columns, rows = series_table(series, x=x, y=axes, x_label=x_label)
    notes = [Note(str(m.label), [(m.at, _kind(x))]) for m in x_marks if m.label]
    notes += [Note(str(m.label), [(m.at, _kind(axes[0]))]) for m in y_marks if m.label]
    notes += [Note(str(p.label), [(p.y, _kind(axes[0])), (p.x, _kind(x))], sep=" · ") for p in pins]
    notes += [
        Note(str(b.label), [(v, _kind(axis)) for v in (b.start, b.end) if v is not None])
        for bands, axis in ((x_bands, x), (y_bands, axes[0]))
        for b in bands
        if b.label
    ]
    table = _limited(columns, rows, notes, table_rows)
    return Chart(name, kind, str(label), data, table, size, source)


def bar_chart(
    *,
    name: str,
    label: str,
    series: Sequence[Series],
    x: Axis,
    y: Axis = Axis(),
    size: Size = "normal",
    source: str = "",
) -> Chart:
    """Values per category (``x.kind == "category"``) or per number (a histogram)."""
    return line_chart(
        name=name, label=label, series=series, x=x, y=y, size=size, source=source, kind="bar"
    )


def scatter_chart(
    *,
    name: str,
    label: str,
    series: Series,
    x: Axis = Axis("date"),
    y: Axis = Axis(),
    y_marks: Sequence[Mark] = (),
    size: Size = "normal",
    source: str = "",
) -> Chart:
    """Single points (``series.labels`` names each one), with horizontal marker lines."""
    return line_chart(
        name=name,
        label=label,
        series=[series],
        x=x,
        y=y,
        y_marks=y_marks,
        size=size,
        source=source,
        kind="scatter",
    )


def distribution_chart(
    *,
    name: str,
    label: str,
    x: Axis,
    probabilities: Sequence[Sequence[Any]],
    cumulative: Sequence[Sequence[Any]],
    probability_name: str,
    cumulative_name: str,
    markers: Sequence[Mark] = (),
    size: Size = "normal",
    source: str = "",
) -> Chart:
    """Outcomes with their probability (bars, left axis) and the cumulative probability
    (line, right axis, 0 to 1), with marker lines at chosen outcomes (percentiles)."""
    series = [
        Series(probability_name, probabilities, style="bar", color="blue"),
        Series(cumulative_name, cumulative, style="line", color="green", axis=1),
    ]
    # Each outcome's probability is small (a few percent at most): one decimal in the table,
    # so its rows do not all read "0 %".
    y = [
        Axis("percent", probability_name, places=1),
        Axis("percent", cumulative_name, min=0, max=1),
    ]
    return line_chart(
        name=name,
        label=label,
        series=series,
        x=x,
        y=y,
        x_marks=markers,
        size=size,
        source=source,
        kind="distribution",
    )

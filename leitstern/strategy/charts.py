"""Strategy's charts on the kernel's chart kinds (``core.charts``): a metric over time, a
key result's value and confidence per week, and the sparklines of metric lists."""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leitstern.core.charts import Axis, Band, Chart, Mark, Pin, Series, line_chart
from leitstern.strategy.selectors import MetricView


def _num(value: float) -> str:
    return floatformat(value, "-2g")


# Rows of a metric chart's table: the latest year of weekly values. The chart draws every
# value, and the metric page lists all of them, newest first, a page at a time.
METRIC_TABLE_ROWS = 52


def metric_chart(data: dict) -> Chart:
    """A metric's values with its targets (pins), the product's annotations (dashed lines)
    and, for a metric kept within a range, the range shaded. ``data``:
    ``selectors.metric_chart``."""
    low, high = data["range"]
    count = len(data["values"])
    bands = []
    if data["direction"] == "range" and (low is not None or high is not None):
        bands = [Band(low, high, _("Range to stay within"), color="green")]
    return line_chart(
        name="metric",
        label=ngettext(
            "Chart of %(name)s with %(n)s value", "Chart of %(name)s with %(n)s values", count
        )
        % {"name": data["name"], "n": count},
        series=[Series(data["name"], data["values"])],
        y=Axis(name=data["unit"], scale=True),
        x_marks=[Mark(day, text) for day, text in data["annotations"]],
        pins=[Pin(day, value, label or _("target")) for day, value, label in data["targets"]],
        y_bands=bands,
        table_rows=METRIC_TABLE_ROWS,
    )


def key_result_chart(data: dict) -> Chart:
    """A key result's weekly value (left axis) and confidence 0–10 (bars, right axis),
    across its cycle, with its baseline and target. ``data``: ``selectors.key_result_chart``."""
    marks = [
        Mark(value, name, short=f"{name} {_num(value)}")
        for value, name in ((data["target"], _("target")), (data["baseline"], _("baseline")))
        if value is not None
    ]
    return line_chart(
        name="keyresult",
        label=_("Value and confidence per week"),
        series=[
            Series(_("value"), data["values"]),
            Series(_("confidence"), data["confidence"], style="bar", color="light", axis=1),
        ],
        x=Axis("date", min=data["start"], max=data["end"]),
        y=[Axis(name=data["unit"], scale=True), Axis(name=_("confidence"), min=0, max=10)],
        y_marks=marks,
        x_label=_("Week of"),
    )


def spark(view: MetricView) -> Chart | None:
    """The recent values of a metric in a list, as a line without axes; ``None`` with fewer
    than two values."""
    if len(view.recent) < 2:
        return None
    first, last = (
        (view.trend.first, view.trend.last)
        if view.trend
        else (view.recent[0].value, view.recent[-1].value)
    )
    return line_chart(
        name="spark",
        label=_("Trend from %(first)s to %(last)s") % {"first": _num(first), "last": _num(last)},
        series=[Series(view.metric.name, [(v.day, v.value) for v in view.recent])],
        size="spark",
        source=view.dom_id,
    )

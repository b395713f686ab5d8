"""The result's charts, each with its numbers as a table (kernel ``core.charts``)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from leitstern.cases import selectors
from leitstern.cases.models import BusinessCase
from leitstern.core.charts import Axis, Band, Chart, Mark, Series, bar_chart, line_chart
from leitstern.core.templatetags.charts import render_chart


def page_charts(case: BusinessCase, result: dict[str, Any]) -> dict[str, SafeString]:
    """The result's charts rendered with their tables, in the reader's language: built once
    per kept result and language, then read from the cache (a few hundred numbers formatted
    for the tables were the largest part of the result page)."""
    key = selectors.result_key(case, "charts") if result is case.result else None
    rendered = cache.get(key) if key else None
    if rendered is None:
        rendered = {name: render_chart(spec) for name, spec in result_charts(case, result).items()}
        if key:
            cache.set(key, rendered, selectors.RESULT_CACHE_SECONDS)
    return rendered


def result_charts(case: BusinessCase, result: dict[str, Any]) -> dict[str, Chart]:
    money = "{} ({})".format(_("Amount"), case.currency)
    month = _("Month")
    fan = result["fan"]
    months = fan["months"]
    names = {
        "5": _("5th percentile"),
        "25": _("25th percentile"),
        "50": _("median"),
        "75": _("75th percentile"),
        "95": _("95th percentile"),
    }
    styles = {"5": "dashed", "25": "line", "50": "line", "75": "line", "95": "dashed"}
    colors = {"5": "grey", "25": "blue", "50": "gold", "75": "blue", "95": "grey"}
    charts: dict[str, Chart] = {
        "fan": line_chart(
            name="fan",
            label=_("Cumulative cash after each month (fan chart)"),
            series=[
                Series(
                    str(names[level]),
                    list(zip(months, fan["levels"][level], strict=True)),
                    style=styles[level],
                    color=colors[level],
                )  # type: ignore[arg-type]  # month and value pairs are numbers
                for level in ("95", "75", "50", "25", "5")
            ],
            x=Axis("number", month, min=1, max=case.horizon_months, places=0),
            y=Axis(name=money, places=0),
            y_marks=[Mark(0, _("break-even"), color="red")],
            x_label=month,
        )
    }
    histogram = result["npv_histogram"]
    edges, counts = histogram["edges"], histogram["counts"]
    total = max(1, result["npv"]["count"])
    points = [((edges[i] + edges[i + 1]) / 2, counts[i] / total) for i in range(len(counts))]
    charts["histogram"] = line_chart(
        name="histogram",
        label=_("Net present value of the simulated futures"),
        series=[Series(_("Share of futures"), points, style="bar")],
        x=Axis(
            "number",
            "{} ({})".format(_("Net present value"), case.currency),
            scale=True,
            places=0,
        ),
        y=Axis("percent", _("Share of futures"), places=1),
        x_bands=[Band(None, 0, _("loss"), color="light")],
        x_marks=[Mark(0, _("zero"), color="red")],
        kind="line",
    )
    rows = selectors.inputs(case, result)[:12]
    charts["tornado"] = bar_chart(
        name="tornado",
        label=_("Net present value with each input at its 10th and 90th percentile"),
        series=[
            Series(
                _("input at its 10th percentile"),
                [(r.label, r.npv_low) for r in rows],
                style="bar",
                color="red",
            ),
            Series(
                _("input at its 90th percentile"),
                [(r.label, r.npv_high) for r in rows],
                style="bar",
                color="green",
            ),
        ],
        x=Axis("category", _("Input")),
        y=Axis(name=money, places=0),
    )
    by_evpi = sorted(selectors.inputs(case, result), key=lambda r: -r.evpi)[:12]
    charts["evpi"] = bar_chart(
        name="evpi",
        label=_("What knowing each input exactly would be worth (EVPI)"),
        series=[
            Series(
                _("worth up to"), [(r.label, r.evpi) for r in by_evpi], style="bar", color="gold"
            )
        ],
        x=Axis("category", _("Input")),
        y=Axis(name=money, places=0),
    )
    costs = result["costs"]
    charts["costs"] = bar_chart(
        name="costs",
        label=_("Expected cost by category"),
        series=[
            Series(
                _("expected cost"),
                [
                    (selectors.category_label(name), value)
                    for name, value in costs["by_category"].items()
                    if value
                ],
                style="bar",
            )
        ],
        x=Axis("category", _("Category")),
        y=Axis(name=money, places=0),
    )
    return charts

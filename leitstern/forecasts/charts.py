"""The forecast pages' charts, built on the kernel's chart kinds (``core.charts``): what
each chart draws and what its table lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from leitstern.core.charts import (
    Axis,
    Band,
    Chart,
    Mark,
    Series,
    bar_chart,
    distribution_chart,
    line_chart,
    scatter_chart,
)

if TYPE_CHECKING:
    from leitstern.forecasts.flow import TeamFlow
    from leitstern.forecasts.selectors import Overview

AGING_CHART_ITEMS = 200  # the aging chart draws the oldest 200 open items


def level_label(level: str | float) -> str:
    """A confidence level as the reader writes a percentage ("85%", German "85 %")."""
    # Translators: a percentage; German puts a no-break space before the sign.
    return _("%(value)s%%") % {"value": f"{float(level):.0f}"}


def team_charts(overview: Overview) -> dict[str, Chart | None]:
    """Throughput (run chart and histogram), cycle time, work in progress and flow."""
    weekly = overview.unit == "week"
    items = _("Items")
    run = line_chart(
        name="run",
        label=_("Throughput run chart"),
        series=[Series(_("Items finished"), overview.run, style="bar" if weekly else "line")],
        y=Axis(name=items),
        zoom=True,
        x_label=_("Week of") if weekly else _("Date"),
    )
    per = _("Number of weeks") if weekly else _("Number of days")
    histogram = bar_chart(
        name="histogram",
        label=_("Throughput histogram"),
        series=[Series(per, overview.histogram, style="bar")],
        x=Axis("category", items),
        y=Axis(name=per),
    )
    scatter = None
    if overview.percentiles:
        cycle = _("Cycle time (days)")
        scatter = scatter_chart(
            name="scatter",
            label=_("Cycle-time scatter plot"),
            series=Series(
                cycle,
                [(done, days) for done, days, _key in overview.scatter],
                style="points",
                labels=[key for _done, _days, key in overview.scatter],
            ),
            y=Axis(name=cycle),
            y_marks=[
                Mark(days, level_label(level), color="gold", short=f"{level_label(level)}: {days}")
                for level, days in overview.percentiles.items()
            ],
        )
    wip = None
    if overview.wip:
        in_progress = _("In progress")
        wip = line_chart(
            name="wip",
            label=_("Work in progress over time"),
            series=[Series(in_progress, overview.wip, style="area", color="green")],
            y=Axis(name=in_progress),
            zoom=True,
        )
    flow = None
    if overview.flow.get("arrived"):
        flow = line_chart(
            name="flow",
            label=_("Arrivals against completions"),
            series=[
                Series(_("Arrived"), overview.flow["arrived"], color="red"),
                Series(_("Completed"), overview.flow["done"], color="blue"),
            ],
            y=Axis(name=items),
            x_label=_("Week of"),
        )
    return {"run": run, "histogram": histogram, "scatter": scatter, "wip": wip, "flow": flow}


def limit_mark(limit: int | None) -> list[Mark]:
    """The team's WIP limit as a line across a chart of items in progress."""
    if limit is None:
        return []
    return [
        Mark(
            limit,
            _("WIP limit"),
            style="alert",
            short=_("WIP limit: %(limit)s") % {"limit": limit},
        )
    ]


def flow_charts(flow: TeamFlow) -> dict[str, Chart | None]:
    """Aging work in progress (open items' age against the team's cycle-time percentiles),
    cumulative flow and work in progress over time, each with the WIP limit."""
    age = _("Age (days)")
    aging = None
    if flow.aging.items:
        oldest = flow.aging.items[:AGING_CHART_ITEMS]
        aging = line_chart(
            name="aging",
            label=_("Age of the items in progress against the team's cycle times"),
            series=[Series(age, [(item.key, item.age) for item in oldest], style="bar")],
            x=Axis("category", _("Item")),
            y=Axis(name=age),
            y_marks=[
                Mark(
                    days,
                    _("Cycle time, %(level)s") % {"level": level_label(level)},
                    color="gold",
                    short=f"{level_label(level)}: {days}",
                )
                for level, days in flow.aging.percentiles.items()
            ],
        )
    items = _("Items")
    cumulative = line_chart(
        name="cumulative",
        label=_("Cumulative flow: items arrived, started and finished"),
        series=[
            Series(_("Arrived"), [(d.day, d.arrived) for d in flow.cumulative], color="red"),
            Series(_("Started"), [(d.day, d.started) for d in flow.cumulative], color="gold"),
            Series(
                _("Finished"), [(d.day, d.done) for d in flow.cumulative], style="area",
                color="blue",
            ),
            *(
                [
                    Series(
                        _("Finished plus WIP limit"),
                        [(d.day, d.done + flow.limit) for d in flow.cumulative],
                        style="dashed",
                        color="grey",
                    )
                ]
                if flow.limit is not None
                else []
            ),
        ],
        y=Axis(name=items, scale=True),
        zoom=True,
    )  # fmt: skip
    in_progress = _("In progress")
    wip = None
    if flow.wip:
        wip = line_chart(
            name="flow-wip",
            label=_("Work in progress over time, with the WIP limit"),
            series=[Series(in_progress, flow.wip, style="area", color="green")],
            y=Axis(name=in_progress),
            y_marks=limit_mark(flow.limit),
            zoom=True,
        )
    return {"aging": aging, "cumulative": cumulative, "wip": wip}


def window_chart(run: Sequence[Sequence[Any]], window: Sequence[Any] | None) -> Chart:
    """The last year of daily throughput with the chosen history window shaded."""
    return line_chart(
        name="window",
        label=_("Daily throughput with the history window shaded"),
        series=[Series(_("Items finished"), run)],
        x_bands=[Band(window[0], window[1], _("History window"))] if window else [],
        size="small",
    )


def distribution(
    answer: dict | None, *, label: str = "", stakeholder: bool = False
) -> Chart | None:
    """A forecast's outcomes: the probability of each, the cumulative probability, and the
    plain and calibrated percentiles; ``answer`` is the chart part of a computed or saved
    answer (``{"kind", "x", "p", "cum", "marks", "by"}``). For a ``stakeholder`` (a shared
    link) only the calibrated percentiles, named by their level alone."""
    if not answer:
        return None
    when = answer["kind"] == "when"
    markers = []
    for level, (plain, calibrated) in answer["marks"].items():
        shown = level_label(level)
        if stakeholder:
            plain = None
        if calibrated is not None:
            markers.append(
                Mark(
                    calibrated,
                    shown if stakeholder else "{} {}".format(shown, _("calibrated")),
                    style="solid",
                    color="gold",
                    short=shown,
                )
            )
        if plain is not None:
            markers.append(
                Mark(
                    plain,
                    "{} {}".format(shown, _("plain")),
                    style="dashed",
                    color="grey",
                    show_label=False,
                )
            )
    if answer.get("by"):
        markers.append(Mark(answer["by"], _("By date"), style="alert", show_label=False))
    return distribution_chart(
        name="distribution",
        label=label
        or _("Distribution of outcomes with percentile markers and cumulative probability"),
        x=Axis("date") if when else Axis("number", _("Items")),
        probabilities=list(zip(answer["x"], answer["p"], strict=True)),
        cumulative=list(zip(answer["x"], answer["cum"], strict=True)),
        probability_name=_("Probability"),
        cumulative_name=_("Cumulative probability"),
        markers=markers,
    )


def tracking_chart(points: Sequence[Any], *, stakeholder: bool = False) -> Chart | None:
    """How a tracking forecast's 50 % and 85 % dates moved, day by day. For a
    ``stakeholder`` (a shared link) only the 50% and the calibrated 85% dates, the ones
    the shared page names."""
    if not points:
        return None

    def pairs(attribute: str) -> list[tuple]:
        return [(p.as_of, getattr(p, attribute)) for p in points]

    series = [
        # xgettext:no-python-format
        Series(_("50% date"), pairs("p50"), color="blue"),
        # xgettext:no-python-format
        Series(_("85% date"), pairs("p85"), style="dashed", color="grey"),
        # xgettext:no-python-format
        Series(_("85% date, calibrated"), pairs("p85_calibrated"), color="gold"),
    ]
    if stakeholder:
        # xgettext:no-python-format
        series = [series[0], Series(_("85% date"), pairs("p85_calibrated"), color="gold")]
    return line_chart(
        name="tracking",
        # xgettext:no-python-format
        label=_("Trend of the 50% and 85% dates"),
        series=series,
        y=Axis("date", scale=True),
        x_label=_("As of"),
    )


HIT_COLORS = {"50": "blue", "70": "green", "85": "gold", "95": "red"}


def accuracy_charts(data: dict) -> dict[str, Chart | None]:
    """Hit rates over time, and forecast against actual for each question."""
    hit = _("Hit rate")
    names = {"plain": _("plain"), "calibrated": _("calibrated")}
    series = []
    for key in sorted(data["over_time"]):
        kind, level = key.split(":")
        points = [(due, rate / 100) for due, rate in data["over_time"][key]]
        series.append(
            Series(
                f"{level_label(level)} {names[kind]}",
                points,
                style="step",
                color=HIT_COLORS.get(level, "grey"),
            )
        )
    hitrates = line_chart(
        name="hitrates",
        label=_("Cumulative hit rate per confidence level over time"),
        series=series,
        y=Axis("percent", hit, min=0, max=1),
        x_label=_("Due"),
    )
    return {
        "hitrates": hitrates if series else None,
        "how_many": _versus(data["how_many"], "how_many", _("Forecast against actual items")),
        "when": _versus(data["when"], "when", _("Forecast against actual days")),
    }


def _versus(rows: list[dict], name: str, label: str) -> Chart | None:
    if not rows:
        return None

    def pick(key: str) -> list[tuple]:
        return [(r["due"], r[key]) for r in rows if r[key] is not None]

    return line_chart(
        name=name,
        label=label,
        series=[
            Series(_("Actual"), pick("actual"), style="points", color="red"),
            # xgettext:no-python-format
            Series(_("50% forecast"), pick("p50"), color="blue"),
            # xgettext:no-python-format
            Series(_("85% forecast"), pick("p85"), style="dashed", color="grey"),
            # xgettext:no-python-format
            Series(_("85% forecast, calibrated"), pick("p85c"), color="gold"),
        ],
        y=Axis(scale=True),
        x_label=_("Due"),
    )

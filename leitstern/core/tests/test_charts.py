"""The kernel's chart specs and ``{% chart %}``: the JSON a chart draws from and the table
with the same numbers, in the reader's language."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from leitstern.core import charts
from leitstern.core.charts import Axis, Band, Mark, Pin, Series, line_chart
from leitstern.core.templatetags.charts import format_value

DAYS = [date(2026, 3, 1) + timedelta(days=n) for n in range(3)]


def _render(spec) -> str:
    return Template("{% load charts %}{% chart spec %}").render(Context({"spec": spec}))


def _json(html: str, source: str) -> dict:
    found = re.search(rf'<script id="{source}" type="application/json">(.*?)</script>', html, re.S)
    assert found, f"no json_script {source}"
    return json.loads(found.group(1))


def _cells(html: str) -> list[list[str]]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>.*?</tr>", body)]


def test_a_chart_renders_its_container_json_and_table():
    spec = line_chart(
        name="run",
        label="Items per day",
        series=[Series("Done", [(DAYS[0], 3), (DAYS[1], 1234.5), (DAYS[2], None)])],
        y=Axis(name="Items"),
    )
    html = _render(spec)
    assert (
        '<div class="chart normal" data-chart="run" data-kind="line" data-source="run-data" '
        'role="img" aria-label="Items per day"></div>'
    ) in html
    data = _json(html, "run-data")
    assert data["series"][0]["points"] == [
        ["2026-03-01", 3],
        ["2026-03-02", 1234.5],
        ["2026-03-03", None],
    ]
    assert data["x"]["kind"] == "date" and data["y"][0]["name"] == "Items"
    assert "<caption>Items per day</caption>" in html
    assert _cells(html) == [["03/01/2026", "3"], ["03/02/2026", "1,234.5"], ["03/03/2026", "—"]]


def test_the_table_speaks_the_readers_language():
    spec = line_chart(
        name="rate",
        label="Hit rate",
        series=[Series("Hit rate", [(DAYS[0], 0.855)])],
        y=Axis("percent", places=1),
    )
    with translation.override("de"):
        html = _render(spec)
    assert _cells(html) == [["01.03.2026", "85,5\u00a0%"]]
    assert "Die Zahlen als Tabelle" in html


def test_series_meet_in_one_row_per_x_and_labelled_points_get_rows_of_their_own():
    columns, rows = charts.series_table(
        [Series("A", [(2, 20), (1, 10)]), Series("B", [(1, 11), (3, 33)])],
        x=Axis("number", "n"),
        y=[Axis()],
    )
    assert [c.label for c in columns] == ["n", "A", "B"]
    assert rows == [[1, 10, 11], [2, 20, None], [3, None, 33]]
    columns, rows = charts.series_table(
        [Series("Days", [(DAYS[0], 4), (DAYS[0], 9)], labels=["K-1", "K-2"])],
        x=Axis("date"),
        y=[Axis()],
    )
    assert [c.label for c in columns] == ["Date", "Days", "Item"]
    assert rows == [[DAYS[0], 4, "K-1"], [DAYS[0], 9, "K-2"]]


def test_categories_keep_their_order():
    _columns, rows = charts.series_table(
        [Series("n", [("low", 1), ("high", 3), ("mid", 2)])], x=Axis("category"), y=[Axis()]
    )
    assert [row[0] for row in rows] == ["low", "high", "mid"]


def test_markers_pins_and_bands_are_named_under_the_table():
    spec = line_chart(
        name="metric",
        label="Conversion",
        series=[Series("Conversion", [(DAYS[0], 1.0)])],
        x_marks=[Mark(DAYS[1], "Redesign released"), Mark(DAYS[2], "")],
        y_marks=[Mark(64, "Target")],
        pins=[Pin(DAYS[2], 64, "Q1 target")],
        x_bands=[Band(DAYS[0], DAYS[2], "History window")],
    )
    html = _render(spec)
    notes = re.findall(r'<p class="help">(.*?)</p>', html)
    assert notes == [
        "Redesign released: 03/02/2026",
        "Target: 64",
        "Q1 target: 64 · 03/03/2026",
        "History window: 03/01/2026 – 03/03/2026",
    ]


def test_a_long_series_shows_its_last_rows_and_says_so():
    points = [(date(2000, 1, 1) + timedelta(days=n), n) for n in range(charts.TABLE_ROWS + 250)]
    spec = line_chart(name="run", label="Long", series=[Series("Done", points)])
    assert len(spec.table.rows) == charts.TABLE_ROWS
    assert spec.table.rows[-1][1] == charts.TABLE_ROWS + 249
    shown, total = charts.TABLE_ROWS, charts.TABLE_ROWS + 250
    assert f"the last {shown} of {total} rows" in spec.table.notes[0].text
    assert len(spec.data["series"][0]["points"]) == charts.TABLE_ROWS + 250  # the chart: all


def test_user_text_is_escaped_in_the_table_and_cannot_end_the_json():
    evil = "</script><script>alert(1)</script>"
    spec = line_chart(name="x", label=evil, series=[Series(evil, [(DAYS[0], 1)])])
    html = _render(spec)
    assert "<script>alert(1)" not in html
    assert _json(html, "x-data")["series"][0]["name"] == evil


def test_a_sparkline_hides_its_table_from_sight_but_not_from_screen_readers():
    spec = line_chart(
        name="spark", label="Trend", series=[Series("m", [(DAYS[0], 1), (DAYS[1], 2)])],
        size="spark", source="spark-7",
    )  # fmt: skip
    html = _render(spec)
    assert 'data-source="spark-7"' in html and 'id="spark-7"' in html
    assert '<div class="visually-hidden">' in html and "<details" not in html
    assert spec.data["compact"] is True


def test_no_chart_renders_nothing():
    assert _render(None) == ""


@pytest.mark.parametrize("builder", ["bar_chart", "scatter_chart", "distribution_chart"])
def test_each_built_in_kind_names_its_initialiser(builder):
    points = [(1, 0.2), (2, 0.5)]
    if builder == "distribution_chart":
        spec = charts.distribution_chart(
            name="d", label="D", x=Axis("number"), probabilities=points, cumulative=points,
            probability_name="p", cumulative_name="c", markers=[Mark(2, "85%", short="85%")],
        )  # fmt: skip
        assert [a["kind"] for a in spec.data["y"]] == ["percent", "percent"]
        assert spec.data["marks"]["x"][0]["short"] == "85%"
    elif builder == "scatter_chart":
        spec = charts.scatter_chart(
            name="d", label="D", series=Series("s", points, labels=["a", "b"])
        )
    else:
        spec = charts.bar_chart(
            name="d", label="D", series=[Series("s", points)], x=Axis("category")
        )
    assert spec.kind == builder.removesuffix("_chart")


def test_the_kernel_script_registers_every_built_in_kind():
    from pathlib import Path

    script = (Path(charts.__file__).parent / "static/leitstern/charts.js").read_text()
    for kind in ("line", "bar", "scatter", "distribution"):
        assert f'register("{kind}"' in script


def test_a_distributions_small_probabilities_keep_a_decimal_in_its_table():
    spec = charts.distribution_chart(
        name="d", label="D", x=Axis("number"), probabilities=[(80, 0.0034), (81, 0.0249)],
        cumulative=[(80, 0.9966), (81, 0.9717)], probability_name="p", cumulative_name="c",
    )  # fmt: skip
    assert _cells(_render(spec)) == [["80", "0.3%", "100%"], ["81", "2.5%", "97%"]]
    with translation.override("de"):
        assert _cells(_render(spec))[0] == ["80", "0,3\u00a0%", "100\u00a0%"]


def test_table_numbers_are_rounded_not_cut_off():
    assert format_value(0.8499, "percent") == "85%"
    assert format_value(0.9966, "percent") == "100%"
    assert format_value(0.0249, "percent", places=1) == "2.5%"
    assert format_value(1.996, "number", places=2) == "2.00"
    assert format_value(2.499, "number", places=1) == "2.5"

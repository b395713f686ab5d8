"""The kernel's chart module in a real Chromium: every chart on a page draws (under the
Content-Security-Policy, which the ``page`` fixture enforces), in the page's language,
again after an htmx swap and at a new size; a module can add a kind of its own."""

from __future__ import annotations

import pytest

from leitstern.core.charts import TABLE_ROWS
from leitstern.forecasts.tests.factory import make_team
from leitstern.testing import add_member, browser_login, make_user, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = (
    "() => [document.querySelectorAll('[data-kind]').length,"
    " document.querySelectorAll('[data-kind][data-rendered] canvas').length]"
)


def _instance(page, name: str, expression: str):
    return page.evaluate(
        f"""() => {{
            const el = document.querySelector('[data-chart="{name}"]');
            const chart = el && window.echarts.getInstanceByDom(el);
            return chart ? {expression} : null;
        }}"""
    )


def test_charts_draw_redraw_after_a_swap_and_follow_their_size(page, live_server):
    world = make_world()
    team = make_team(world, "Checkout squad", days=200, per_day=3)
    browser_login(page, live_server, world.viewer)
    page.goto(f"{live_server.url}/w/{world.workspace.slug}/teams/{team.pk}/")
    page.locator('[data-chart="run"] canvas').wait_for()
    page.wait_for_function(f"({DRAWN})()[0] === ({DRAWN})()[1]")
    total, drawn = page.evaluate(DRAWN)
    assert total == drawn == 5  # run, histogram, scatter, work in progress, flow
    assert _instance(page, "run", "chart.getOption().series[0].type") == "line"

    # The same numbers as a table, one row per day drawn, its latest TABLE_ROWS days.
    points = _instance(page, "run", "chart.getOption().series[0].data.length")
    assert points > TABLE_ROWS
    page.locator('[data-chart="run"] ~ details summary').click()
    assert page.locator('[data-chart="run"] ~ details tbody tr').count() == TABLE_ROWS

    # htmx swaps the charts for weekly ones: the old instances go, the new ones draw.
    page.evaluate("() => { window.oldRun = document.querySelector('[data-chart=\"run\"]'); }")
    page.get_by_role("link", name="Weekly").click()
    page.wait_for_function(
        """() => { const el = document.querySelector('[data-chart="run"]');
                   const c = el && window.echarts.getInstanceByDom(el);
                   return c && c.getOption().series[0].type === 'bar'; }"""
    )
    total, drawn = page.evaluate(DRAWN)
    assert total == drawn == 5
    assert page.evaluate("() => window.echarts.getInstanceByDom(window.oldRun)") is None

    # A narrower window: each chart takes the width of its container.
    wide = _instance(page, "run", "chart.getWidth()")
    page.set_viewport_size({"width": 600, "height": 900})
    page.wait_for_function(
        f"""() => {{ const el = document.querySelector('[data-chart="run"]');
                     return window.echarts.getInstanceByDom(el).getWidth() < {wide}; }}"""
    )
    box = page.locator('[data-chart="run"]').bounding_box()
    assert _instance(page, "run", "chart.getWidth()") == round(box["width"])


def test_numbers_and_dates_follow_the_pages_language(page, live_server):
    world = make_world()
    german = add_member(world.workspace, "viewer", make_user("Greta", language="de"))
    team = make_team(world, "Checkout squad", days=60, per_day=3)
    browser_login(page, live_server, german)
    page.goto(f"{live_server.url}/w/{world.workspace.slug}/teams/{team.pk}/")
    page.locator('[data-chart="run"] canvas').wait_for()
    assert page.evaluate("() => document.documentElement.lang") == "de"
    assert page.evaluate("() => LeitsternCharts.number(1234.5)") == "1.234,5"
    assert page.evaluate("() => LeitsternCharts.percent(0.855)") == "85,5\u00a0%"
    assert page.evaluate("() => LeitsternCharts.date('2026-11-02')") == "02.11.2026"
    # The y axis of the run chart writes its numbers the German way too.
    label = _instance(page, "run", "chart.getOption().yAxis[0].axisLabel.formatter(1500)")
    assert label == "1.500"
    summary = page.locator('[data-chart="run"] ~ details summary')
    assert summary.inner_text() == "Die Zahlen als Tabelle"
    summary.click()
    first_day = page.locator('[data-chart="run"] ~ details tbody tr td').first.inner_text()
    assert first_day.count(".") == 2  # 03.10.2026


def test_a_module_adds_a_chart_kind_of_its_own(page, live_server):
    world = make_world()
    team = make_team(world, "Checkout squad", days=30, per_day=2)
    browser_login(page, live_server, world.viewer)
    page.goto(f"{live_server.url}/w/{world.workspace.slug}/teams/{team.pk}/")
    page.locator('[data-chart="run"] canvas').wait_for()
    # What a module's script does: a container with its JSON, and an initialiser registered
    # for its kind, which draws every container of that kind on the page.
    page.evaluate(
        """() => {
            const data = document.createElement('script');
            data.type = 'application/json'; data.id = 'tornado-data';
            data.textContent = JSON.stringify({bars: [['price', -3, 5], ['churn', -1, 2]]});
            const el = document.createElement('div');
            el.className = 'chart'; el.dataset.kind = 'tornado'; el.dataset.source = 'tornado-data';
            document.querySelector('main').append(data, el);
            LeitsternCharts.register('tornado', (d) => ({
                animation: false,
                xAxis: LeitsternCharts.valueAxis(),
                yAxis: {type: 'category', data: d.bars.map((b) => b[0])},
                series: [{type: 'bar', stack: 't', data: d.bars.map((b) => b[1])},
                         {type: 'bar', stack: 't', data: d.bars.map((b) => b[2])}],
            }));
        }"""
    )
    page.locator('[data-kind="tornado"][data-rendered] canvas').wait_for()

"""The product lead's flow in a real Chromium: objective → key result bound to a metric →
check-in → the score and its colour change."""

from __future__ import annotations

import pytest
from django.utils import timezone

from leitstern.strategy import services
from leitstern.strategy.tests.factory import make_cycle, make_metric
from leitstern.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_objective_key_result_check_in_and_score(page, live_server, world):
    metric = make_metric(world.product, world.owner, "Repeat purchase rate", unit="%")
    cycle = make_cycle(world.workspace, world.owner)
    services.metric_value_set(
        actor=world.owner, metric=metric, day=cycle.starts_on, value=20, note="start"
    )
    browser_login(page, live_server, world.editor)
    base = f"{live_server.url}/w/{world.workspace.slug}/strategy"

    page.goto(f"{base}/cycles/{cycle.pk}/")
    page.get_by_role("link", name="New objective").first.click()
    page.get_by_label("Objective", exact=True).fill("Launch loyalty programme")
    page.locator("#title-hints").get_by_text("sounds like output").wait_for()  # live hint
    page.get_by_label("Objective", exact=True).fill("Shoppers come back on their own")
    page.get_by_role("button", name="Create objective").click()
    page.get_by_text("Objective created").wait_for()

    page.get_by_role("link", name="Add key result").click()
    page.get_by_label("Key result", exact=True).fill("Raise repeat purchases from 20% to 30%")
    page.get_by_label("Follows metric").select_option(label=f"{world.product} · {metric}")
    page.get_by_label("Baseline").fill("20")
    page.get_by_label("Target", exact=True).fill("30")
    page.get_by_role("button", name="Add key result").click()
    page.get_by_text("Key result added").wait_for()
    score = page.locator("td .score").first
    assert score.inner_text() == "0.0"
    assert "band-red" in score.get_attribute("class")

    page.get_by_role("link", name="Raise repeat purchases from 20% to 30%").click()
    page.get_by_label("Value").fill("28")
    page.get_by_label("Confidence").select_option("8")
    page.get_by_label("Comment").fill("Reminder e-mails work.")
    page.get_by_role("button", name="Check in").click()
    page.get_by_text("Checked in").wait_for()
    assert page.locator("#kr-score").inner_text() == "0.8"
    assert "band-green" in page.locator("#kr-score").get_attribute("class")
    assert (
        "(current 28 − baseline 20) ÷ (target 30 − baseline 20) = 0.80"
        in page.locator("#kr-how").inner_text()
    )
    page.locator("[data-chart='keyresult'] canvas").first.wait_for()  # ECharts drew
    assert metric.values.filter(day__lte=timezone.localdate()).count() == 2

    page.goto(f"{base}/metrics/{metric.pk}/")
    page.locator("[data-chart='metric'] canvas").first.wait_for()
    page.locator("[data-chart='metric']").hover()  # tooltips must respect the CSP too

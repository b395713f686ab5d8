"""The forms of a business case in a real Chromium: a cost given as a calibrated range, a
yes/no event and a line that hangs on it, a range upside down refused by field; then the
simulation and two cases side by side with their chart, also at 390 px and in German."""

from __future__ import annotations

import re

import pytest
from django.urls import get_resolver
from playwright.sync_api import expect

from leitstern.cases.models import CaseEvent, CaseLine
from leitstern.cases.tests.factory import make_case
from leitstern.testing import browser_login, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_uncertainty_inputs_then_compare_build_and_buy(page, live_server):
    # Load the URLconf (and with it every API schema) here: cold, on a busy machine, the
    # first page took longer than a page may.
    get_resolver().url_patterns  # noqa: B018
    world = make_world()
    build = make_case(world, name="Build it ourselves", trials=2000)
    buy = make_case(world, name="Buy a service", trials=2000)
    base = f"{live_server.url}/w/{world.workspace.slug}/cases"
    browser_login(page, live_server, world.editor)

    # A yes/no event with its chance.
    page.goto(f"{base}/{buy.pk}/events/new/")
    page.locator("#id_name").fill("Vendor raises prices")
    page.locator("#id_probability").fill("0.3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Vendor raises prices").first).to_be_visible()
    assert CaseEvent.objects.filter(case=buy, name="Vendor raises prices").exists()

    # A range upside down is refused by field, and nothing is saved.
    page.goto(f"{base}/{buy.pk}/lines/cost/amount/new/")
    page.locator("#id_name").fill("Vendor licence")
    page.locator("#id_category").select_option("infrastructure")
    page.locator("#id_amount").fill("5000..2000")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text(re.compile(r"The upper bound .+ is below the lower bound"))
    ).to_be_visible()
    assert not CaseLine.objects.filter(case=buy, name="Vendor licence").exists()

    # The calibrated 90% range, only in the futures where the event happens.
    page.locator("#id_amount").fill("2000..5000")
    page.locator("#id_event").select_option(label="Vendor raises prices")
    page.get_by_role("button", name="Save").click()
    line = CaseLine.objects.get(case=buy, name="Vendor licence")
    assert line.values["amount"] == {"lower": 2000.0, "upper": 5000.0}
    assert line.event == CaseEvent.objects.get(case=buy).key

    # Run the simulation: immediate tasks show the result after the click.
    page.goto(f"{base}/{buy.pk}/")
    page.get_by_role("button", name="Run the simulation").click()
    expect(page.locator("#result").get_by_text("Chance of a loss").first).to_be_visible()

    # Compare the two: tick both, and read who comes out ahead.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Compare cases").click()
    page.get_by_label("Build it ourselves").check()
    page.get_by_label("Buy a service").check()
    page.get_by_role("button", name="Compare").click()
    compared = page.locator("#compared")
    expect(compared.get_by_text("Chance of the higher NPV")).to_be_visible()
    page.locator('[data-chart="compare-npv"] canvas').wait_for()
    page.locator('[data-chart="compare-difference"] canvas').wait_for()
    assert f"case={build.pk}" in page.url and f"case={buy.pk}" in page.url

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.locator('[data-chart="compare-npv"] canvas').wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width

    world.editor.language = "de"
    world.editor.save()
    page.reload()
    expect(page.get_by_text("Chance auf den höheren Kapitalwert")).to_be_visible()

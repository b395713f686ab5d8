"""In a real Chromium: a viewer runs a forecast that is not saved, a stakeholder reads a
shared forecast on a phone in German and copies its link, and the flow page draws its
charts for an editor (desktop, English) and a viewer (phone, German)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from leitstern.forecasts.answers import Spec, compute
from leitstern.forecasts.models import Question, SavedForecast, WipLimit
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services import items_merge, saved_forecast_save, share_create
from leitstern.forecasts.tests.factory import make_team
from leitstern.testing import browser_login, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _german(user) -> None:
    user.language = "de"
    user.save(update_fields=["language"])


def test_a_viewer_forecasts_without_saving_and_a_stakeholder_reads_the_share(
    page, browser, live_server
):
    world = make_world()
    team = make_team(world, "Checkout squad", days=200, per_day=3)
    page.set_viewport_size(DESKTOP)
    browser_login(page, live_server, world.viewer)
    page.goto(f"{live_server.url}/w/{world.workspace.slug}/forecasts/teams/{team.pk}/forecast/")
    expect(page.get_by_text("the forecast is not saved")).to_be_visible()
    page.get_by_role("link", name="In 30 days").click()
    in_30 = (today() + timedelta(days=30)).isoformat()
    expect(page).to_have_url(re.compile(rf"by={in_30}"))
    expect(page.get_by_text(re.compile(r"chance of at least \d+ items by"))).to_be_visible()
    page.locator('[data-chart="distribution"] canvas').wait_for()
    assert page.get_by_role("button", name="Save forecast").count() == 0
    page.get_by_role("link", name="By end of quarter").click()
    expect(page.get_by_text(re.compile(r"chance of at least \d+ items by"))).to_be_visible()
    assert SavedForecast.objects.count() == 0

    answer = compute(team, Spec(question=Question.WHEN, items=120))
    saved = saved_forecast_save(actor=world.owner, team=team, name="Release 2.0", answer=answer)
    _link, token = share_create(actor=world.owner, forecast=saved)

    context = browser.new_context(locale="de-DE", viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    stakeholder = context.new_page()
    errors: list[str] = []
    stakeholder.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    stakeholder.goto(f"{live_server.url}/s/{token}/")
    expect(stakeholder.get_by_role("heading", name="Release 2.0")).to_be_visible()
    expect(stakeholder.get_by_text("Checkout squad", exact=True)).to_be_visible()
    expect(stakeholder.get_by_text("Wann sind 120 Einträge erledigt?")).to_be_visible()
    expect(
        stakeholder.get_by_text(
            re.compile(r"Wenn Checkout squad das Tempo vom .* beibehält, sind die 120 Einträge")
        )
    ).to_be_visible()
    text = stakeholder.locator("main").inner_text()
    for jargon in ("kalibriert", "Trefferquote", "unkalibriert"):
        assert jargon not in text
    stakeholder.locator('[data-chart="distribution"] canvas').wait_for()
    assert _overflow(stakeholder) <= 0
    stakeholder.get_by_role("button", name="Link kopieren").click()
    expect(stakeholder.get_by_text("Link kopiert.")).to_be_visible()
    copied = stakeholder.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}/s/{token}/"
    assert errors == []
    context.close()


def _flow_team(world):
    team = make_team(world, "Platform", days=120, per_day=2)
    items_merge(
        actor=None,
        team=team,
        items=[
            {"key": f"OPEN-{n}", "title": f"Open {n}", "created": today() - timedelta(days=40),
             "started": today() - timedelta(days=3 * n)}
            for n in range(1, 7)
        ],
        record=False,
    )  # fmt: skip
    return team


def test_the_flow_page_for_an_editor_on_a_desktop_and_a_viewer_on_a_phone(
    page, browser, live_server
):
    world = make_world()
    team = _flow_team(world)
    page.set_viewport_size(DESKTOP)
    browser_login(page, live_server, world.editor)
    page.goto(f"{live_server.url}/w/{world.workspace.slug}/teams/{team.pk}/")
    page.get_by_role("navigation", name="Team").get_by_role("link", name="Flow").click()
    expect(page.get_by_role("heading", name="Aging work in progress")).to_be_visible()
    expect(page.get_by_text("6 items in progress now; no WIP limit set.")).to_be_visible()
    page.get_by_role("link", name="Change WIP limit").click()
    page.get_by_label("WIP limit").fill("4")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("6 items in progress now; WIP limit: 4.")).to_be_visible()
    expect(page.get_by_text("2 items over the limit.")).to_be_visible()
    assert WipLimit.objects.get(team=team).limit == 4
    for name in ("aging", "cumulative", "flow-wip"):
        page.locator(f'[data-chart="{name}"] canvas').wait_for()
    expect(page.get_by_role("rowheader", name="OPEN-6")).to_be_visible()
    assert _overflow(page) <= 0

    # Signed in through the English form; the profile's language makes the pages German.
    _german(world.viewer)
    context = browser.new_context(locale="en-US", viewport=PHONE)
    viewer = context.new_page()
    browser_login(viewer, live_server, world.viewer)
    viewer.goto(f"{live_server.url}/w/{world.workspace.slug}/forecasts/teams/{team.pk}/flow/")
    expect(viewer.get_by_role("heading", name="Alter der laufenden Arbeit")).to_be_visible()
    expect(viewer.get_by_text("6 Einträge sind gerade in Arbeit; WIP-Limit: 4.")).to_be_visible()
    assert viewer.get_by_role("link", name="WIP-Limit ändern").count() == 0
    for name in ("aging", "cumulative", "flow-wip"):
        viewer.locator(f'[data-chart="{name}"] canvas').wait_for()
    assert _overflow(viewer) <= 0
    context.close()

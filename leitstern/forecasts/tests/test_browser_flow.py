"""The main flow in a real Chromium: upload a Jira export, check the preview, import it,
forecast, save the forecast, share it and open the link signed out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from leitstern.forecasts.models import SavedForecast, WorkItem
from leitstern.forecasts.tests.factory import csv_of, history_rows
from leitstern.teams.services import team_create
from leitstern.testing import browser_login, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_preview_import_forecast_save_and_share(page, browser, live_server, tmp_path):
    world = make_world()
    team = team_create(actor=world.owner, workspace=world.workspace, name="Checkout squad")
    rows = history_rows(days=200, per_day=3)
    export = tmp_path / "jira-export.csv"
    export.write_bytes(csv_of(rows))

    browser_login(page, live_server, world.editor)
    page.goto(f"{live_server.url}/w/{world.workspace.slug}/teams/")
    page.get_by_role("link", name="Checkout squad").click()
    page.get_by_role("link", name="Upload history").click()
    page.get_by_label("File").set_input_files(str(export))
    page.get_by_role("button", name="Read file").click()

    # The preview: columns detected, first rows, nothing saved yet.
    expect(page.get_by_text("Columns detected")).to_be_visible()
    expect(page.get_by_text(rows[0]["key"], exact=True)).to_be_visible()
    assert WorkItem.objects.count() == 0
    page.get_by_role("button", name=f"Import {len(rows)} items").click()
    expect(page.get_by_text(f"Imported: {len(rows)} new, 0 updated, 0 unchanged.")).to_be_visible()
    assert WorkItem.objects.filter(team=team).count() == len(rows)

    # The team page draws its charts; the forecast updates live as settings change.
    page.get_by_role("link", name="See the team's throughput").click()
    page.locator('[data-chart="run"] canvas').wait_for()
    page.get_by_role("navigation", name="Team").get_by_role(
        "link", name="Forecast", exact=True
    ).click()
    expect(page.get_by_text(re.compile(r"chance of at least \d+ items by"))).to_be_visible()
    page.get_by_label("When will a number of items be done?").check()
    page.locator("#id_items").fill("120")
    page.locator("#id_items").dispatch_event("change")
    page.get_by_text(re.compile(r"chance that the 120 items are done by")).wait_for()
    page.locator('[data-chart="distribution"] canvas').wait_for()

    page.get_by_label("Name").fill("Release 2.0")
    page.get_by_role("button", name="Save forecast").click()
    expect(page.get_by_role("heading", name="Release 2.0")).to_be_visible()
    assert SavedForecast.objects.get().inputs["items"] == 120

    page.get_by_role("button", name="Create share link").click()
    url = page.locator("#share-url").inner_text().strip()

    stakeholder = browser.new_context(locale="en-US").new_page()
    stakeholder.goto(url)
    expect(stakeholder.get_by_role("heading", name="Release 2.0")).to_be_visible()
    expect(
        stakeholder.get_by_text("This is a probability, not a promise", exact=False)
    ).to_be_visible()
    expect(
        stakeholder.get_by_text(
            re.compile(r"If Checkout squad keeps the pace .* the 120 items will be done by")
        )
    ).to_be_visible()
    assert stakeholder.locator(".sidenav").count() == 0
    stakeholder.locator('[data-chart="distribution"] canvas').wait_for()
    stakeholder.context.close()

"""The main flow in a real Chromium: connect a (stub) Jira to a team from its page, test the
connection, sync now, and read the health line on the team's page, also at 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from leitstern.connectors.tests.stub import Stub, fixture
from leitstern.forecasts.models import WorkItem
from leitstern.teams.services import team_create
from leitstern.testing import browser_login, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_connect_test_sync_and_see_the_health_line(page, live_server):
    world = make_world()
    team = team_create(actor=world.owner, workspace=world.workspace, name="Checkout squad")
    with Stub() as stub:
        stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/serverinfo_dc.json"))
        stub.add("GET", "/rest/api/2/myself", fixture("jira/myself.json"))
        stub.add(
            "GET", "/rest/api/2/search", fixture("jira/dc_search_count.json"),
            query={"maxResults": "0"},
        )  # fmt: skip
        stub.add("GET", "/rest/api/2/search", fixture("jira/dc_search_page1.json"),
                 query={"startAt": "0"})  # fmt: skip
        stub.add("GET", "/rest/api/2/search", fixture("jira/dc_search_page2.json"),
                 query={"startAt": "2"})  # fmt: skip

        browser_login(page, live_server, world.editor)
        page.goto(f"{live_server.url}/w/{world.workspace.slug}/teams/{team.pk}/")
        page.get_by_role("link", name="Connect a tracker").click()
        page.locator("#id_kind").select_option("jira")
        page.locator("#id_name").fill("Checkout Jira")
        page.locator("#id_url").fill(stub.url)
        page.locator("#id_scope").fill("project = CHK")
        page.locator("#id_secret").fill("browser-token-123")
        page.get_by_role("button", name="Connect").click()
        expect(page.get_by_text("Not synced yet.")).to_be_visible()

        page.get_by_role("button", name="Test connection").click()
        expect(page.get_by_text("Connected as Jonas Keller.")).to_be_visible()
        expect(page.get_by_text("The query finds 3 items.")).to_be_visible()

        page.get_by_role("button", name="Sync now").click()
        expect(page.get_by_text("3 items from this source").first).to_be_visible()
        assert WorkItem.objects.filter(team=team).count() == 3

        page.set_viewport_size({"width": 390, "height": 844})
        page.get_by_role("link", name="Checkout squad").first.click()
        panel = page.locator("#connectors")
        expect(panel.get_by_text("3 items from this source")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width

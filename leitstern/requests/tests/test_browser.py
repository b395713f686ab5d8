"""The main job in a real Chromium: a contributor submits a request for an account → an
editor links it to an opportunity and a roadmap item → proposes a commitment and approves
it → the contributor sees the status and the risk on the account page, on the sales view
of the roadmap (their accounts) and in the requests panel of the roadmap item; at desktop
width and at 390 px nothing scrolls sideways. Screenshots go to ``test-artifacts/``
(``LEITSTERN_SCREENSHOTS=1``) for a look by eye."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from leitstern.customers.tests.factory import make_organisation
from leitstern.discovery.tests.factory import make_opportunity
from leitstern.requests.models import CommitmentState, Request, Status
from leitstern.roadmap.tests.factory import make_item, make_roadmap
from leitstern.testing import browser_login, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "requests"


def _look(page, name: str) -> None:
    """At desktop width and at 390 px: the page fits the screen; a screenshot if asked."""
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        settled(page)
        extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert extra <= 0, f"{name} is {extra} px wider than {width} px"
        if os.environ.get("LEITSTERN_SCREENSHOTS"):
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_submit_triage_commit_and_see_it_on_the_account_page(page, live_server, world):
    from leitstern.forecasts.tests.factory import make_team

    organisation = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    opportunity = make_opportunity(world, title="Buyers return what does not fit")
    team = make_team(world, "Storefront crew", days=180, per_day=2.0)
    item = make_item(
        make_roadmap(world, world.product),
        world.owner,
        "Size advisor",
        team=team,
        size_items=20,
        horizon="now",
    )
    base = f"{live_server.url}/w/{world.workspace.slug}/requests"
    # The flow spans three sign-ins and a dozen pages on a machine that may be busy: each
    # step may wait longer than the default ten seconds before it counts as broken.
    page.set_default_timeout(45_000)
    page.set_default_navigation_timeout(45_000)

    browser_login(page, live_server, world.contributor)
    page.goto(f"{base}/accounts/{organisation.pk}/")
    page.get_by_role("link", name="New request for this account").click()
    page.get_by_label("Title").fill("Size advice for fashion shops")
    page.get_by_label("The problem in the customer's words").fill("Buyers order three sizes.")
    page.get_by_label("Revenue at stake (ARR)").fill("23880")
    page.get_by_role("button", name="Submit request").click()
    page.get_by_text("Request submitted.").wait_for()
    request = Request.objects.get()
    assert request.accounts.get().organisation == organisation

    page.context.clear_cookies()
    browser_login(page, live_server, world.editor)
    page.goto(f"{base}/inbox/")
    page.get_by_role("link", name="Size advice for fashion shops").click()
    page.get_by_label("Status").select_option("planned")
    page.get_by_label("Opportunity").select_option(str(opportunity.pk))
    page.get_by_label("Roadmap item").select_option(str(item.pk))
    page.get_by_role("button", name="Save triage").click()
    page.get_by_text("Triage saved.").wait_for()
    request.refresh_from_db()
    assert request.status == Status.PLANNED and request.roadmap_item == item

    page.get_by_role("link", name="Propose a commitment").click()
    page.get_by_label("By when").fill((timezone.localdate() + timedelta(days=120)).isoformat())
    page.get_by_label("Contractual").check()
    page.get_by_role("button", name="Propose").click()
    page.get_by_text("Commitment proposed").wait_for()
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Commitment approved.").wait_for()
    commitment = request.commitments.get()
    assert commitment.state == CommitmentState.COMMITTED and commitment.team == team

    page.context.clear_cookies()
    browser_login(page, live_server, world.contributor)
    page.goto(f"{base}/accounts/{organisation.pk}/")
    main = page.locator("main").inner_text()
    assert "planned on the roadmap" in main
    assert "Size advisor" in main
    assert "green ·" in main  # 20 items in 120 days at about two a day
    _look(page, "account")

    # The sales view of the roadmap, for the contributor's accounts: the item, the request
    # it answers and the promise with its risk.
    page.get_by_role(
        "link", name="The roadmap for this account, at the detail you may share"
    ).click()
    page.get_by_role("link", name="For my accounts").click()
    lanes = page.locator(".sales-lanes").inner_text()
    assert "Size advisor" in lanes and "Size advice for fashion shops" in lanes
    assert "Modehaus Albrecht" in lanes and "green ·" in lanes
    _look(page, "sales-roadmap")

    # The roadmap item's page shows the request behind it, second-hand, with the revenue.
    page.goto(f"{live_server.url}/w/{world.workspace.slug}/roadmap/items/{item.pk}/")
    panel = page.locator("#requests-behind").inner_text()
    assert "Size advice for fashion shops" in panel and "second-hand" in panel
    assert "23,880 EUR at stake" in panel
    _look(page, "roadmap-item")
    page.goto(
        f"{live_server.url}/w/{world.workspace.slug}/discovery/opportunities/{opportunity.pk}/"
    )
    assert "not from the customers directly" in page.locator("#requests-behind").inner_text()
    _look(page, "opportunity")

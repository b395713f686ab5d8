"""The main job in a real Chromium: a contributor submits a request for an account → an
editor links it to an opportunity and a roadmap item → proposes a commitment and approves
it → the contributor sees the status and the risk on the account page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from leitstern.customers.tests.factory import make_organisation
from leitstern.discovery.tests.factory import make_opportunity
from leitstern.requests.models import CommitmentState, Request, Status
from leitstern.roadmap.tests.factory import make_item, make_roadmap
from leitstern.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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

"""The product manager's flow in a real Chromium: add a stakeholder → place them on the grid
(the form on their page) → add who listens to whom → see the suggestion
change → log a conversation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from leitstern.stakeholders import services
from leitstern.stakeholders.models import Conversation, Influence, Stakeholder
from leitstern.stakeholders.tests.factory import make_stakeholder, make_theme
from leitstern.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_place_connect_see_the_suggestion_and_log_a_conversation(page, live_server, world):
    pricing = make_theme(world.workspace, world.owner, "Usage-based pricing")
    yilmaz = make_stakeholder(world.workspace, world.owner, "Selin Yilmaz")
    services.stance_set(actor=world.owner, stakeholder=yilmaz, theme=pricing, attitude="supports")
    services.engagement_assess(
        actor=world.owner, stakeholder=yilmaz, current="supportive", desired="leading"
    )
    browser_login(page, live_server, world.editor)
    base = f"{live_server.url}/w/{world.workspace.slug}/stakeholders"

    page.goto(f"{base}/new/")
    page.get_by_label("Name").fill("Dr. Klein")
    page.get_by_label("Role or title").fill("CFO")
    page.get_by_role("button", name="Add to the map").click()
    page.wait_for_load_state()
    klein = Stakeholder.objects.get(name="Dr. Klein")
    assert page.url.rstrip("/").endswith(f"/stakeholders/{klein.pk}")

    # Someone not placed yet finds the grid form already open: no click on its summary
    # (that would fold it away), just fill it in.
    grid = page.locator("#grid")
    expect(grid.get_by_label("Power", exact=True)).to_be_visible()
    grid.get_by_label("Power", exact=True).fill("9")
    grid.get_by_label("Interest", exact=True).fill("4")
    grid.get_by_role("button", name="Place on the grid").click()
    page.wait_for_load_state()
    klein.refresh_from_db()
    assert (klein.power, klein.interest, klein.quadrant) == (9, 4, "keep_satisfied")

    services.engagement_assess(
        actor=world.owner, stakeholder=klein, current="resistant", desired="supportive"
    )
    page.goto(f"{base}/{klein.pk}/?theme={pricing.pk}#first")
    assert "Nobody on the map has a route to Dr. Klein yet" in page.locator("main").inner_text()

    page.get_by_text("Add who listens to whom").click()
    page.get_by_label("Who listens").select_option(str(klein.pk))
    page.get_by_label("To whom").select_option(str(yilmaz.pk))
    page.get_by_label("Strength").select_option("3")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_load_state()
    assert Influence.objects.filter(influencer=yilmaz, listener=klein, strength=3).exists()

    page.goto(f"{base}/{klein.pk}/?theme={pricing.pk}#first")
    suggestion = page.locator(".sh-suggestion").first.inner_text()
    assert suggestion.startswith("To win over Dr. Klein (resistant")
    assert "talk to Selin Yilmaz first" in suggestion
    assert "Selin Yilmaz supports “Usage-based pricing”" in suggestion

    page.goto(f"{base}/{klein.pk}/conversations/new/")
    page.get_by_label("Topic").fill("Pricing pilot")
    page.get_by_label("Outcome").fill("Open to a pilot with two merchants")
    page.get_by_role("button", name="Log it").click()
    page.wait_for_load_state()
    assert Conversation.objects.filter(stakeholder=klein, topic="Pricing pilot").exists()
    page.goto(f"{base}/{klein.pk}/")
    assert "Pricing pilot" in page.locator("main").inner_text()

"""The product trio's main job in a real Chromium: a research insight → an opportunity
grown out of it in the tree of a key result, citing it → a solution → a hypothesis with
its decision rule and the sample size it needs → an experiment with results → the verdict
and the learning card → the key result's page shows the bet with its verdict."""

from __future__ import annotations

import pytest

from leitstern.discovery.models import EvidenceLink, Experiment, Hypothesis, Opportunity, Solution
from leitstern.discovery.tests.factory import make_outcome
from leitstern.research.tests.factory import make_insight, make_interview
from leitstern.strategy.tests.factory import make_okr
from leitstern.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_an_insight_to_a_verdict_on_the_key_result(page, live_server, world):
    key_result = make_okr(world)
    outcome = make_outcome(world, key_result=key_result)
    _participant, _conversation, quote = make_interview(
        world, text="I only see what delivery costs at the very last step."
    )
    insight = make_insight(
        world.workspace, world.editor, "Shipping costs surprise buyers too late", quotes=[quote]
    )
    browser_login(page, live_server, world.editor)
    base = f"{live_server.url}/w/{world.workspace.slug}/discovery"

    page.goto(f"{live_server.url}/w/{world.workspace.slug}/research/insights/{insight.pk}/")
    page.get_by_role("link", name="Add an opportunity from this insight").click()
    title = page.get_by_label("Opportunity", exact=True)
    assert title.input_value() == "Shipping costs surprise buyers too late"
    title.fill("I find out what I really pay only at the very end")
    # From an insight the opportunity may stay unplaced, so the outcome is marked optional.
    page.get_by_label("Outcome optional", exact=True).select_option(str(outcome.pk))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Opportunity added.").wait_for()
    opportunity = Opportunity.objects.get(title__startswith="I find out what I really pay")
    assert opportunity.outcome == outcome
    assert EvidenceLink.objects.filter(opportunity=opportunity, insight=insight).exists()
    evidence = page.locator("#evidence").inner_text()
    assert "1 direct, 0 second-hand quotes" in evidence
    assert "Shipping costs surprise buyers too late" in evidence

    page.goto(f"{base}/opportunities/{opportunity.pk}/")
    page.get_by_role("link", name="Add a solution").first.click()
    page.get_by_label("Solution", exact=True).fill("Free-shipping progress bar in the cart")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Solution added.").wait_for()
    solution = Solution.objects.get(opportunity=opportunity)

    page.goto(f"{base}/products/{world.product.pk}/hypotheses/new/?solution={solution.pk}")
    page.get_by_label("Hypothesis", exact=True).fill(
        "A free-shipping bar lifts checkout conversion from 10% to 11.5%"
    )
    page.get_by_label("From (baseline)").fill("10")
    page.get_by_label("To (target)").fill("11.5")
    page.get_by_label("Units per week").fill("4000")
    page.get_by_label("Decision rule in our words").fill(
        "We are right if the 95% interval of the lift lies above zero."
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Hypothesis stated.").wait_for()
    hypothesis = Hypothesis.objects.get(solution=solution)
    assert hypothesis.key_result == key_result  # taken from the tree's outcome
    shown = page.locator("main").inner_text()
    assert "6,693 per group" in shown  # 10% → 11.5% at α = 0.05 and 80% power
    assert "4 weeks" in shown  # 13,386 units at 4,000 a week

    page.goto(f"{base}/products/{world.product.pk}/experiments/new/")
    page.get_by_label("Experiment", exact=True).fill("Free-shipping bar A/B test")
    page.get_by_label(str(hypothesis)).check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Experiment planned.").wait_for()
    experiment = Experiment.objects.get(title="Free-shipping bar A/B test")

    page.get_by_role("link", name="Enter results").click()
    page.get_by_label("Conversions in A (control)").fill("700")
    page.get_by_label("Visitors in A (control)").fill("7000")
    page.get_by_label("Conversions in B (change)").fill("7100")  # impossible: more than visitors
    page.get_by_label("Visitors in B (change)").fill("7010")
    page.get_by_role("button", name="Save results").click()
    page.get_by_text("More conversions (7,100) than visitors (7,010)").wait_for()
    page.get_by_label("Conversions in B (change)").fill("850")
    page.get_by_role("button", name="Save results").click()
    page.get_by_text("Results saved.").wait_for()
    assert "Decision rule met" in page.locator("main").inner_text()  # the preview

    page.get_by_label("We believed").fill("Seeing the way to free shipping makes shoppers finish.")
    page.get_by_label("We observed").fill("Conversion rose from 10.0% to 12.1%.")
    page.get_by_label("We learned").fill("Knowing the shipping cost early matters.")
    page.get_by_label("Therefore we will").fill("Ship the bar to every shop.")
    page.get_by_role("button", name="Close and store the verdicts").click()
    page.get_by_text("Experiment closed; the verdicts are stored.").wait_for()
    experiment.refresh_from_db()
    assert experiment.status == "finished"
    hypothesis.refresh_from_db()
    assert hypothesis.status == "validated"
    card = page.locator("main").inner_text()
    assert "Ship the bar to every shop." in card
    assert "interval" in card  # never a verdict without its interval

    page.goto(f"{live_server.url}/w/{world.workspace.slug}/strategy/key-results/{key_result.pk}/")
    panel = page.locator("section.discovery-bets")
    panel.wait_for()
    text = panel.inner_text()
    assert "A free-shipping bar lifts checkout conversion" in text
    assert "Decision rule met" in text
    assert "Free-shipping bar A/B test" in text
    assert page.csp_errors == []

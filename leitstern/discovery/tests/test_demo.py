"""The demo company's discovery: the tree, the bets and verdicts the issue names, computed
by the statistics engine from the results the seeder entered."""

from __future__ import annotations

from collections import Counter

import pytest

from leitstern.discovery.models import (
    Experiment,
    Hypothesis,
    Opportunity,
    Outcome,
    Score,
    Solution,
    Verdict,
)
from leitstern.site.demo import DEMO_SLUG

pytestmark = pytest.mark.django_db


def test_the_demo_tree_has_its_opportunities_solutions_hypotheses_and_verdicts(demo, client):
    outcome = Outcome.objects.get(product__workspace__slug=DEMO_SLUG)
    assert outcome.key_result.title == "Raise checkout conversion from 3.2% to 3.6%"
    product = outcome.product
    assert product.name == "Storefront"
    assert Opportunity.objects.filter(outcome=outcome, review="accepted").count() == 12
    assert Opportunity.objects.filter(product=product, review="proposed").count() == 1
    assert Solution.objects.filter(product=product).count() == 20
    assert Hypothesis.objects.filter(product=product).count() == 15

    finished = Experiment.objects.filter(product=product, status="finished")
    assert finished.count() == 8
    assert all(e.believed and e.observed and e.learned and e.next_step for e in finished)
    by_title = {v.experiment.title: v for v in Verdict.objects.select_related("experiment")}
    assert by_title["Free-shipping bar A/B test"].outcome == "met"
    assert by_title["Security badges A/B test"].outcome == "refuted"
    assert by_title["Star ratings in the summary"].outcome == "inconclusive"
    assert by_title["PayPal Express on the product page"].outcome == "inconclusive"
    mismatch = by_title["Sticky order total A/B test"]
    assert mismatch.outcome == "invalid"
    assert Counter(v.outcome for v in by_title.values())["met"] == 2
    assert Score.objects.filter(product=product).count() >= 14

    owner = product.workspace.memberships.get(role="owner").user
    client.force_login(owner)
    page = client.get(f"/w/{DEMO_SLUG}/discovery/outcomes/{outcome.pk}/")
    assert page.status_code == 200
    assert "I find out what I really pay only at the very end" in page.text
    # The opportunities cite the research demo's insights and quotes.
    from leitstern.discovery import selectors
    from leitstern.discovery.models import EvidenceLink

    cited = Opportunity.objects.filter(outcome=outcome)
    evidence = selectors.opportunity_evidence(cited.values_list("pk", flat=True))
    by_title = {o.title: evidence[o.pk] for o in cited}
    payment = by_title["My preferred way to pay is missing"]
    assert payment.direct > 0 and payment.organisations > 0
    returns = by_title["I worry that returning something is a hassle"]
    assert returns.only_second_hand
    assert EvidenceLink.objects.filter(review="proposed").count() >= 1
    assert sum(e.total > 0 for e in evidence.values()) >= 8
    card = client.get(f"/w/{DEMO_SLUG}/discovery/outcomes/{outcome.pk}/").text
    assert '<span class="flag">' in card  # the second-hand-only flag

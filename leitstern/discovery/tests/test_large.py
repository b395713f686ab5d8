"""The large workspace's discovery: the generator builds the tree it promises, with
verdicts from the services, and the tree page stays within its query budget."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from leitstern.core.large import FULL
from leitstern.core.tests.large import build
from leitstern.discovery.models import Hypothesis, Opportunity, Outcome, Solution, Verdict

pytestmark = pytest.mark.django_db


def test_the_generator_builds_a_tree_with_verdicts(django_assert_max_num_queries):
    scale = FULL.times(0.002)
    context = build(slug="large-discovery", scale=scale)
    outcome = Outcome.objects.get(product__workspace=context.workspace)
    opportunities = Opportunity.objects.filter(outcome=outcome)
    assert opportunities.count() == scale.discovery_opportunities
    assert opportunities.filter(parent__isnull=False).count() == scale.discovery_opportunities - (
        scale.discovery_opportunities // 5
    )
    assert Solution.objects.filter(opportunity__outcome=outcome).count() == (
        scale.discovery_solutions
    )
    hypotheses = Hypothesis.objects.filter(product=outcome.product)
    assert hypotheses.count() == scale.discovery_solutions // 2
    assert Verdict.objects.filter(hypothesis__in=hypotheses).count() > 0
    client = Client()
    client.force_login(context.owner)
    url = reverse("discovery:outcome", kwargs={"slug": context.workspace.slug, "pk": outcome.pk})
    client.get(url)
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.status_code == 200
    assert escape(opportunities.first().title) in page.content.decode()

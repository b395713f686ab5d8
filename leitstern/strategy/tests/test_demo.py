from __future__ import annotations

import pytest
from django.test import Client

from leitstern.site.demo import DEMO_SLUG
from leitstern.strategy.models import CheckIn, Cycle, Metric, Objective


@pytest.mark.django_db
def test_the_demo_has_a_north_star_two_cycles_and_check_ins(demo):
    north_star = Metric.objects.get(product__name="Storefront", role="north_star")
    assert north_star.values.count() == 52
    assert Metric.objects.filter(product__name="Storefront", role="input").count() == 4
    past, current = Cycle.objects.filter(workspace__slug=DEMO_SLUG).order_by("starts_on")
    assert past.is_closed and not current.is_closed
    assert all(o.learnings for o in past.objectives.all())
    assert Objective.objects.filter(cycle=current, carried_from__cycle=past).exists()
    assert CheckIn.objects.filter(key_result__objective__cycle=current).exists()
    assert Objective.objects.filter(cycle=current, team__isnull=False).exists()

    client = Client()
    client.force_login(past.objectives.first().owner)
    for url in [
        f"/w/{DEMO_SLUG}/strategy/",
        f"/w/{DEMO_SLUG}/strategy/products/{north_star.product_id}/",
        f"/w/{DEMO_SLUG}/strategy/cycles/{past.pk}/",
        f"/w/{DEMO_SLUG}/strategy/cycles/{current.pk}/",
        f"/w/{DEMO_SLUG}/strategy/at-risk/",
        f"/w/{DEMO_SLUG}/strategy/metrics/{north_star.pk}/",
    ]:
        assert client.get(url).status_code == 200, url

"""A case's numbers on the pages of the roadmap item, opportunity and hypothesis it is linked
to: through the kernel's panels, for members only, in one query whatever the number of
cases, in the reader's language."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leitstern.cases.tasks import compute_case
from leitstern.cases.tests.factory import make_case
from leitstern.discovery.tests.factory import make_hypothesis, make_opportunity
from leitstern.roadmap.tests.factory import make_item, make_roadmap

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _computed(world, **links):
    case = make_case(world, name="Assistant", **links)
    compute_case.call(case_id=case.pk, revision=case.revision)
    case.refresh_from_db()
    return case


def _pages(world):
    item = make_item(make_roadmap(world), world.owner, title="Assistant pilot")
    opportunity = make_opportunity(world)
    hypothesis = make_hypothesis(world)
    slug = world.workspace.slug
    return {
        "item": (item, reverse("roadmap:item", args=[slug, item.pk])),
        "opportunity": (opportunity, reverse("discovery:opportunity", args=[slug, opportunity.pk])),
        "hypothesis": (hypothesis, reverse("discovery:hypothesis", args=[slug, hypothesis.pk])),
    }


@pytest.mark.parametrize("link", ["roadmap_item", "opportunity", "hypothesis"])
def test_the_linked_case_shows_its_chance_of_a_loss_median_npv_and_payback(world, link):
    pages = _pages(world)
    obj, url = pages["item" if link == "roadmap_item" else link]
    html = _client(world.viewer).get(url).content.decode()
    assert "Median net present value" not in html  # no case linked: no panel
    case = _computed(world, **{link: obj})
    html = _client(world.viewer).get(url).content.decode()
    assert f"/cases/{case.pk}/" in html and "Assistant" in html
    result = case.result
    from leitstern.cases.selectors import money, percent

    assert percent(result["probability_of_loss"]) in html
    assert money(result["npv"]["percentiles"]["50"], "EUR") in html
    world.viewer.language = "de"
    world.viewer.save()
    german = _client(world.viewer).get(url).content.decode()
    assert "Medianer Kapitalwert" in german


def test_the_panel_costs_one_query_whatever_the_number_of_cases(world):
    pages = _pages(world)
    hypothesis, url = pages["hypothesis"]
    make_case(world, template="blank", hypothesis=hypothesis)
    client = _client(world.viewer)
    client.get(url)  # the first request of a session reads more than every later one
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        make_case(world, template="blank", hypothesis=hypothesis)
    with CaptureQueriesContext(connection) as four:
        html = client.get(url).content.decode()
    assert html.count("Not simulated yet.") == 4
    assert len(four) == len(one), "\n".join(q["sql"][:90] for q in four.captured_queries)


def test_an_outsider_sees_neither_the_page_nor_the_panel(world):
    pages = _pages(world)
    item, url = pages["item"]
    _computed(world, roadmap_item=item)
    assert _client(world.outsider).get(url).status_code == 404

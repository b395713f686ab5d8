"""The requests behind a roadmap item or an opportunity, on their pages: counts, revenue
once per organisation (only for the roles that may see it), open commitments with risk,
the second-hand flag, and a query count that does not grow with the requests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leitstern.customers.tests.factory import make_organisation
from leitstern.discovery.tests.factory import make_opportunity
from leitstern.requests import services
from leitstern.requests.models import Status
from leitstern.requests.selectors.panels import requests_behind
from leitstern.requests.tests.factory import make_commitment, make_request
from leitstern.roadmap.tests.factory import make_item, make_roadmap

pytestmark = pytest.mark.django_db


def _plan(world, item, *requests):
    for request in requests:
        services.request_triage(
            actor=world.editor, request=request, status=Status.PLANNED, roadmap_item=item
        )


def _item_page(client, world, user, item, lang="en"):
    user.language = lang
    user.save(update_fields=["language"])
    client.force_login(user)
    url = reverse("roadmap:item", args=[world.workspace.slug, item.pk])
    return client.get(url).content.decode()


def test_item_panel_counts_each_organisation_once_and_lists_commitments(client, world):
    a = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    b = make_organisation(world.workspace, world.owner, "Gartenwelt Schulze")
    item = make_item(make_roadmap(world), world.owner, title="Pay on invoice")
    first = make_request(world, organisations=[a], arr="1000", title="Invoice for shops")
    second = make_request(world, organisations=[a, b], arr="2500", title="Invoice at checkout")
    _plan(world, item, first, second)
    make_commitment(world, second, what="Invoice payment by spring", roadmap_item=item)

    data = requests_behind(
        world.workspace, by="roadmap_item", target_id=item.pk, revenue_visible=True
    )
    assert (data.requests, data.organisations) == (2, 2)
    # a asked twice (1,000 and 2,500) and counts once at its larger; b 2,500.
    assert data.revenue == Decimal("5000")

    html = _item_page(client, world, world.contributor, item)
    assert "Sales requests behind it" in html
    assert "Invoice for shops" in html and "Invoice at checkout" in html
    assert "5,000 EUR at stake" in html
    assert "Invoice payment by spring" in html and "no forecast" in html
    assert "second-hand" in html


def test_viewers_see_the_requests_but_not_the_revenue(client, world):
    item = make_item(make_roadmap(world), world.owner)
    _plan(world, item, make_request(world, arr="7777", title="Weekly payouts"))
    html = _item_page(client, world, world.viewer, item)
    assert "Weekly payouts" in html
    assert "at stake" not in html and "7,777" not in html and "EUR" not in html


def test_an_item_without_requests_shows_no_panel(client, world):
    item = make_item(make_roadmap(world), world.owner)
    assert "Sales requests behind it" not in _item_page(client, world, world.owner, item)


def test_the_panel_speaks_german(client, world):
    item = make_item(make_roadmap(world), world.owner)
    _plan(world, item, make_request(world, arr="1000"))
    html = _item_page(client, world, world.editor, item, lang="de")
    assert "Sales requests behind it" not in html
    assert "Anfragen dahinter" in html and "aus zweiter Hand" in html


def test_opportunity_panel_flags_requests_as_second_hand(client, world):
    opportunity = make_opportunity(world, title="Buyers distrust delivery dates")
    request = make_request(world, arr="4000", title="Delivery date in the cart")
    services.request_triage(
        actor=world.editor, request=request, status=Status.LINKED, opportunity=opportunity
    )
    client.force_login(world.editor)
    html = client.get(
        reverse("discovery:opportunity", args=[world.workspace.slug, opportunity.pk])
    ).content.decode()
    assert "Delivery date in the cart" in html
    assert "not from the customers directly" in html and "second-hand" in html
    assert "4,000 EUR at stake" in html
    # No research quote backs it: the requests alone are second-hand.
    assert "No customer was heard directly on this" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    import os

    if os.environ.get("SHOWQ"):
        for q in captured.captured_queries:
            print(q["sql"][:230])
    return len(captured)


def test_the_panel_needs_the_same_queries_for_more_requests(client, world):
    roadmap = make_roadmap(world)
    small, large = make_item(roadmap, world.owner), make_item(roadmap, world.owner)
    _plan(world, small, make_request(world))
    make_commitment(world, roadmap_item=small)
    many = [
        make_request(world, organisations=[make_organisation(world.workspace, world.owner)])
        for _ in range(12)
    ]
    _plan(world, large, *many)
    for request in many[:4]:
        make_commitment(world, request, roadmap_item=large)
    client.force_login(world.contributor)
    url = lambda item: reverse("roadmap:item", args=[world.workspace.slug, item.pk])  # noqa: E731
    _queries(client, url(small))  # warm caches shared by both
    assert _queries(client, url(small)) == _queries(client, url(large))


def test_item_and_opportunity_pages_stay_within_twenty_queries_with_forecast_risks(client, world):
    """The busiest case: an item with a team forecast, requests, an opportunity and live
    commitments. Their risk is read as stored, not computed from the forecast per page."""
    from leitstern.forecasts.tests.factory import make_team

    team = make_team(world, "Checkout squad", days=120, per_day=2.0)
    item = make_item(make_roadmap(world), world.owner, team=team, size_items=20, horizon="now")
    opportunity = make_opportunity(world)
    many = [
        make_request(world, organisations=[make_organisation(world.workspace, world.owner)])
        for _ in range(6)
    ]
    for request in many:
        services.request_triage(
            actor=world.editor,
            request=request,
            status=Status.PLANNED,
            roadmap_item=item,
            opportunity=opportunity,
        )
    for days, request in zip((5, 30, 90), many, strict=False):
        make_commitment(world, request, days=days, roadmap_item=item)
    client.force_login(world.owner)
    pages = [
        reverse("roadmap:item", args=[world.workspace.slug, item.pk]),
        reverse("discovery:opportunity", args=[world.workspace.slug, opportunity.pk]),
    ]
    for url in pages:
        _queries(client, url)  # warm the caches every page shares
        assert _queries(client, url) <= 20, url

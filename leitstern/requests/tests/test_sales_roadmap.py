"""The sales view of the roadmap: only what the sales audience view shows, which of a
salesperson's accounts' requests each item answers, commitments with their risk."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leitstern.customers.tests.factory import make_organisation
from leitstern.requests import services
from leitstern.requests.models import Status
from leitstern.requests.tests.factory import make_commitment, make_request
from leitstern.roadmap.tests.factory import make_audience, make_item, make_roadmap

pytestmark = pytest.mark.django_db


def _url(world, query=""):
    return reverse("requests:sales_roadmap", args=[world.workspace.slug]) + query


def _plan(world, item, request):
    services.request_triage(
        actor=world.editor, request=request, status=Status.PLANNED, roadmap_item=item
    )


def test_it_shows_what_the_sales_view_shows_and_nothing_else(client, world):
    roadmap = make_roadmap(world)
    make_item(
        roadmap, world.owner, title="Pay on invoice", horizon="now", outcome="Buyers pay later"
    )
    make_item(roadmap, world.owner, title="Gift cards", horizon="later")
    make_item(roadmap, world.owner, title="Own payment provider", horizon="not_doing")
    make_audience(
        world,
        name="Sales team",
        preset="sales",
        item_fields=["status"],
        horizons=["now", "next", "later"],
    )
    client.force_login(world.contributor)
    html = client.get(_url(world)).content.decode()
    assert "Pay on invoice" in html and "Gift cards" in html
    assert "Own payment provider" not in html  # "not doing" is not in the sales view
    assert "Buyers pay later" not in html  # the outcome field is not shared with sales
    assert "“Sales team”" in html


def test_without_a_saved_sales_view_the_preset_applies(client, world):
    make_item(make_roadmap(world), world.owner, title="Weekly payouts", outcome="Cash sooner")
    client.force_login(world.viewer)
    html = client.get(_url(world)).content.decode()
    assert "Weekly payouts" in html and "Cash sooner" in html
    assert "sales preset" in html


def test_my_accounts_show_the_items_answering_their_requests(client, world):
    roadmap = make_roadmap(world)
    mine = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    theirs = make_organisation(world.workspace, world.owner, "Gartenwelt Schulze")
    invoice = make_item(roadmap, world.owner, title="Pay on invoice", horizon="now")
    payouts = make_item(roadmap, world.owner, title="Weekly payouts", horizon="next")
    asked = make_request(world, organisations=[mine], title="Invoice for Albrecht")
    _plan(world, invoice, asked)
    _plan(world, payouts, make_request(world, organisations=[theirs], actor=world.editor))
    make_commitment(world, asked, what="Invoice by spring", roadmap_item=invoice)

    client.force_login(world.contributor)
    html = client.get(_url(world, "?mine=1")).content.decode()
    assert "Pay on invoice" in html and "Invoice for Albrecht" in html
    assert "Modehaus Albrecht" in html
    assert "Weekly payouts" not in html and "Gartenwelt Schulze" not in html
    assert "Invoice by spring" in html and "do not promise yet" in html

    one = client.get(_url(world, f"?account={theirs.pk}")).content.decode()
    assert "Weekly payouts" in one and "Pay on invoice" not in one


def test_an_account_of_another_workspace_is_not_found(client, world):
    elsewhere = make_organisation(world.other_workspace, world.owner, "Fremd GmbH")
    client.force_login(world.contributor)
    assert client.get(_url(world, f"?account={elsewhere.pk}")).status_code == 404
    assert client.get(_url(world, "?account=abc")).status_code == 404


def test_a_salesperson_without_accounts_is_told_so(client, world):
    make_item(make_roadmap(world), world.owner, title="Weekly payouts")
    client.force_login(world.viewer)
    html = client.get(_url(world, "?mine=1")).content.decode()
    assert "You have no accounts here yet" in html and "Weekly payouts" not in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_needs_the_same_queries_for_more_items_and_requests(client, world):
    roadmap = make_roadmap(world)
    organisation = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")

    def add(n):
        for _ in range(n):
            item = make_item(roadmap, world.owner, horizon="now")
            _plan(world, item, make_request(world, organisations=[organisation]))

    add(1)
    client.force_login(world.contributor)
    for query in ("", "?mine=1"):
        _queries(client, _url(world, query))
        before = _queries(client, _url(world, query))
        add(5)
        assert _queries(client, _url(world, query)) == before


def test_the_page_speaks_german(client, world):
    make_item(make_roadmap(world), world.owner, title="Weekly payouts")
    world.contributor.language = "de"
    world.contributor.save(update_fields=["language"])
    client.force_login(world.contributor)
    html = client.get(_url(world)).content.decode()
    assert "Roadmap für den Vertrieb" in html and "Alles, was kommt" in html
    assert "Everything coming" not in html


def test_mine_reads_the_accounts_as_a_subquery_however_many_there_are(client, world):
    """A salesperson who looks after many accounts: their ids are never sent as a list
    (thousands of ids made the page take minutes); the queries do not grow."""
    from leitstern.requests.selectors.sales import my_accounts

    roadmap = make_roadmap(world)
    item = make_item(roadmap, world.owner, horizon="now")

    def add(n):
        for _ in range(n):
            organisation = make_organisation(world.workspace, world.owner)
            _plan(world, item, make_request(world, organisations=[organisation]))

    add(1)
    client.force_login(world.contributor)
    _queries(client, _url(world, "?mine=1"))
    before = _queries(client, _url(world, "?mine=1"))
    add(30)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_url(world, "?mine=1")).status_code == 200
    assert len(captured) == before
    mine = set(my_accounts(world.workspace, world.contributor).values_list("pk", flat=True))
    assert len(mine) == 31
    # No query names the accounts one by one (a list of ids as long as theirs).
    assert not any(re.search(r"IN \((\d+, ){30}\d+\)", q["sql"]) for q in captured)

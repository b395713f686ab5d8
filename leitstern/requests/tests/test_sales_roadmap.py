"""The sales view of the roadmap: only what the sales audience view shows, which of a
salesperson's accounts' requests each item answers, commitments with their risk."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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


def _page_data(data):
    """What the page shows of a sales roadmap, as plain values."""
    return [
        (
            lane.horizon,
            lane.count,
            [
                (
                    row.item.pk,
                    row.requests,
                    row.accounts,
                    row.promises,
                    row.more_asks,
                    [(a.request_id, [o.pk for o in a.accounts]) for a in row.asks],
                    [c.pk for c, _risk in row.commitments],
                )
                for row in lane.items
            ],
        )
        for lane in data.lanes
    ]


def _busy_world(world):
    """Items with requests of several accounts, some merged or not planned, commitments,
    and an item outside the sales view."""
    from leitstern.requests.selectors.sales import my_accounts

    roadmap = make_roadmap(world)
    mine = [make_organisation(world.workspace, world.owner, f"Mein Kunde {n}") for n in range(3)]
    theirs = [make_organisation(world.workspace, world.owner, f"Fremd {n}") for n in range(2)]
    items = [make_item(roadmap, world.owner, horizon=h) for h in ("now", "next", "later", "now")]
    hidden = make_item(roadmap, world.owner, horizon="not_doing")
    for n, item in enumerate([*items, hidden]):
        for k in range(n + 2):
            asking = [mine[k % 3]] if k % 2 else [theirs[k % 2], mine[(k + 1) % 3]]
            _plan(world, item, make_request(world, organisations=asking, actor=world.editor))
    _plan(world, items[3], make_request(world, organisations=theirs, actor=world.editor))
    source = make_request(world, organisations=[mine[0]], actor=world.editor)
    _plan(world, items[1], source)
    target = make_request(world, organisations=[theirs[0]], actor=world.editor)
    _plan(world, items[2], target)
    services.request_merge(actor=world.editor, target=target, sources=[source])
    make_commitment(world, make_request(world, organisations=[mine[1]]), roadmap_item=items[0])
    return my_accounts(world.workspace, world.editor), mine, items


def test_both_ways_of_finding_the_items_give_the_same_page(world):
    from leitstern.customers.models import Organisation
    from leitstern.requests.selectors.sales import sales_roadmap

    _mine, organisations, _items = _busy_world(world)
    chosen = {
        "a person": {"person": world.editor},
        "two accounts": {
            "organisations": Organisation.objects.filter(pk__in=[o.pk for o in organisations[:2]])
        },
        "one account": {"organisations": Organisation.objects.filter(pk=organisations[2].pk)},
    }
    for name, how in chosen.items():
        by_accounts = _page_data(sales_roadmap(world.workspace, item_driven=False, **how))
        by_items = _page_data(sales_roadmap(world.workspace, item_driven=True, **how))
        assert by_accounts == by_items, name
        assert any(row[5] for _h, _n, rows in by_items for row in rows), name


def test_the_way_depends_on_how_many_accounts_are_chosen():
    from leitstern.requests.selectors.sales import by_items

    assert not by_items(3, 10_000)
    assert not by_items(250, 1_000)
    assert not by_items(500, 10_000)  # 5 % of the organisations
    assert by_items(501, 10_000)
    assert by_items(1_153, 10_000)
    # PostgreSQL decides by the accounts alone: a probe per item does not walk the
    # workspace's organisations.
    assert by_items(1_153, 10_000, vendor="postgresql")
    assert by_items(251, vendor="postgresql")
    assert not by_items(250, vendor="postgresql")


def test_each_item_lists_its_five_newest_asks_and_links_the_rest(client, world):
    roadmap = make_roadmap(world)
    mine = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    busy = make_item(roadmap, world.owner, title="Pay on invoice", horizon="now")
    quiet = make_item(roadmap, world.owner, title="Weekly payouts", horizon="next")
    for n in range(7):
        _plan(world, busy, make_request(world, organisations=[mine], title=f"Invoice ask {n}"))
    _plan(world, quiet, make_request(world, organisations=[mine], title="Payout ask"))

    client.force_login(world.contributor)
    html = client.get(_url(world, "?mine=1")).content.decode()
    listed = re.findall(r"Invoice ask (\d)", html)
    assert listed == ["6", "5", "4", "3", "2"]  # newest first
    assert "Only the 5 newest requests are listed." in html
    assert reverse("roadmap:item", args=[world.workspace.slug, busy.pk]) in html
    assert "Payout ask" in html  # every item has its own, no cap over the page
    assert html.count("newest requests are listed") == 1
    assert "Answers 7 requests" in html and "Answers 1 request" in html


def test_the_totals_read_from_the_roll_ups_are_the_counted_ones(world):
    """Each item's requests (not merged) and the organisations asking in them: stored in
    the roll-ups, and counted now while they are not current."""
    from leitstern.requests.selectors.revenue import _totals, item_totals, rollups_current
    from leitstern.requests.selectors.sales import sales_roadmap

    _mine, _organisations, items = _busy_world(world)
    rejected = make_request(world, actor=world.editor)
    _plan(world, items[0], rejected)
    services.request_triage(
        actor=world.editor, request=rejected, status=Status.NOT_PLANNED, reason="No", answer="No"
    )
    ids = [item.pk for item in items]
    stored = item_totals(world.workspace, ids)
    fresh = _totals(world.workspace, "roadmap_item", ids)
    assert stored == {i: (v["requests"], v["asking"]) for i, v in fresh.items()}
    # Organisations changed around the services: the stored roll-ups are not read.
    from leitstern.customers.models import Organisation

    Organisation.objects.filter(workspace=world.workspace).update(updated_at=timezone.now())
    assert not rollups_current(world.workspace)
    assert item_totals(world.workspace, ids) == stored
    lanes = sales_roadmap(world.workspace).lanes
    shown = {row.item.pk: (row.requests, row.accounts) for lane in lanes for row in lane.items}
    assert {i: shown[i] for i in stored} == stored


def test_my_accounts_need_a_fixed_number_of_queries(client, world):
    """However many accounts, items, requests and asks: at most 20 queries, the same with
    more of everything."""
    roadmap = make_roadmap(world)

    def add(n):
        for _ in range(n):
            item = make_item(roadmap, world.owner, horizon="now")
            organisations = [make_organisation(world.workspace, world.owner) for _ in range(2)]
            for _ in range(7):
                _plan(world, item, make_request(world, organisations=organisations))
            make_commitment(world, make_request(world, organisations=organisations[:1]))

    add(1)
    client.force_login(world.contributor)
    _queries(client, _url(world, "?mine=1"))
    before = _queries(client, _url(world, "?mine=1"))
    add(4)
    assert _queries(client, _url(world, "?mine=1")) == before <= 20

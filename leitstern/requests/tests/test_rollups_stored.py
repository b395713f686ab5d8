"""The stored revenue roll-ups equal the roll-ups computed now from every request account,
after each kind of change: a request planned, merged, unlinked, closed as not planned, an
account added; on the customers' side an organisation's segment or revenue changed, two
organisations merged, a segment deleted. A change written around the services (an
organisation deleted or edited directly) makes the pages compute the roll-ups now until
the daily run stores them anew; a read never writes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leitstern.customers import services as customers
from leitstern.customers.tests.factory import make_organisation, make_segment
from leitstern.discovery.tests.factory import make_opportunity
from leitstern.requests import services
from leitstern.requests.large import same_rollup
from leitstern.requests.models import RevenueRollup, Status
from leitstern.requests.selectors.panels import requests_behind
from leitstern.requests.selectors.revenue import (
    rollup_refresh_all,
    rollups,
    rollups_computed,
    rollups_current,
    rollups_stored,
)
from leitstern.requests.tests.factory import make_request
from leitstern.roadmap.tests.factory import make_item, make_roadmap

pytestmark = pytest.mark.django_db


def _same(world) -> None:
    """The stored roll-ups are current and the computed ones, for items and opportunities."""
    assert rollups_current(world.workspace)
    for by in ("roadmap_item", "opportunity"):
        stored = {r.target_id: r for r in rollups_stored(world.workspace, by=by)}
        fresh = {r.target_id: r for r in rollups_computed(world.workspace, by=by)}
        assert set(stored) == set(fresh), by
        for target, rollup in fresh.items():
            assert same_rollup(stored[target], rollup), (by, target, stored[target], rollup)


@pytest.fixture
def setup(world):
    retail = make_segment(world.workspace, world.owner, "Retail")
    a = make_organisation(world.workspace, world.owner, "Modehaus Albrecht", segment=retail)
    b = make_organisation(world.workspace, world.owner, "Gartenwelt Schulze")
    c = make_organisation(world.workspace, world.owner, "Bäckerei Brandt", segment=retail)
    item = make_item(make_roadmap(world), world.owner, title="Pay on invoice")
    opportunity = make_opportunity(world)
    first = make_request(world, organisations=[a], arr="1000")
    second = make_request(world, organisations=[a, b], arr="2500")
    third = make_request(world, organisations=[c], arr="9000")
    for request in (first, second, third):
        services.request_triage(
            actor=world.editor, request=request, status=Status.PLANNED, roadmap_item=item
        )
    services.request_triage(
        actor=world.editor, request=second, status=Status.LINKED, opportunity=opportunity,
        roadmap_item=item,
    )  # fmt: skip
    return world, (a, b, c), item, opportunity, (first, second, third), retail


def test_planning_and_linking_store_the_totals(setup):
    world, (_a, _b, _c), _item, _opportunity, _requests, _retail = setup
    _same(world)
    (found,) = rollups(world.workspace, by="roadmap_item")
    # a asked twice (1,000 and 2,500): once at its larger; b 2,500; c 9,000.
    assert (found.revenue, found.accounts) == (Decimal("14000"), 3)
    assert found.segments == {"": 1, "Retail": 2}
    assert found.dominated and found.largest_name == "Bäckerei Brandt"


def test_merge_counts_an_organisation_asking_twice_once(setup):
    world, _orgs, _item, _opportunity, (first, second, _third), _retail = setup
    services.request_merge(actor=world.editor, target=second, sources=[first])
    _same(world)
    (found,) = rollups(world.workspace, by="roadmap_item")
    assert (found.revenue, found.accounts, found.requests) == (Decimal("14000"), 3, 3)


def test_unlinking_and_closing_leave_the_totals(setup):
    world, _orgs, item, _opportunity, (_first, second, third), _retail = setup
    services.request_triage(actor=world.editor, request=third, status=Status.REVIEW)
    _same(world)
    services.request_triage(
        actor=world.editor, request=second, status=Status.NOT_PLANNED, roadmap_item=item,
        reason="Too small a market.", answer="Not this year.",
    )  # fmt: skip
    _same(world)
    data = requests_behind(
        world.workspace, by="roadmap_item", target_id=item.pk, revenue_visible=True
    )
    assert (data.requests, data.open, data.organisations) == (2, 1, 2)
    assert data.revenue == Decimal("1000")
    assert rollups(world.workspace, by="opportunity") == []


def test_an_account_added_counts(setup):
    world, (_a, _b, _c), _item, _opportunity, (first, _second, _third), _retail = setup
    d = make_organisation(world.workspace, world.owner, "Weingut Roth")
    services.account_add(
        actor=world.editor,
        request=first,
        account=services.AccountInput(organisation=d, arr=Decimal("40000")),
    )
    _same(world)
    (found,) = rollups(world.workspace, by="roadmap_item")
    assert found.largest_name == "Weingut Roth"


def test_a_read_checks_the_stored_state_in_one_query(setup):
    world = setup[0]
    with CaptureQueriesContext(connection) as queries:
        assert rollups_current(world.workspace)
    assert len(queries) == 1


def test_organisation_changes_through_the_customers_services_are_stored(setup):
    world, (a, b, c), _item, _opportunity, _requests, retail = setup
    customers.organisation_update(actor=world.owner, organisation=b, segment=retail)
    _same(world)
    (found,) = rollups(world.workspace, by="roadmap_item")
    assert found.segments == {"Retail": 3}
    customers.organisation_update(actor=world.owner, organisation=a, arr=Decimal("123456"))
    _same(world)
    customers.organisation_merge(actor=world.owner, keep=c, duplicate=a)
    _same(world)
    (found,) = rollups(world.workspace, by="roadmap_item")
    assert found.accounts == 2
    retail.delete()  # its organisations keep no segment; names are read when shown
    _same(world)
    (found,) = rollups(world.workspace, by="roadmap_item")
    assert found.segments == {"": 2}


def test_changes_around_the_services_are_computed_on_read_until_the_daily_run(setup):
    world, (_a, b, c), item, _opportunity, _requests, retail = setup
    from django.utils import timezone

    from leitstern.core.tests.crawler import database_state, state_differences
    from leitstern.customers.models import Organisation

    Organisation.objects.filter(pk=b.pk).update(segment=retail, updated_at=timezone.now())
    assert not rollups_current(world.workspace)
    before = database_state()
    (found,) = rollups(world.workspace, by="roadmap_item")
    assert found.segments == {"Retail": 3}  # computed now
    data = requests_behind(
        world.workspace, by="roadmap_item", target_id=item.pk, revenue_visible=True
    )
    assert (data.requests, data.revenue) == (3, Decimal("14000"))
    assert state_differences(before, database_state()) == []  # a read writes nothing
    rollup_refresh_all(world.workspace)  # the daily run
    _same(world)
    c.delete()
    assert not rollups_current(world.workspace)
    (found,) = rollups(world.workspace, by="roadmap_item")
    assert found.revenue == Decimal("5000")  # a once at 2,500, b 2,500
    rollup_refresh_all(world.workspace)
    _same(world)
    assert RevenueRollup.objects.filter(workspace=world.workspace).count() == 2


def test_the_module_listens_to_the_customers_organisations():
    from leitstern.customers.signals import organisations_changed as signal
    from leitstern.requests.apps import organisations_changed

    assert any(receiver() is organisations_changed for _key, receiver, *_ in signal.receivers)

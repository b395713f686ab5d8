"""The lists read in pages give the same rows, order and numbers as summing every request
first: the requests list and the accounts asking."""

from __future__ import annotations

from decimal import Decimal

import pytest

from leitstern.customers.tests.factory import make_organisation
from leitstern.requests import selectors, services
from leitstern.requests.tests.factory import make_request

pytestmark = pytest.mark.django_db


def _org(world, name=""):
    return make_organisation(world.workspace, world.owner, name)


def test_the_shown_rows_get_the_revenue_and_accounts_of_every_asking_organisation(world):
    a, b = _org(world), _org(world)
    two = make_request(world, organisations=[a, b], arr="1200")
    one = make_request(world, organisations=[a], arr="300")
    rows = selectors.add_revenue(selectors.listed(world.workspace))
    assert [r.pk for r in rows] == [one.pk, two.pk]  # newest first
    assert [(r.revenue, r.account_count) for r in rows] == [
        (Decimal("300"), 1),
        (Decimal("2400"), 2),
    ]
    summed = {r.pk: (r.revenue, r.account_count) for r in selectors.requests_of(world.workspace)}
    assert {r.pk: (r.revenue, r.account_count) for r in rows} == summed


def test_accounts_asking_rank_by_revenue_then_name_and_leave_out_those_without_requests(world):
    big, zeta, alpha = _org(world, "Big"), _org(world, "Zeta"), _org(world, "Alpha")
    _org(world, "Never asked")
    make_request(world, organisations=[big], arr="900")
    make_request(world, organisations=[big], arr="100")
    make_request(world, organisations=[zeta, alpha], arr="50")
    found = [
        (o.name, o.request_count, o.revenue) for o in selectors.accounts_asking(world.workspace)
    ]
    assert found == [
        ("Big", 2, Decimal("1000")),
        ("Alpha", 1, Decimal("50")),
        ("Zeta", 1, Decimal("50")),
    ]


def test_a_merge_moves_the_accounts_totals_with_the_organisations(world):
    a, b = _org(world, "A"), _org(world, "B")
    target = make_request(world, organisations=[a], arr="100")
    source = make_request(world, organisations=[a, b], arr="400")
    services.request_merge(actor=world.editor, target=target, sources=[source])
    found = {
        o.name: (o.request_count, o.revenue) for o in selectors.accounts_asking(world.workspace)
    }
    assert found == {"A": (1, Decimal("400")), "B": (1, Decimal("400"))}

"""Linear's GraphQL API against a stub server: cursor pagination, started and completed
dates, cancelled issues, Linear's error codes for rate limits and authentication."""

from __future__ import annotations

from datetime import date

from leitstern.connectors import services
from leitstern.connectors.tests.factory import make_connector
from leitstern.connectors.tests.stub import fixture
from leitstern.forecasts.models import WorkItem

KEY = "lin_api_0123456789abcdefghij"


def _connector(stub, team, **data):
    return make_connector(
        team, kind="linear", url=f"{stub.url}/graphql", scope="ENG", secret=KEY, **data
    )


def _sync(connector, **kwargs):
    result = services.sync_run(connector_id=connector.pk, **kwargs)
    connector.refresh_from_db()
    return result


def _after(cursor):
    return lambda seen: (seen.body or {}).get("variables", {}).get("after") == cursor


def test_issues_page_by_cursor_with_start_and_completion_dates(db, stub, team):
    stub.add("POST", "/graphql", fixture("linear/issues_page1.json"), match=_after(None))
    stub.add(
        "POST", "/graphql", fixture("linear/issues_page2.json"), match=_after("6f0a1b2c-cursor-1")
    )
    connector = _connector(stub, team, labels="Checkout")

    _sync(connector)

    items = {i.key: (i.created, i.started, i.done) for i in WorkItem.objects.filter(team=team)}
    assert items == {
        "ENG-12": (date(2026, 10, 1), date(2026, 10, 3), date(2026, 10, 21)),
        "ENG-13": (date(2026, 10, 4), date(2026, 10, 6), None),
        "ENG-15": (date(2026, 10, 6), date(2026, 10, 7), date(2026, 11, 2)),
    }  # ENG-14 was cancelled
    first = stub.seen[0]
    assert first.headers["authorization"] == KEY  # a personal key goes as it is
    assert first.body["variables"]["filter"] == {
        "team": {"key": {"eq": "ENG"}},
        "labels": {"some": {"name": {"eq": "Checkout"}}},
    }
    assert "first: 100" in first.body["query"]
    assert connector.problem == "" and connector.items == 3


def test_the_next_sync_asks_for_issues_updated_since(db, stub, team):
    stub.add("POST", "/graphql", fixture("linear/issues_page2.json"))
    connector = _connector(stub, team)
    _sync(connector)
    _sync(connector)
    assert "updatedAt" in stub.seen[-1].body["variables"]["filter"]


def test_linears_rate_limit_and_authentication_codes(db, stub, team):
    stub.add(
        "POST",
        "/graphql",
        fixture("linear/ratelimited.json"),
        status=400,
        headers={"X-RateLimit-Requests-Reset": "1796000000000"},
        match=lambda seen: seen.headers["authorization"] == KEY,
    )
    stub.add("POST", "/graphql", fixture("linear/auth_error.json"), status=400)
    limited = _connector(stub, team)
    expired = make_connector(
        team, kind="linear", url=f"{stub.url}/graphql", scope="ENG", secret="lin_oauth_x"
    )

    _sync(limited)
    _sync(expired)

    assert limited.problem == "rate_limited" and limited.retry_after.year == 2026
    assert expired.problem == "expired"
    assert stub.seen[-1].headers["authorization"] == "Bearer lin_oauth_x"


def test_the_connection_test_finds_the_team(db, stub, team):
    stub.add("POST", "/graphql", fixture("linear/check.json"))
    checked = services.connection_test(connector=_connector(stub, team))
    assert (checked.ok, checked.account) == (True, "Jonas Keller")

"""GitHub's REST issues list against a stub server replaying its response shapes: Link
pagination, issues against pull requests, closed as completed or not planned, incremental
reads by ``since``, the primary rate limit, bad credentials, an unknown repository."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from leitstern.connectors import services
from leitstern.connectors.tests.factory import make_connector
from leitstern.connectors.tests.stub import fixture
from leitstern.forecasts.models import WorkItem

TOKEN = "github_pat_11ABCDEFG0123456789"
ISSUES = "/repos/nordwind/shop/issues"
NEXT = '<{base}/repositories/1296269/issues?state=all&per_page=100&page=2>; rel="next", <{base}/repositories/1296269/issues?state=all&per_page=100&page=2>; rel="last"'  # noqa: E501


def _pages(stub, first=None, second=None):
    stub.add("GET", ISSUES, first or fixture("github/issues_page1.json"), headers={"Link": NEXT})
    stub.add(
        "GET",
        "/repositories/1296269/issues",
        second or fixture("github/issues_page2.json"),
        query={"page": "2"},
    )


def _connector(stub, team, **data):
    return make_connector(
        team, kind="github", url=stub.url, scope="nordwind/shop", secret=TOKEN, **data
    )


def _items(team) -> dict[str, tuple]:
    return {i.key: (i.created, i.done) for i in WorkItem.objects.filter(team=team)}


def _sync(connector, **kwargs):
    result = services.sync_run(connector_id=connector.pk, **kwargs)
    connector.refresh_from_db()
    return result


def test_issues_follow_the_link_header_and_leave_pull_requests_out(db, stub, team):
    _pages(stub)
    connector = _connector(stub, team, labels="checkout, payments", milestone="3")

    result = _sync(connector)

    assert _items(team) == {
        "nordwind/shop#101": (date(2026, 10, 2), date(2026, 10, 28)),
        "nordwind/shop#102": (date(2026, 10, 10), None),
        # Closed at 23:30 UTC is 00:30 the next day in Berlin.
        "nordwind/shop#106": (date(2026, 10, 20), date(2026, 11, 4)),
    }  # 104 was closed as not planned: not finished work, and not open either
    first = stub.requests(ISSUES)[0]
    assert first.query == {
        "state": "all",
        "sort": "updated",
        "direction": "asc",
        "per_page": "100",
        "labels": "checkout,payments",
        "milestone": "3",
    }
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert first.headers["x-github-api-version"] == "2022-11-28"
    assert len(stub.requests("/repositories/1296269/issues")) == 1
    assert result["read"] == 4 and connector.items == 3


def test_pull_requests_are_finished_when_merged(db, stub, team):
    _pages(stub)
    connector = _connector(stub, team, github_items="pulls")

    _sync(connector)

    # 105 was closed without merging: gone.
    assert _items(team) == {"nordwind/shop#103": (date(2026, 10, 11), date(2026, 10, 12))}


def test_an_open_issue_later_closed_as_not_planned_leaves_the_history(db, stub, team):
    page = fixture("github/issues_page2.json")
    reopened = copy.deepcopy(page)
    reopened[0].update(state="open", state_reason=None, closed_at=None)
    route = stub.add("GET", ISSUES, reopened)
    connector = _connector(stub, team)
    _sync(connector)
    assert "nordwind/shop#104" in _items(team)

    route.body = page
    result = _sync(connector)

    assert "nordwind/shop#104" not in _items(team)
    assert result["removed"] == 1
    since = stub.requests(ISSUES)[-1].query["since"]
    assert datetime.fromisoformat(since.replace("Z", "+00:00")) <= timezone.now()


def test_the_rate_limit_waits_until_the_reset_github_names(db, stub, team):
    reset = int((datetime.now(UTC) + timedelta(minutes=30)).timestamp())
    stub.add(
        "GET",
        ISSUES,
        fixture("github/rate_limited.json"),
        status=403,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)},
    )
    connector = _connector(stub, team)

    _sync(connector)

    assert connector.problem == "rate_limited"
    assert connector.retry_after == datetime.fromtimestamp(reset, UTC)


def test_bad_credentials_and_unknown_repositories_are_told_apart(db, stub, team):
    stub.add("GET", ISSUES, fixture("github/bad_credentials.json"), status=401)
    stub.add("GET", "/repos/nordwind/gone/issues", fixture("github/not_found.json"), status=404)
    expired = _connector(stub, team)
    missing = make_connector(team, kind="github", url=stub.url, scope="nordwind/gone", secret=TOKEN)

    _sync(expired)
    _sync(missing)

    assert expired.problem == "expired" and "Bad credentials" in expired.problem_detail
    assert missing.problem == "not_found"
    assert TOKEN not in expired.problem_detail


def test_the_connection_test_names_the_repository(db, stub, team):
    stub.add("GET", "/repos/nordwind/shop", fixture("github/repo.json"))
    checked = services.connection_test(connector=_connector(stub, team))
    assert (checked.ok, checked.account) == (True, "nordwind/shop")

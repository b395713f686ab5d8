"""Jira Data Center and Cloud against a stub server replaying Jira's response shapes:
pagination both ways, incremental reads, deleted issues, rate limits, expired credentials,
a refused query, no network."""

from __future__ import annotations

import base64
import logging
from datetime import date, timedelta

import pytest
from django.utils import timezone

from leitstern.connectors import services
from leitstern.connectors.models import Connector, SyncedKey
from leitstern.connectors.tests.factory import make_connector
from leitstern.connectors.tests.stub import closed_port, fixture
from leitstern.forecasts.models import WorkItem
from leitstern.forecasts.services import items_merge

TOKEN = "jira-pat-Zq9vXw2ErT"


def _dc(stub, *pages):
    stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/serverinfo_dc.json"))
    for start, name in pages:
        stub.add("GET", "/rest/api/2/search", fixture(name), query={"startAt": str(start)})


def _items(team) -> dict[str, tuple]:
    return {
        i.key: (i.title, i.created, i.done)
        for i in WorkItem.objects.filter(team=team).order_by("key")
    }


def _sync(connector, **kwargs):
    result = services.sync_run(connector_id=connector.pk, **kwargs)
    connector.refresh_from_db()
    return result


def test_data_center_reads_every_page_and_merges_finished_and_open_items(db, stub, team):
    _dc(stub, (0, "jira/dc_search_page1.json"), (2, "jira/dc_search_page2.json"))
    connector = make_connector(
        team, url=stub.url, scope="project = CHK ORDER BY rank", secret=TOKEN
    )

    result = _sync(connector)

    assert _items(team) == {
        "CHK-1": ("Pay by invoice (Rechnungskauf)", date(2026, 10, 1), date(2026, 10, 20)),
        # 23:30 in Berlin on 2 November is that day, whatever UTC says.
        "CHK-2": ("Apple Pay on the product page", date(2026, 10, 5), date(2026, 11, 2)),
        "CHK-3": ("Refund status e-mail", date(2026, 11, 10), None),  # open
    }
    searches = stub.requests("/rest/api/2/search")
    assert [s.query["startAt"] for s in searches] == ["0", "2"]
    assert searches[0].query["jql"] == "project = CHK ORDER BY key ASC"  # its own ORDER BY goes
    assert "resolutiondate" in searches[0].query["fields"]
    assert all(s.headers["authorization"] == f"Bearer {TOKEN}" for s in stub.seen)
    assert result["created"] == 3 and result["read"] == 3
    assert connector.items == 3 and connector.problem == "" and connector.last_success_at
    assert connector.state == "idle" and connector.last_full_at is not None


def test_syncing_the_same_answers_twice_changes_nothing(db, stub, team):
    _dc(stub, (0, "jira/dc_search_page1.json"), (2, "jira/dc_search_page2.json"))
    connector = make_connector(team, url=stub.url, secret=TOKEN)
    _sync(connector)
    before = _items(team)

    again = _sync(connector, full=True)

    assert _items(team) == before
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert SyncedKey.objects.filter(connector=connector).count() == 3


def test_the_next_sync_reads_only_what_changed_since_and_finishes_open_items(db, stub, team):
    _dc(stub, (0, "jira/dc_search_page1.json"), (2, "jira/dc_search_page2.json"))
    connector = make_connector(team, url=stub.url, secret=TOKEN)
    _sync(connector)
    mark = connector.synced_through
    stub.routes.insert(
        0,
        type(stub.routes[0])(
            "GET",
            "/rest/api/2/search",
            body=fixture("jira/dc_search_updated.json"),
            match=lambda seen: "updated >=" in seen.query.get("jql", ""),
        ),
    )

    result = _sync(connector)

    jql = stub.requests("/rest/api/2/search")[-1].query["jql"]
    day = (mark - timedelta(days=1)).date().isoformat()
    assert jql == f'(project = CHK) AND updated >= "{day}" ORDER BY key ASC'
    assert _items(team)["CHK-3"][2] == date(2026, 11, 25)
    assert (result["read"], result["updated"]) == (1, 1)
    assert connector.synced_through > mark


def test_a_full_read_removes_the_issues_deleted_in_jira_and_only_those(db, stub, team, world):
    _dc(stub, (0, "jira/dc_search_page1.json"), (2, "jira/dc_search_page2.json"))
    connector = make_connector(team, url=stub.url, secret=TOKEN)
    _sync(connector)
    items_merge(actor=world.owner, team=team, items=[{"key": "CHK-99", "done": date(2026, 9, 1)}])
    stub.routes.clear()
    _dc(stub, (0, "jira/dc_search_after_delete.json"))

    result = _sync(connector, full=True)

    assert set(_items(team)) == {"CHK-1", "CHK-3", "CHK-99"}  # the upload's item stays
    assert result["removed"] == 1
    assert set(SyncedKey.objects.filter(connector=connector).values_list("key", flat=True)) == {
        "CHK-1",
        "CHK-3",
    }
    assert connector.items == 2


def test_a_query_that_suddenly_finds_nothing_removes_nothing(db, stub, team):
    _dc(stub, (0, "jira/dc_search_page1.json"), (2, "jira/dc_search_page2.json"))
    connector = make_connector(team, url=stub.url, secret=TOKEN)
    _sync(connector)
    stub.routes.clear()
    _dc(stub, (0, "jira/dc_search_empty.json"))

    _sync(connector, full=True)

    assert len(_items(team)) == 3
    assert connector.problem == "nothing_found"
    assert "nothing removed" in connector.problem_detail


def test_a_429_is_retried_after_the_wait_jira_asks_for(db, stub, team, settings):
    settings.CONNECTOR_MAX_WAIT_SECONDS = 5
    stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/serverinfo_dc.json"))
    stub.add("GET", "/rest/api/2/search", {}, status=429, headers={"Retry-After": "1"}, times=1)
    stub.add("GET", "/rest/api/2/search", fixture("jira/dc_search_after_delete.json"))
    connector = make_connector(team, url=stub.url, secret=TOKEN)

    started = timezone.now()
    _sync(connector)

    assert len(stub.requests("/rest/api/2/search")) == 2
    assert timezone.now() - started >= timedelta(seconds=1)
    assert connector.problem == "" and len(_items(team)) == 2


def test_a_wait_longer_than_the_cap_ends_the_sync_with_when_to_retry(db, stub, team):
    stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/serverinfo_dc.json"))
    stub.add("GET", "/rest/api/2/search", {}, status=429, headers={"Retry-After": "3600"})
    connector = make_connector(team, url=stub.url, secret=TOKEN)

    _sync(connector)

    assert connector.problem == "rate_limited" and connector.state == "idle"
    assert timedelta(minutes=59) < connector.retry_after - timezone.now() <= timedelta(hours=1)
    assert len(stub.requests("/rest/api/2/search")) == 1
    assert connector.last_success_at is None and connector.synced_through is None
    assert services.connectors_due() == []  # not even when its interval says so


def test_expired_credentials_are_named_and_the_token_never_logged(db, stub, team, caplog):
    stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/error_401.json"), status=401)
    connector = make_connector(team, url=stub.url, secret=TOKEN)

    with caplog.at_level(logging.DEBUG):
        _sync(connector)
        checked = services.connection_test(connector=connector)

    assert connector.problem == "expired" and not checked.ok and checked.problem == "expired"
    assert "refused the credentials (401)" in connector.problem_detail
    assert "You are not authenticated" in connector.problem_detail
    assert TOKEN not in caplog.text and TOKEN not in connector.problem_detail
    assert (
        TOKEN not in Connector.objects.filter(pk=connector.pk).values_list("secret", flat=True)[0]
    )


def test_a_refused_query_says_what_jira_said(db, stub, team):
    stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/serverinfo_dc.json"))
    stub.add("GET", "/rest/api/2/search", fixture("jira/error_jql.json"), status=400)
    connector = make_connector(team, url=stub.url, scope="project = NOPE", secret=TOKEN)

    _sync(connector)

    assert connector.problem == "bad_query"
    assert "The value 'NOPE' does not exist" in connector.problem_detail


def test_no_network_is_unreachable_and_changes_nothing(db, team):
    connector = make_connector(team, url=closed_port(), secret=TOKEN)

    _sync(connector)

    assert connector.problem == "unreachable" and connector.state == "idle"
    assert WorkItem.objects.filter(team=team).count() == 0


def test_cloud_pages_by_next_page_token_with_email_and_api_token(db, stub, team):
    stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/serverinfo_cloud.json"))
    stub.add(
        "GET",
        "/rest/api/3/search/jql",
        fixture("jira/cloud_search_page2.json"),
        query={"nextPageToken": "CAEaAggD"},
    )
    stub.add(
        "GET",
        "/rest/api/3/search/jql",
        fixture("jira/cloud_search_page1.json"),
        match=lambda seen: "nextPageToken" not in seen.query,
    )
    connector = make_connector(
        team, url=stub.url, username="jonas.keller@nordwind.example", secret=TOKEN
    )

    _sync(connector)

    assert set(_items(team)) == {"CHK-1", "CHK-2", "CHK-3"}
    pair = base64.b64encode(f"jonas.keller@nordwind.example:{TOKEN}".encode()).decode()
    assert {s.headers["authorization"] for s in stub.seen} == {f"Basic {pair}"}
    assert len(stub.requests("/rest/api/3/search/jql")) == 2


def test_without_resolutions_the_done_category_date_counts(db, stub, team):
    _dc(stub, (0, "jira/dc_search_no_resolution.json"))
    by_resolution = make_connector(team, url=stub.url, secret=TOKEN)
    _sync(by_resolution)
    assert _items(team)["CHK-4"][2] is None  # no resolution: open

    by_status = make_connector(team, url=stub.url, secret=TOKEN, jira_done="status")
    _sync(by_status)
    assert _items(team)["CHK-4"][2] == date(2026, 11, 20)


@pytest.mark.parametrize("cloud", [False, True])
def test_the_connection_test_names_the_account_and_counts_the_query(db, stub, team, cloud):
    info = "jira/serverinfo_cloud.json" if cloud else "jira/serverinfo_dc.json"
    stub.add("GET", "/rest/api/2/serverInfo", fixture(info))
    api = "/rest/api/3" if cloud else "/rest/api/2"
    stub.add("GET", f"{api}/myself", fixture("jira/myself.json"))
    stub.add("POST", f"{api}/search/approximate-count", fixture("jira/cloud_count.json"))
    stub.add(
        "GET", f"{api}/search", fixture("jira/dc_search_count.json"), query={"maxResults": "0"}
    )
    connector = make_connector(team, url=stub.url, secret=TOKEN)

    checked = services.connection_test(connector=connector)

    assert (checked.ok, checked.account, checked.items) == (True, "Jonas Keller", 3)
    assert WorkItem.objects.filter(team=team).count() == 0

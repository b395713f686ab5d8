"""Two syncs of one connector started at the same moment: one runs, the other steps aside,
and the items are merged once (PostgreSQL, threads with their own connections)."""

from __future__ import annotations

import pytest

from leitstern.connectors import services
from leitstern.connectors.models import Connector, SyncedKey
from leitstern.connectors.tests.factory import make_connector
from leitstern.connectors.tests.stub import Stub, fixture
from leitstern.forecasts.models import WorkItem
from leitstern.testing import make_world, run_together

pytestmark = pytest.mark.concurrency


def test_two_syncs_at_once_run_one(racing_db):
    from leitstern.forecasts.tests.factory import make_team

    world = make_world()
    team = make_team(world, "Checkout squad")
    with Stub() as stub:
        stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/serverinfo_dc.json"))
        stub.add(
            "GET",
            "/rest/api/2/search",
            fixture("jira/dc_search_page1.json"),
            query={"startAt": "0"},
        )
        stub.add(
            "GET",
            "/rest/api/2/search",
            fixture("jira/dc_search_page2.json"),
            query={"startAt": "2"},
        )
        connector = make_connector(team, url=stub.url)

        results = run_together(
            lambda: services.sync_run(connector_id=connector.pk),
            lambda: services.sync_run(connector_id=connector.pk),
        )

    ran = [r for r in results if r is not None]
    assert len(ran) == 1 and ran[0]["created"] == 3, results
    assert WorkItem.objects.filter(team=team).count() == 3
    assert SyncedKey.objects.filter(connector=connector).count() == 3
    assert Connector.objects.get(pk=connector.pk).state == "idle"


def test_two_sync_requests_at_once_queue_one(racing_db):
    from leitstern.forecasts.tests.factory import make_team

    world = make_world()
    connector = make_connector(make_team(world, "Checkout squad"))

    results = run_together(
        lambda: services.sync_request(actor=None, connector=connector),
        lambda: services.sync_request(actor=None, connector=connector),
    )

    # The one queued ran at once (tasks run immediately in tests) and found no tracker.
    assert sorted(results) == [False, True], results
    assert Connector.objects.get(pk=connector.pk).problem == "unreachable"

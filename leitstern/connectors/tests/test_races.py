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
    """While one sync waits in the queue, a second request at the same moment is refused.
    The queue holds the job (the immediate backend would run it at once and free the
    connector, and a late second request would then rightly queue another)."""
    from django.test import override_settings

    from leitstern.forecasts.tests.factory import make_team

    world = make_world()
    connector = make_connector(make_team(world, "Checkout squad"))

    queue = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=queue):
        results = run_together(
            lambda: services.sync_request(actor=None, connector=connector),
            lambda: services.sync_request(actor=None, connector=connector),
        )

    assert sorted(results) == [False, True], results
    assert Connector.objects.get(pk=connector.pk).state == "queued"

    # The queued job runs, finds no tracker and frees the connector.
    services.sync_connector.call(connector_id=connector.pk, full=False, actor_id=None)
    stored = Connector.objects.get(pk=connector.pk)
    assert (stored.state, stored.problem) == ("idle", "unreachable")
